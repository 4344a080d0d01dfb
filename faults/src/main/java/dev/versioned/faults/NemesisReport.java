package dev.versioned.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Queue;
import java.util.TreeMap;

/**
 * What a nemesis run measured, per fault, and its report ({@code report.md}): how long until every product was
 * decided again (from the {@link PartitionWatch}'s stops), the longest a caller waited for a definite answer (from
 * the writers' {@link Timeline}), the resends through the other gateway, and the checker's verdict.
 */
final class NemesisReport {

    /** After a kill -9 or an isolation of a processor, every product is decided again within this. */
    static final Duration DECIDED_TARGET = Duration.ofSeconds(10);
    /** ... and no caller waits longer than this for a definite answer. */
    static final Duration WAIT_TARGET = Duration.ofSeconds(15);

    private NemesisReport() {}

    /**
     * One fault and what it did, in seconds. The fault's window runs from its start to the next fault's start (or
     * the end of the load).
     *
     * @param decidedAfterFault from the fault's start until every partition had decided a request sent at or after
     *     it (empty: some partition decided none within the window)
     * @param decidedAfterHeal the same from the heal
     * @param longestGap the longest time between two decisions of one partition, for the decisions in the window
     * @param longestCallerWait the longest a writer's key waited from its first send to its definite answer, over
     *     the keys answered in the window
     * @param unknown sends of the writers that ended with an unknown outcome in the window
     * @param crossSends resends of a key through another gateway than its previous send, in the window
     * @param crossReplays of those, the ones answered with the key's first outcome (a replay)
     * @param gatewayFailures the gateways' 5xx answers and requests without an answer in the window, by status
     */
    record Measured(
            ClusterNemesis.Injected fault,
            OptionalDouble decidedAfterFault,
            OptionalDouble decidedAfterHeal,
            double longestGap,
            double longestCallerWait,
            long unknown,
            long crossSends,
            long crossReplays,
            Map<String, Long> gatewayFailures) {

        double held() {
            return (fault.healed() - fault.at()) / 1e9;
        }

        double backAfterHeal() {
            return (fault.back() - fault.healed()) / 1e9;
        }

        /** For a fault of a processor: whether both targets were met; empty for other faults. */
        Optional<Boolean> targetsMet() {
            if (!fault.kind().ofProcessor()) {
                return Optional.empty();
            }
            return Optional.of(decidedAfterFault.isPresent()
                    && decidedAfterFault.getAsDouble() <= DECIDED_TARGET.toSeconds()
                    && decidedAfterHeal.isPresent()
                    && decidedAfterHeal.getAsDouble() <= DECIDED_TARGET.toSeconds()
                    && longestCallerWait < WAIT_TARGET.toSeconds());
        }
    }

    /** A whole run. */
    record Run(
            ClusterNemesis.Options options,
            Instant began,
            Instant ended,
            ClusterPlan plan,
            Ledger ledger,
            Optional<Checker.Report> checker,
            List<Measured> faults,
            long crossSends,
            long crossDecided,
            long crossReplays,
            List<String> failures,
            boolean passed) {}

    /** Each fault's figures, from the watch's calls, the writers' sends and the gateways' failures. */
    static List<Measured> measure(
            List<ClusterNemesis.Injected> faults,
            long loadEnd,
            List<PartitionWatch.Call> calls,
            int partitions,
            Timeline.Entry[] sends,
            Queue<GatewaySwitch.CrossSend> crossSends,
            Queue<GatewaySwitch.Failure> failures) {
        List<Measured> measured = new ArrayList<>();
        for (int i = 0; i < faults.size(); i++) {
            ClusterNemesis.Injected fault = faults.get(i);
            long from = fault.at();
            long to = i + 1 < faults.size() ? faults.get(i + 1).at() : loadEnd;
            long longestWait = 0;
            long unknown = 0;
            for (Timeline.Entry send : sends) {
                if (send.end() < from || send.end() >= to) {
                    continue;
                }
                if (send.kind() == Timeline.Kind.DECIDED) {
                    longestWait = Math.max(longestWait, send.keyWaitNanos());
                } else if (send.kind() == Timeline.Kind.UNKNOWN) {
                    unknown++;
                }
            }
            Map<String, Long> byStatus = new TreeMap<>();
            for (GatewaySwitch.Failure failure : failures) {
                if (failure.nanos() >= from && failure.nanos() < to) {
                    byStatus.merge(
                            "gateway-" + (failure.gateway() + 1) + " "
                                    + (failure.status() == 0 ? "no answer" : String.valueOf(failure.status())),
                            1L,
                            Long::sum);
                }
            }
            measured.add(new Measured(
                    fault,
                    everyPartitionDecided(calls, partitions, from, to),
                    everyPartitionDecided(calls, partitions, fault.healed(), to),
                    longestGap(calls, from, to),
                    longestWait / 1e9,
                    unknown,
                    GatewaySwitch.count(crossSends, from, to, s -> true),
                    GatewaySwitch.count(crossSends, from, to, GatewaySwitch.CrossSend::replayed),
                    byStatus));
        }
        return measured;
    }

