package dev.versioned.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * How long a killed processor's partitions go undecided ({@code ./faults/failover}): a broker and two
 * processors (each its own JVM, standby replicas 1, as {@link ProcessStack} runs them), no load but the probes.
 * Each round kills one processor with {@code kill -9} (the two in turn), at once sends one new request to every
 * partition ({@link PartitionProbe}) and reports, per partition, the time from the kill until its result is
 * committed, naming the partitions the killed processor held. Then the killed processor is started again on its
 * state directory and the next round waits until every partition answers again.
 *
 * <p>Arguments: {@code --rounds N} (default 5), and {@code --kafka key=value} any number of times: a Kafka
 * client setting every processor gets ({@code KAFKA_*} in its environment), to measure other settings than the
 * processor's defaults, e.g. {@code --kafka session.timeout.ms=45000 --kafka heartbeat.interval.ms=3000}.
 */
public final class FailoverTimes {

    private static final Duration TAKEOVER_LIMIT = Duration.ofMinutes(3);

    private FailoverTimes() {}

    /** One kill: per partition the time to its first decision after the kill, and the killed one's partitions. */
    record Round(int round, String killed, Set<Integer> killedPartitions, Map<Integer, Duration> decided) {

        long slowestMillis() {
            return decided.values().stream()
                    .mapToLong(PartitionProbe::millis)
                    .max()
                    .orElse(-1);
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = 5;
        Map<String, String> environment = new HashMap<>();
        List<String> settings = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--kafka" -> {
                    String[] kv = args[++i].split("=", 2);
                    environment.put(
                            "KAFKA_"
                                    + kv[0].toUpperCase(Locale.ROOT)
                                            .replace("-", "__")
                                            .replace('.', '_'),
                            kv[1]);
                    settings.add(args[i]);
                }
                default -> {
                    System.err.println("usage: FailoverTimes [--rounds N] [--kafka key=value]...");
                    System.exit(2);
                }
            }
        }
        System.out.println("failover: " + rounds + " rounds of kill -9, processors' settings: "
                + (settings.isEmpty() ? "the defaults" : String.join(" ", settings)));
        List<Round> results = run(rounds, environment);
        System.out.println();
        System.out.println(
                "| round | killed | its partitions | kill -9 to decided again, per partition (ms) | slowest |");
        System.out.println("| --- | --- | --- | --- | --- |");
        for (Round r : results) {
            System.out.printf(
                    "| %d | %s | %s | %s | %.1f s |%n",
                    r.round(),
                    r.killed(),
                    r.killedPartitions(),
                    r.decided().entrySet().stream()
                            .map(e -> e.getKey() + ": " + PartitionProbe.millis(e.getValue()))
                            .collect(Collectors.joining(", ")),
                    r.slowestMillis() / 1000.0);
        }
        System.out.printf(
                "FAILOVER slowest partition after kill -9: %s s%n",
                results.stream()
                        .map(r -> String.format(Locale.ROOT, "%.1f", r.slowestMillis() / 1000.0))
                        .collect(Collectors.joining(", ")));
    }

    static List<Round> run(int rounds, Map<String, String> processorEnvironment) throws Exception {
        Path dir = Files.createTempDirectory("failover-");
        ProcessStack stack = new ProcessStack(
                dir, new ProcessStack.Layout(2, 0, 6, Optional.empty(), Duration.ofSeconds(10)), processorEnvironment);
        return stack.runThenCleanUp(dir, "failover", on -> rounds(on, rounds));
    }

    private static List<Round> rounds(ProcessStack stack, int rounds) throws Exception {
        List<Round> results = new ArrayList<>();
        try {
            stack.start();
            try (PartitionProbe probe = new PartitionProbe(stack.bootstrap(), stack.layout.partitions(), "failover")) {
                for (int round = 1; round <= rounds; round++) {
                    int victim = (round - 1) % stack.processors.size();
                    awaitSettled(stack, probe);
                    String name = stack.processors.get(victim).name();
                    Set<Integer> owned = partitionsOf(stack, name);
                    stack.killProcessor(victim);
                    Map<Integer, Duration> decided = probe.round(TAKEOVER_LIMIT);
                    Round r = new Round(round, name, owned, decided);
                    results.add(r);
                    System.out.printf(
                            "round %d: killed %s (partitions %s): every partition decided again %.1f s after the kill%s%n",
                            round,
                            name,
                            owned,
                            r.slowestMillis() / 1000.0,
                            decided.size() == stack.layout.partitions()
                                    ? ""
                                    : " (NOT decided within " + TAKEOVER_LIMIT.toSeconds() + " s: some partitions)");
                    stack.restartProcessor(victim);
                }
            }
            return results;
        } catch (Exception failure) {
            System.err.println("failover: " + failure + stack.diagnostics());
            throw failure;
        }
    }

    /** Both processors ready and every partition answering, with each processor holding active partitions. */
    static void awaitSettled(ProcessStack stack, PartitionProbe probe) throws Exception {
        for (int i = 0; i < stack.processors.size(); i++) {
            stack.awaitProcessorReady(i, Duration.ofMinutes(3));
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (true) {
            probe.awaitAllDecided(Duration.ofMinutes(2));
            boolean shared = true;
            for (var processor : stack.processors) {
                shared &= !partitionsOf(stack, processor.name()).isEmpty();
            }
            if (shared) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the processors did not share the partitions within 3 minutes");
            }
            Thread.sleep(500); // polls the group's assignment, bounded by the deadline
        }
    }

    /** The requests topic's partitions the group has assigned to the member whose client id starts with name. */
    static Set<Integer> partitionsOf(ProcessStack stack, String name) throws Exception {
        try (Admin admin = stack.admin()) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(ProcessStack.APPLICATION_ID))
                    .all()
                    .get(10, TimeUnit.SECONDS)
                    .get(ProcessStack.APPLICATION_ID);
            Set<Integer> owned = new TreeSet<>();
            for (MemberDescription member : group.members()) {
                if (member.clientId().startsWith(name + "-")) {
                    for (TopicPartition tp : member.assignment().topicPartitions()) {
                        if (tp.topic().equals(dev.versioned.schemas.TopicNames.DEFAULTS.requests())) {
                            owned.add(tp.partition());
                        }
                    }
                }
            }
            return owned;
        }
    }
}
