package dev.versioned.faults;

import static org.awaitility.Awaitility.await;

import dev.versioned.schemas.TopicNames;
import dev.versioned.stack.StackTopics;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code ./faults/cluster nemesis [--seed N]}: faults on a running cluster ({@link Cluster}) under load from
 * the shipped clients, then the {@link Checker}. The seed (printed) orders the steps and picks the processor of
 * each:
 *
 * <ul>
 *   <li><b>isolate</b>: the processor's link to the bridge goes down, cutting it off from the brokers (and
 *       everything else) until the group has dropped it, its session over; then the link comes up again;
 *   <li><b>pause</b>: {@code SIGSTOP} until the group has dropped it, then {@code SIGCONT}: it wakes up
 *       believing it still holds its partitions, and must be fenced (its transaction aborted, its commit
 *       refused) rather than have any late write seen.
 * </ul>
 *
 * Each step waits for the group to drop the member (not a fixed time), then heals, then waits for it to be a
 * member holding partitions again and ready. At the end the writers stop, the processors catch up, and the
 * checker reads the topics (committed records only): nothing lost, nothing applied twice, per record versions
 * 1..N, every answer a writer got the decision on record. Exit status 0 when all of that holds. It needs a
 * fresh cluster (an empty requests topic), since the checker holds every record's whole history to this run's
 * writers.
 */
final class ClusterNemesis {

    enum Step {
        ISOLATE,
        PAUSE
    }

    private static final String APPLICATION_ID = "inventory-processor";
    private static final Duration STEP_LIMIT = Duration.ofMinutes(3);
    private static final long PROGRESS = 60;
    /** The requests topic's partitions, as compose creates it. */
    private static final int PARTITIONS = StackTopics.PARTITIONS;
    /** What Kafka Streams logs when a thread's producer or commit is refused as a zombie's. */
    private static final String FENCED = "Detected that the thread is being fenced";

    private final Cluster cluster;
    private final long seed;

    ClusterNemesis(Cluster cluster, long seed) {
        this.cluster = cluster;
        this.seed = seed;
    }