    /**
     * Seconds from {@code since} until every partition had decided a request sent at or after it, counting only
     * decisions before {@code until}; empty if some partition had none.
     */
    static OptionalDouble everyPartitionDecided(
            List<PartitionWatch.Call> calls, int partitions, long since, long until) {
        long[] first = new long[partitions];
        java.util.Arrays.fill(first, Long.MAX_VALUE);
        for (PartitionWatch.Call call : calls) {
            if (call.sent() >= since && call.decided() < until) {
                first[call.partition()] = Math.min(first[call.partition()], call.decided());
            }
        }
        long last = since;
        for (long decided : first) {
            if (decided == Long.MAX_VALUE) {
                return OptionalDouble.empty();
            }
            last = Math.max(last, decided);
        }
        return OptionalDouble.of((last - since) / 1e9);
    }

    /**
     * The longest time between two consecutive decisions of one partition, over the decisions in {@code (from,
     * until)}; the first such decision of a partition counts from its previous one, or from {@code from}.
     */
    static double longestGap(List<PartitionWatch.Call> calls, long from, long until) {
        Map<Integer, Long> previous = new TreeMap<>();
        long longest = 0;
        List<PartitionWatch.Call> byDecision = new ArrayList<>(calls);
        byDecision.sort(java.util.Comparator.comparingLong(PartitionWatch.Call::decided));
        for (PartitionWatch.Call call : byDecision) {
            if (call.decided() > from && call.decided() < until) {
                long before = previous.getOrDefault(call.partition(), from);
                longest = Math.max(longest, call.decided() - before);
            }
            previous.put(call.partition(), call.decided());
        }
        return longest / 1e9;
    }

    /** Writes {@code report.md} under {@code out}. */
    static void write(Path out, Run run) throws IOException {
        Files.createDirectories(out);
        Files.writeString(out.resolve("report.md"), markdown(run));
    }