    /** The steps of a seed: each kind once per round, in a shuffled order, on a drawn processor. */
    static List<String> plan(long seed, int rounds, List<String> processors) {
        Random random = new Random(seed);
        List<String> steps = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            List<Step> kinds = new ArrayList<>(List.of(Step.values()));
            Collections.shuffle(kinds, random);
            for (Step kind : kinds) {
                steps.add(kind.name().toLowerCase(java.util.Locale.ROOT) + " "
                        + processors.get(random.nextInt(processors.size())));
            }
        }
        return steps;
    }

    boolean run() throws Exception {
        List<ClusterPlan.Host> processors = cluster.plan().of(ClusterPlan.Role.PROCESSOR);
        List<String> steps =
                plan(seed, 1, processors.stream().map(ClusterPlan.Host::name).toList());
        System.out.println("nemesis: seed " + seed + " (repeat with: ./faults/cluster nemesis --seed " + seed + "): "
                + String.join(", ", steps));
        for (ClusterPlan.Host host : cluster.plan().hosts()) {
            if (cluster.ours(host).isEmpty()) {
                System.err.println("nemesis: " + host.name() + " is not running: ./faults/cluster up first");
                return false;
            }
        }
        long written = requestsWritten();
        if (written > 0) {
            // The checker holds every record's whole history to the writers' ledger: an earlier run's requests
            // (and its writers' keys, which this run's would reuse) would read as violations.
            System.err.println("nemesis: the requests topic already holds " + written
                    + " requests; run it on a fresh cluster: ./faults/cluster down && ./faults/cluster up");
            return false;
        }
        Ledger ledger = new Ledger();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newCachedThreadPool();
        List<KafkaWriter> kafkaWriters = new ArrayList<>();
        try {
            int n = 0;
            for (ClusterPlan.Host gateway : cluster.plan().of(ClusterPlan.Role.GATEWAY)) {
                for (int i = 0; i < 2; i++, n++) {
                    pool.submit(
                            new HttpWriter("http-" + n, cluster.gatewayUrl(gateway), ledger, running, seed * 31 + n));
                }
            }
            KafkaWriter direct = new KafkaWriter(
                    "kafka-0", cluster.plan().bootstrap(), "nemesis-direct", ledger, running, seed * 31 + 100);
            kafkaWriters.add(direct);
            pool.submit(direct);
            awaitProgress(ledger, "load before the faults");
            for (String step : steps) {
                String[] parts = step.split(" ");
                ClusterPlan.Host processor = cluster.byName().get(parts[1]);
                long before = System.nanoTime();
                long fencedBefore = cluster.logCount(processor, FENCED);
                if (parts[0].equals("isolate")) {
                    isolate(processor);
                } else {
                    pause(processor);
                }
                System.out.printf(
                        "nemesis: %s done in %.1f s, %s; %s%n",
                        step,
                        (System.nanoTime() - before) / 1e9,
                        cluster.logCount(processor, FENCED) > fencedBefore
                                ? "the processor was fenced when it came back (its log says so)"
                                : "no fencing in the processor's log",
                        ledger);
                awaitProgress(ledger, "load after " + step);
            }
        } finally {
            running.set(false);
            pool.shutdown();
            if (!pool.awaitTermination(3, TimeUnit.MINUTES)) {
                System.err.println("nemesis: writers did not finish in 3 minutes");
            }
            kafkaWriters.forEach(KafkaWriter::close);
        }
        ProcessorLag.awaitCaughtUp(cluster::admin, APPLICATION_ID, PARTITIONS, Duration.ofMinutes(3));
        Checker.Report report = Checker.check(cluster.plan().bootstrap(), ledger);
        System.out.println("nemesis writers: " + ledger);
        System.out.println("nemesis checker: " + report);
        boolean passed = report.violations().isEmpty() && ledger.unexpected.isEmpty() && ledger.unresolved.isEmpty();
        System.out.println(
                passed
                        ? "nemesis passed: nothing lost, nothing applied twice, versions 1..N (seed " + seed + ")"
                        : "nemesis FAILED (seed " + seed + "): " + report.violations() + " unexpected "
                                + ledger.unexpected + " unresolved " + ledger.unresolved);
        return passed;
    }

    /** The processor's link goes down until the group drops it, then up until it is back with partitions. */
    private void isolate(ClusterPlan.Host processor) throws Exception {
        requireIp("link", "set", processor.hostLink(), "down");
        try {
            awaitMember(processor, false);
        } finally {
            requireIp("link", "set", processor.hostLink(), "up");
        }
        awaitBack(processor);
    }

    /** SIGSTOP until the group drops it, SIGCONT, and back with partitions: fenced, as the checker shows. */
    private void pause(ClusterPlan.Host processor) throws Exception {
        long pid = cluster.ours(processor)
                .orElseThrow(() -> new IllegalStateException(processor.name() + " is not running"))
                .pid();
        signal("-STOP", pid);
        try {
            awaitMember(processor, false);
        } finally {
            signal("-CONT", pid);
        }
        awaitBack(processor);
    }

    private void awaitBack(ClusterPlan.Host processor) {
        awaitMember(processor, true);
        await(processor.name() + " ready again")
                .atMost(STEP_LIMIT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> cluster.ours(processor).isPresent() && holdsPartitions(processor));
    }

    /** Waits until the group has (or, with {@code present} false, no longer has) a member on that host. */
    private void awaitMember(ClusterPlan.Host processor, boolean present) {
        await(processor.name() + (present ? " a member again" : " dropped by the group"))
                .atMost(STEP_LIMIT)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> memberOn(processor) == present);
    }

    private boolean memberOn(ClusterPlan.Host processor) {
        return members(processor).size() > 0;
    }

    private boolean holdsPartitions(ClusterPlan.Host processor) {
        return members(processor).stream()
                .anyMatch(m -> !m.assignment().topicPartitions().isEmpty());
    }

    private List<MemberDescription> members(ClusterPlan.Host processor) {
        try (Admin admin = cluster.admin()) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(APPLICATION_ID))
                    .all()
                    .get(10, TimeUnit.SECONDS)
                    .get(APPLICATION_ID);
            return group.members().stream()
                    .filter(m -> m.host().equals("/" + processor.address()))
                    .toList();
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe the group: " + e, e);
        }
    }

    /** Requests on the requests topic so far, summed over its partitions. */
    private long requestsWritten() throws Exception {
        try (Admin admin = cluster.admin()) {
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                ends.put(new TopicPartition(TopicNames.DEFAULTS.requests(), p), OffsetSpec.latest());
            }
            return admin.listOffsets(ends).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset)
                    .sum();
        }
    }

    private void awaitProgress(Ledger ledger, String phase) {
        long target = ledger.decided() + PROGRESS;
        await(phase).atMost(STEP_LIMIT).pollInterval(Duration.ofMillis(200)).until(() -> ledger.decided() >= target);
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, String.valueOf(pid))
                .inheritIO()
                .start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill " + signal + " " + pid + " failed");
        }
    }

    private static void requireIp(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        Process ip = new ProcessBuilder(command).inheritIO().start();
        if (!ip.waitFor(30, TimeUnit.SECONDS) || ip.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }
}