    static String markdown(Run run) {
        StringBuilder md = new StringBuilder();
        md.append("# Network faults on the cluster\n\n");
        md.append("`").append(run.options().command()).append("` on `./faults/cluster up`: ");
        md.append(run.plan().of(ClusterPlan.Role.BROKER).size())
                .append(" KRaft brokers (each broker and controller, replication 3, min.insync.replicas 2), ")
                .append(run.plan().of(ClusterPlan.Role.PROCESSOR).size())
                .append(" processors, ")
                .append(run.plan().of(ClusterPlan.Role.GATEWAY).size())
                .append(" gateways, each in its own network namespace, with compose's settings. ");
        md.append("Machine: ").append(machine()).append(". ");
        md.append("Began ")
                .append(run.began().truncatedTo(ChronoUnit.SECONDS))
                .append(", load for ")
                .append(number(Duration.between(run.began(), run.ended()).toSeconds() / 60.0))
                .append(" minutes with the check.\n\n");
        md.append(
                        "Writers: 2 per gateway over HTTP (`InventoryClient`, each with a home gateway and the other one for ")
                .append(GatewaySwitch.AVOID.toSeconds())
                .append(" s after its home failed a request), 1 straight to Kafka (`KafkaInventory`), ")
                .append("read-modify-write through the clients' own retry loops; and one caller per partition ")
                .append(
                        "creating a product after another (the watch), which times when every product is decided again.\n\n");
        md.append("## Verdict\n\n");
        md.append(run.passed() ? "**PASSED**" : "**FAILED**").append(": ");
        if (run.checker().isPresent()) {
            Checker.Report c = run.checker().get();
            md.append(String.format(
                    Locale.ROOT,
                    "%,d requests, %,d results, %,d applied, %,d replays, %,d records; %d violations",
                    c.requests(),
                    c.results(),
                    c.applied(),
                    c.replays(),
                    c.records(),
                    c.violations().size()));
            md.append(
                    c.violations().isEmpty()
                            ? " (nothing lost, nothing applied twice, versions 1..N per record, every answer a writer got"
                                    + " the decision on record)"
                            : "");
        } else {
            md.append("not checked");
        }
        md.append(".\n\n");
        md.append("Writers: ").append(run.ledger()).append(".\n\n");
        md.append(String.format(
                Locale.ROOT,
                "Resends of a key through the other gateway: %d, %d of them answered, %d of those with the key's"
                        + " first outcome (a replay; the others were the key's first decision, its earlier send not"
                        + " decided yet).%n%n",
                run.crossSends(),
                run.crossDecided(),
                run.crossReplays()));
        for (String failure : run.failures()) {
            md.append("- ").append(failure).append('\n');
        }
        run.checker()
                .ifPresent(c -> c.violations().stream()
                        .limit(30)
                        .forEach(v -> md.append("- ").append(v).append('\n')));
        md.append("## Per fault\n\n");
        md.append(faultTable(run));
        md.append('\n');
        md.append("## Targets\n\n");
        md.append("After a `kill -9` or an isolation (or pause) of a processor: every product decided again within ")
                .append(DECIDED_TARGET.toSeconds())
                .append(" s, and no caller waiting ")
                .append(WAIT_TARGET.toSeconds())
                .append(" s or more for a definite answer.\n\n");
        List<Measured> ofProcessors =
                run.faults().stream().filter(m -> m.targetsMet().isPresent()).toList();
        if (ofProcessors.isEmpty()) {
            md.append("No fault of a processor ran.\n");
        }
        for (Measured m : ofProcessors) {
            md.append(String.format(
                    Locale.ROOT,
                    "- %s: every product decided again %s s after the fault, %s s after the heal; longest wait %s s:"
                            + " %s%n",
                    m.fault().label(),
                    seconds(m.decidedAfterFault()),
                    seconds(m.decidedAfterHeal()),
                    number(m.longestCallerWait()),
                    m.targetsMet().orElseThrow() ? "met" : "MISSED"));
        }
        md.append("\n## How it is measured\n\n");
        md.append("Times are seconds from the fault's start. *Held*: until it was healed (the link up, the routes ")
                .append("removed, the process continued or started again), which happens once the fault has had ")
                .append("its effect (the group or the controller dropped the host, the writers answered through ")
                .append("the other gateway; a bridge partition lasts ")
                .append(ClusterNemesis.BRIDGE_HOLD.toSeconds())
                .append(" s). *Back*: from the heal until the host was back (a group member holding partitions, ")
                .append("every replica in sync, healthy). *Every product decided again*: the watch keeps one ")
                .append("request in flight per partition, each sent when the one before was decided; this is the ")
                .append("time from the fault (or from the heal) until every partition had decided a request sent ")
                .append("at or after it, which includes a decision's ordinary latency on the machine. *Longest ")
                .append("gap*: the longest time between two decisions of one partition in the window (the next ")
                .append("fault's start ends it). *Longest wait*: over the writers' keys answered ")
                .append("between this fault and the next, from a key's first send to its definite answer across ")
                .append("the client's resends. *Unknown*: sends answered 504, or not at all, then resent with the ")
                .append("same key. *Other gateway*: resends of a key through the other gateway (replays among ")
                .append("them). *Load*: the machine's load average over the minute before the fault (2 cores; ")
                .append("anything above 2 means processes waited for a core). The checker's verdict covers the ")
                .append("whole run.\n");
        return md.toString();
    }

    /** The table of faults, in Markdown. */
    static String faultTable(Run run) {
        StringBuilder t = new StringBuilder();
        t.append("| # | at (s) | load | fault | held (s) | back (s) | every product decided again after the fault (s) |"
                + " after the heal (s) | longest gap (s) | longest wait (s) | unknown |"
                + " other gateway (replays) | gateways' 5xx / no answer | note |\n");
        t.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        int n = 0;
        for (Measured m : run.faults()) {
            t.append(String.format(
                    Locale.ROOT,
                    "| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d | %d (%d) | %s | %s |%n",
                    ++n,
                    number(m.fault().at() / 1e9),
                    number(m.fault().load()),
                    cell(m.fault().label()),
                    number(m.held()),
                    number(m.backAfterHeal()),
                    seconds(m.decidedAfterFault()),
                    seconds(m.decidedAfterHeal()),
                    number(m.longestGap()),
                    number(m.longestCallerWait()),
                    m.unknown(),
                    m.crossSends(),
                    m.crossReplays(),
                    m.gatewayFailures().isEmpty()
                            ? "-"
                            : String.join(
                                    ", ",
                                    m.gatewayFailures().entrySet().stream()
                                            .map(e -> e.getKey() + " x" + e.getValue())
                                            .toList()),
                    cell(m.fault().note())));
        }
        return t.toString();
    }

    /** Text in a table cell: a bar would end the cell. */
    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    private static String seconds(OptionalDouble value) {
        return value.isPresent() ? number(value.getAsDouble()) : "not within the window";
    }

    static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String machine() {
        long kib = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException unknown) {
            // the memory stays unsaid
        }
        return Runtime.getRuntime().availableProcessors() + " cores"
                + (kib > 0 ? ", " + Math.round(kib / 1024.0 / 1024.0) + " GiB" : "") + ", "
                + System.getProperty("os.name") + ", Java "
                + System.getProperty("java.version");
    }
}
