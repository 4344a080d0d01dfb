package dev.versioned.faults;

import static org.awaitility.Awaitility.await;

import dev.versioned.schemas.TopicNames;
import dev.versioned.stack.StackTopics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
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
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.awaitility.core.ConditionTimeoutException;

/**
 * {@code ./faults/cluster nemesis [--seed N] [--minutes M] [--faults kind,...] [--out DIR]}: faults on a running
 * cluster ({@link Cluster}) under load from the shipped clients, then the {@link Checker}. Writers go through both
 * gateways (each with its home gateway, and the other one after its home failed a request: {@link GatewaySwitch})
 * and straight to Kafka; a {@link PartitionWatch} keeps one request in flight per partition. The seed (printed)
 * orders the faults, in rounds of every kind once, and draws the host of each:
 *
 * <ul>
 *   <li><b>isolate-processor</b>: its link down until the group has dropped it, then up;
 *   <li><b>pause-processor</b>: {@code SIGSTOP} until the group has dropped it, then {@code SIGCONT} (it must be
 *       fenced);
 *   <li><b>kill-processor</b>: {@code kill -9}, started again once the group has dropped it;
 *   <li><b>isolate-broker</b>: a broker that is not the controller quorum's leader (a minority) cut off until the
 *       controller has fenced it and moved its leaderships, then back until every replica is in sync;
 *   <li><b>isolate-controller-leader</b>: the same for the quorum's leader, until another is elected;
 *   <li><b>bridge</b>: the hosts split in two halves (a broker, a processor and a gateway each) that cannot reach
 *       each other, while the third broker, the bridge, reaches both, for {@link #BRIDGE_HOLD};
 *   <li><b>kill-broker</b>: {@code kill -9} of a broker, started again on its data once it is fenced;
 *   <li><b>isolate-gateway</b>: a gateway cut off from the brokers (its callers still reach it, and get 503 or 504)
 *       until its writers have had answers through the other gateway, resending with the same keys;
 *   <li><b>kill-gateway</b>: {@code kill -9} of a gateway, the same, then started again.
 * </ul>
 *
 * Links go down with {@code ip link}; a cut between two hosts is a blackhole route to each other in both
 * namespaces. Each fault waits for what it should cause (a group or a quorum that has dropped the host, the
 * writers' answers through the other gateway), not a fixed time, then heals and waits until the host is back. At
 * the end the writers stop, the processors catch up, and the checker reads the topics: nothing lost, nothing
 * applied twice, versions 1..N per record, every answer a writer got the decision on record. The report ({@link
 * NemesisReport}) says per fault how long until every product was decided again and the longest a caller waited.
 * It needs a fresh cluster (an empty requests topic).
 */
final class ClusterNemesis {

    /** The kinds of fault, in the order of a round before it is shuffled. */
    enum Kind {
        ISOLATE_PROCESSOR,
        PAUSE_PROCESSOR,
        KILL_PROCESSOR,
        ISOLATE_BROKER,
        ISOLATE_CONTROLLER_LEADER,
        BRIDGE,
        KILL_BROKER,
        ISOLATE_GATEWAY,
        KILL_GATEWAY;

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Kind named(String label) {
            for (Kind kind : values()) {
                if (kind.label().equals(label)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("no fault named " + label + "; the faults: "
                    + String.join(
                            ", ",
                            java.util.Arrays.stream(values()).map(Kind::label).toList()));
        }

        /** After a kill -9 or an isolation of a processor: the targets the report checks. */
        boolean ofProcessor() {
            return this == ISOLATE_PROCESSOR || this == PAUSE_PROCESSOR || this == KILL_PROCESSOR;
        }
    }

    /**
     * One step: a kind and a number drawn from the seed that picks its host(s) when it runs (a minority broker is
     * one that is not the quorum's leader then).
     */
    record Step(Kind kind, int draw) {
        @Override
        public String toString() {
            return kind.label() + "#" + draw;
        }
    }

    /** What ran: the seed, how long faults go on (empty: one round), the kinds, where the report goes. */
    record Options(long seed, Optional<Duration> length, List<Kind> kinds, Path out) {
        String command() {
            return "./faults/cluster nemesis --seed " + seed
                    + length.map(d -> " --minutes " + NemesisReport.number(d.toSeconds() / 60.0))
                            .orElse("")
                    + (kinds.equals(List.of(Kind.values()))
                            ? ""
                            : " --faults "
                                    + String.join(
                                            ",", kinds.stream().map(Kind::label).toList()));
        }
    }

    /**
     * One fault as it ran, in nanoseconds on the run's clock.
     *
     * @param healed when it was healed (the link up, the process started again)
     * @param back when the host was back (a member with partitions, in sync, healthy)
     */
    record Injected(Kind kind, String label, long at, long healed, long back, String note, double load) {

        Injected(Kind kind, String label, long at, long healed, long back, String note) {
            this(kind, label, at, healed, back, note, -1);
        }

        /** The same, with the machine's load average (1 minute) when it began. */
        Injected withLoad(double load) {
            return new Injected(kind, label, at, healed, back, note, load);
        }
    }

    private static final String APPLICATION_ID = "inventory-processor";
    private static final Duration STEP_LIMIT = Duration.ofMinutes(3);
    private static final long PROGRESS = 60;
    /** How long the bridge partition lasts: past a processor's session (6 s) and a broker's (9 s). */
    static final Duration BRIDGE_HOLD = Duration.ofSeconds(30);
    /** The longest a gateway stays cut off or dead while its writers are expected to go through the other. */
    private static final Duration GATEWAY_HOLD = Duration.ofSeconds(40);
    /** Decided resends through the other gateway that end a gateway's fault: one per writer of its 2. */
    private static final int CROSS_ANSWERS = 2;
    /** The requests topic's partitions, as compose creates it. */
    private static final int PARTITIONS = StackTopics.PARTITIONS;
    /** What Kafka Streams logs when a thread's producer or commit is refused as a zombie's. */
    private static final String FENCED = "Detected that the thread is being fenced";

    private final Cluster cluster;
    private final Options options;
    private final Timeline clock = new Timeline();
    private final Queue<GatewaySwitch.CrossSend> crossSends = GatewaySwitch.crossSends();
    private final Queue<GatewaySwitch.Failure> gatewayFailures = GatewaySwitch.failures();
    /** What to undo if the run stops in the middle of a fault (link down, route added, process stopped). */
    private final Deque<Runnable> undo = new ArrayDeque<>();
    /** One caller per partition, for the whole run (set when the load starts). */
    private PartitionWatch watch;
    /** One admin client for the run's questions to the cluster (a new one per question costs a core's time). */
    private Admin admin;

    ClusterNemesis(Cluster cluster, Options options) {
        this.cluster = cluster;
        this.options = options;
    }

    /** The steps of a seed: each kind once per round, in a shuffled order, each with its draw. */
    static List<Step> plan(long seed, int rounds, List<Kind> kinds) {
        Random random = new Random(seed);
        List<Step> steps = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            List<Kind> round = new ArrayList<>(kinds);
            Collections.shuffle(round, random);
            for (Kind kind : round) {
                steps.add(new Step(kind, random.nextInt(12)));
            }
        }
        return steps;
    }

    boolean run() throws Exception {
        int rounds = options.length().isPresent() ? 100 : 1;
        List<Step> steps = plan(options.seed(), rounds, options.kinds());
        System.out.println("nemesis: seed " + options.seed() + " (repeat with: " + options.command() + "): "
                + (rounds == 1
                        ? steps.toString()
                        : steps.subList(0, options.kinds().size()) + " ..."));
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
        admin = cluster.admin();
        Thread healer = new Thread(this::undoAll, "nemesis-heal");
        Runtime.getRuntime().addShutdownHook(healer); // Ctrl-C in a fault: heal before the JVM goes
        Instant began = Instant.now();
        Ledger ledger = new Ledger();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newCachedThreadPool();
        List<KafkaWriter> kafkaWriters = new ArrayList<>();
        List<Injected> injected = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        watch = new PartitionWatch(cluster.plan().bootstrap(), PARTITIONS, ledger, clock::now);
        long loadEnd;
        try {
            Writer.Workload workload = new Writer.Workload(60, Writer.COLD, Optional.empty(), Optional.of(clock));
            List<ClusterPlan.Host> gateways = cluster.plan().of(ClusterPlan.Role.GATEWAY);
            List<URI> urls = gateways.stream()
                    .map(g -> URI.create(cluster.gatewayUrl(g)))
                    .toList();
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
            int n = 0;
            for (int g = 0; g < gateways.size(); g++) {
                GatewaySwitch gatewaySwitch = new GatewaySwitch(http, urls, g, clock::now, crossSends, gatewayFailures);
                for (int i = 0; i < 2; i++, n++) {
                    pool.submit(new HttpWriter(
                            "http-" + n, gatewaySwitch, ledger, running, options.seed() * 31 + n, workload));
                }
            }
            KafkaWriter direct = new KafkaWriter(
                    "kafka-0",
                    cluster.plan().bootstrap(),
                    "nemesis-direct",
                    ledger,
                    running,
                    options.seed() * 31 + 100,
                    workload);
            kafkaWriters.add(direct);
            pool.submit(direct);
            watch.start();
            awaitProgress(ledger, watch, "load before the faults");
            for (Step step : steps) {
                if (options.length().isPresent()
                        && clock.now() >= options.length().get().toNanos()) {
                    break;
                }
                double load = loadAverage();
                long at = clock.now();
                Injected fault;
                try {
                    fault = step(step).withLoad(load);
                } catch (Exception | AssertionError e) {
                    // its window still ends the previous fault's, and the report shows where the run stopped
                    injected.add(
                            new Injected(step.kind(), step.toString(), at, clock.now(), clock.now(), "stopped: " + e)
                                    .withLoad(load));
                    throw e;
                }
                injected.add(fault);
                System.out.printf(
                        "nemesis: %6.1f s %s: healed after %.1f s, back %.1f s later; %s; %s%n",
                        fault.at() / 1e9,
                        fault.label(),
                        (fault.healed() - fault.at()) / 1e9,
                        (fault.back() - fault.healed()) / 1e9,
                        fault.note(),
                        ledger);
                awaitProgress(ledger, watch, "load after " + fault.label());
            }
        } catch (Exception | AssertionError e) {
            failures.add("the run stopped: " + e);
            System.err.println("nemesis: the run stopped: " + e);
        } finally {
            undoAll();
            Runtime.getRuntime().removeShutdownHook(healer);
            loadEnd = clock.now();
            running.set(false);
            pool.shutdown();
            if (!pool.awaitTermination(3, TimeUnit.MINUTES)) {
                failures.add("writers did not finish in 3 minutes");
            }
            watch.close();
            kafkaWriters.forEach(KafkaWriter::close);
            admin.close();
        }
        Optional<Checker.Report> report = Optional.empty();
        try {
            ProcessorLag.awaitCaughtUp(cluster::admin, APPLICATION_ID, PARTITIONS, Duration.ofMinutes(3));
            report = Optional.of(Checker.check(cluster.plan().bootstrap(), ledger));
        } catch (Exception | AssertionError e) {
            failures.add("could not check: " + e);
        }
        System.out.println("nemesis writers: " + ledger);
        System.out.printf(
                "nemesis: resends through the other gateway: %d, %d answered, %d replays%n",
                GatewaySwitch.count(crossSends, 0, Long.MAX_VALUE, s -> true),
                GatewaySwitch.count(crossSends, 0, Long.MAX_VALUE, GatewaySwitch.CrossSend::decided),
                GatewaySwitch.count(crossSends, 0, Long.MAX_VALUE, GatewaySwitch.CrossSend::replayed));
        report.ifPresent(r -> System.out.println("nemesis checker: " + r));
        boolean passed = failures.isEmpty()
                && report.map(r -> r.violations().isEmpty()).orElse(false)
                && ledger.unexpected.isEmpty()
                && ledger.unresolved.isEmpty();
        NemesisReport.Run run = new NemesisReport.Run(
                options,
                began,
                Instant.now(),
                cluster.plan(),
                ledger,
                report,
                NemesisReport.measure(
                        injected, loadEnd, watch.calls(), PARTITIONS, clock.all(), crossSends, gatewayFailures),
                GatewaySwitch.count(crossSends, 0, Long.MAX_VALUE, s -> true),
                GatewaySwitch.count(crossSends, 0, Long.MAX_VALUE, GatewaySwitch.CrossSend::decided),
                GatewaySwitch.count(crossSends, 0, Long.MAX_VALUE, GatewaySwitch.CrossSend::replayed),
                failures,
                passed);
        NemesisReport.write(options.out(), run);
        System.out.print(NemesisReport.faultTable(run));
        System.out.println("nemesis: report in " + options.out().resolve("report.md"));
        System.out.println(
                passed
                        ? "nemesis passed: nothing lost, nothing applied twice, versions 1..N (seed " + options.seed()
                                + ")"
                        : "nemesis FAILED (seed " + options.seed() + "): " + failures + " "
                                + report.map(Checker.Report::violations).orElse(List.of()) + " unexpected "
                                + ledger.unexpected + " unresolved " + ledger.unresolved);
        return passed;
    }

    /** Runs one fault: inject, hold until it has had its effect, heal, wait until the host is back. */
    private Injected step(Step step) throws Exception {
        List<ClusterPlan.Host> processors = cluster.plan().of(ClusterPlan.Role.PROCESSOR);
        List<ClusterPlan.Host> brokers = cluster.plan().of(ClusterPlan.Role.BROKER);
        List<ClusterPlan.Host> gateways = cluster.plan().of(ClusterPlan.Role.GATEWAY);
        int draw = step.draw();
        return switch (step.kind()) {
            case ISOLATE_PROCESSOR -> isolateProcessor(processors.get(draw % processors.size()));
            case PAUSE_PROCESSOR -> pauseProcessor(processors.get(draw % processors.size()));
            case KILL_PROCESSOR -> killProcessor(processors.get(draw % processors.size()));
            case ISOLATE_BROKER -> {
                int leader = quorumLeader();
                List<ClusterPlan.Host> followers =
                        brokers.stream().filter(b -> nodeId(b) != leader).toList();
                yield isolateBroker(Kind.ISOLATE_BROKER, followers.get(draw % followers.size()), leader);
            }
            case ISOLATE_CONTROLLER_LEADER -> {
                int leader = quorumLeader();
                ClusterPlan.Host host = brokers.stream()
                        .filter(b -> nodeId(b) == leader)
                        .findFirst()
                        .orElseThrow();
                yield isolateBroker(Kind.ISOLATE_CONTROLLER_LEADER, host, leader);
            }
            case BRIDGE -> bridge(draw, brokers, processors, gateways);
            case KILL_BROKER -> killBroker(brokers.get(draw % brokers.size()));
            case ISOLATE_GATEWAY -> isolateGateway(draw % gateways.size(), brokers);
            case KILL_GATEWAY -> killGateway(draw % gateways.size());
        };
    }

    private Injected isolateProcessor(ClusterPlan.Host processor) throws Exception {
        return untilDropped(Kind.ISOLATE_PROCESSOR, "isolate ", processor, () -> linkDown(processor));
    }

    private Injected pauseProcessor(ClusterPlan.Host processor) throws Exception {
        long pid = pidOf(processor);
        return untilDropped(Kind.PAUSE_PROCESSOR, "pause ", processor, () -> {
            signal("-STOP", pid);
            return registered(() -> signalQuietly("-CONT", pid));
        });
    }

    /** A fault the processor survives: held until the group drops it, healed, then back and maybe fenced. */
    private Injected untilDropped(Kind kind, String verb, ClusterPlan.Host processor, Fault fault) throws Exception {
        long fencedBefore = cluster.logCount(processor, FENCED);
        long at = clock.now();
        Runnable heal = fault.inject();
        awaitMember(processor, false);
        long healed = heal(heal);
        awaitProcessorBack(processor);
        return new Injected(kind, verb + processor.name(), at, healed, clock.now(), fencing(processor, fencedBefore));
    }

    /** Injects a fault; returns what heals it. */
    private interface Fault {
        Runnable inject() throws Exception;
    }

    private Injected killProcessor(ClusterPlan.Host processor) throws Exception {
        long at = kill(processor);
        awaitMember(processor, false);
        long healed = clock.now();
        cluster.start(processor);
        cluster.awaitAnswer(processor, Cluster.processorHealth(processor));
        awaitProcessorBack(processor);
        return new Injected(
                Kind.KILL_PROCESSOR,
                "kill -9 " + processor.name(),
                at,
                healed,
                clock.now(),
                "started again once the group had dropped it");
    }

    private Injected isolateBroker(Kind kind, ClusterPlan.Host broker, int leader) throws Exception {
        int id = nodeId(broker);
        long at = clock.now();
        Runnable heal = linkDown(broker);
        await(broker.name() + " fenced" + (kind == Kind.ISOLATE_CONTROLLER_LEADER ? " and a new quorum leader" : ""))
                .atMost(STEP_LIMIT)
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .until(() -> fenced(id)
                        && (kind != Kind.ISOLATE_CONTROLLER_LEADER
                                || quorumLeaderNow() != id && quorumLeaderNow() != -1));
        long healed = heal(heal);
        awaitBrokerBack(broker);
        int newLeader = quorumLeader();
        return new Injected(
                kind,
                "isolate " + broker.name() + (kind == Kind.ISOLATE_CONTROLLER_LEADER ? " (quorum leader)" : ""),
                at,
                healed,
                clock.now(),
                "quorum leader before: node " + leader + ", after: node " + newLeader);
    }

    private Injected killBroker(ClusterPlan.Host broker) throws Exception {
        int id = nodeId(broker);
        int leader = quorumLeader();
        long at = kill(broker);
        await(broker.name() + " fenced")
                .atMost(STEP_LIMIT)
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .until(() -> fenced(id));
        long healed = clock.now();
        cluster.start(broker);
        awaitBrokerBack(broker);
        return new Injected(
                Kind.KILL_BROKER,
                "kill -9 " + broker.name() + (id == leader ? " (quorum leader)" : ""),
                at,
                healed,
                clock.now(),
                "started again on its data once fenced; quorum leader now node " + quorumLeader());
    }

    private Injected bridge(
            int draw,
            List<ClusterPlan.Host> brokers,
            List<ClusterPlan.Host> processors,
            List<ClusterPlan.Host> gateways)
            throws Exception {
        ClusterPlan.Host bridge = brokers.get(draw % brokers.size());
        List<ClusterPlan.Host> others =
                brokers.stream().filter(b -> b != bridge).toList();
        boolean swapProcessors = (draw / 3) % 2 == 1;
        boolean swapGateways = (draw / 6) % 2 == 1;
        List<ClusterPlan.Host> one =
                List.of(others.get(0), processors.get(swapProcessors ? 1 : 0), gateways.get(swapGateways ? 1 : 0));
        List<ClusterPlan.Host> two =
                List.of(others.get(1), processors.get(swapProcessors ? 0 : 1), gateways.get(swapGateways ? 0 : 1));
        long at = clock.now();
        Runnable heal = cut(one, two);
        await("every process alive through the bridge partition")
                .during(BRIDGE_HOLD)
                .atMost(BRIDGE_HOLD.plusSeconds(10))
                .pollInterval(Duration.ofMillis(500))
                .until(this::allRunning);
        boolean decidedWhileCut = watch.everyPartitionDecidedSince(at);
        long healed = heal(heal);
        awaitBrokerBack(bridge);
        for (ClusterPlan.Host processor : processors) {
            awaitProcessorBack(processor);
        }
        for (ClusterPlan.Host gateway : gateways) {
            cluster.awaitAnswer(gateway, Cluster.gatewayHealth(gateway));
        }
        return new Injected(
                Kind.BRIDGE,
                "bridge " + names(one) + " | " + bridge.name() + " | " + names(two),
                at,
                healed,
                clock.now(),
                (decidedWhileCut
                                ? "every partition decided while cut"
                                : "some partition decided nothing after the cut until it healed")
                        + "; quorum leader now node " + quorumLeader());
    }

    private Injected isolateGateway(int index, List<ClusterPlan.Host> brokers) throws Exception {
        ClusterPlan.Host gateway = cluster.plan().of(ClusterPlan.Role.GATEWAY).get(index);
        long at = clock.now();
        Runnable heal = cut(List.of(gateway), brokers);
        boolean moved = awaitAnswersElsewhere(index, at);
        long healed = heal(heal);
        cluster.awaitAnswer(gateway, Cluster.gatewayHealth(gateway));
        return new Injected(
                Kind.ISOLATE_GATEWAY,
                "isolate " + gateway.name() + " from the brokers",
                at,
                healed,
                clock.now(),
                moved
                        ? "its writers resent through the other gateway"
                        : "its writers had no answer through the other gateway within " + GATEWAY_HOLD.toSeconds()
                                + " s");
    }

    private Injected killGateway(int index) throws Exception {
        ClusterPlan.Host gateway = cluster.plan().of(ClusterPlan.Role.GATEWAY).get(index);
        long at = kill(gateway);
        boolean moved = awaitAnswersElsewhere(index, at);
        long healed = clock.now();
        cluster.start(gateway);
        cluster.awaitAnswer(gateway, Cluster.gatewayHealth(gateway));
        return new Injected(
                Kind.KILL_GATEWAY,
                "kill -9 " + gateway.name(),
                at,
                healed,
                clock.now(),
                moved
                        ? "its writers resent through the other gateway; started again"
                        : "its writers had no answer through the other gateway within " + GATEWAY_HOLD.toSeconds()
                                + " s; started again");
    }

    /** Until writers whose request the gateway failed have had answers through the other one, or the hold ends. */
    private boolean awaitAnswersElsewhere(int gateway, long since) {
        try {
            await("answers through the other gateway")
                    .atMost(GATEWAY_HOLD)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> GatewaySwitch.count(
                                    crossSends, since, Long.MAX_VALUE, s -> s.from() == gateway && s.decided())
                            >= CROSS_ANSWERS);
            return true;
        } catch (ConditionTimeoutException none) {
            return false;
        }
    }

    /** kill -9 of a host's process, by its pid; when it was killed. */
    private long kill(ClusterPlan.Host host) throws Exception {
        ProcessHandle process =
                cluster.ours(host).orElseThrow(() -> new IllegalStateException(host.name() + " is not running"));
        long at = clock.now();
        process.destroyForcibly();
        process.onExit().get(30, TimeUnit.SECONDS);
        return at;
    }

    private long pidOf(ClusterPlan.Host host) {
        return cluster.ours(host)
                .orElseThrow(() -> new IllegalStateException(host.name() + " is not running"))
                .pid();
    }

    private String fencing(ClusterPlan.Host processor, long fencedBefore) {
        return cluster.logCount(processor, FENCED) > fencedBefore
                ? "fenced when it came back (its log says so)"
                : "no fencing in its log";
    }

    // --- the network ---------------------------------------------------------------------------------------

    /** The host's link to the bridge goes down: it reaches nothing and nothing reaches it. */
    private Runnable linkDown(ClusterPlan.Host host) throws Exception {
        requireIp("link", "set", host.hostLink(), "down");
        return registered(() -> ipQuietly("link", "set", host.hostLink(), "up"));
    }

    /**
     * No host of {@code one} reaches a host of {@code two} and back: a blackhole route to the other's address in
     * each namespace (a new connection fails at once; an open one goes silent).
     */
    private Runnable cut(List<ClusterPlan.Host> one, List<ClusterPlan.Host> two) throws Exception {
        List<Runnable> routes = new java.util.concurrent.CopyOnWriteArrayList<>();
        Runnable heal = registered(() -> routes.forEach(Runnable::run)); // also what was added before a failure
        for (ClusterPlan.Host a : one) {
            for (ClusterPlan.Host b : two) {
                for (ClusterPlan.Host[] pair : new ClusterPlan.Host[][] {{a, b}, {b, a}}) {
                    String ns = pair[0].namespace();
                    String to = pair[1].address() + "/32";
                    requireIp("-n", ns, "route", "add", "blackhole", to);
                    routes.add(() -> ipQuietly("-n", ns, "route", "del", "blackhole", to));
                }
            }
        }
        return heal;
    }

    private synchronized Runnable registered(Runnable heal) {
        undo.push(heal);
        return heal;
    }

    /** Heals one fault now; when. */
    private long heal(Runnable heal) {
        synchronized (this) {
            undo.remove(heal);
        }
        heal.run();
        return clock.now();
    }

    private void undoAll() {
        Runnable heal;
        while (true) {
            synchronized (this) {
                heal = undo.poll();
            }
            if (heal == null) {
                return;
            }
            heal.run();
        }
    }

    // --- waiting for the cluster ---------------------------------------------------------------------------

    private void awaitProcessorBack(ClusterPlan.Host processor) {
        awaitMember(processor, true);
        await(processor.name() + " holds partitions again")
                .atMost(STEP_LIMIT)
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> cluster.ours(processor).isPresent() && holdsPartitions(processor));
    }

    /** Registered with the controller and every replica of the product's topics in sync again. */
    private void awaitBrokerBack(ClusterPlan.Host broker) {
        int id = nodeId(broker);
        await(broker.name() + " back and every replica in sync")
                .atMost(STEP_LIMIT)
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> !fenced(id) && allInSync());
    }

    /** Waits until the group has (or, with {@code present} false, no longer has) a member on that host. */
    private void awaitMember(ClusterPlan.Host processor, boolean present) {
        await(processor.name() + (present ? " a member again" : " dropped by the group"))
                .atMost(STEP_LIMIT)
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .until(() -> memberOn(processor) == present);
    }

    private boolean allRunning() {
        return cluster.plan().hosts().stream().allMatch(h -> cluster.ours(h).isPresent());
    }

    private boolean memberOn(ClusterPlan.Host processor) {
        return !members(processor).isEmpty();
    }

    private boolean holdsPartitions(ClusterPlan.Host processor) {
        return members(processor).stream()
                .anyMatch(m -> !m.assignment().topicPartitions().isEmpty());
    }

    private List<MemberDescription> members(ClusterPlan.Host processor) {
        try {
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

    static int nodeId(ClusterPlan.Host broker) {
        return Integer.parseInt(broker.environment().get("KAFKA_NODE_ID"));
    }

    /** The KRaft quorum's leader, asked again until a broker answers (one may be cut off). */
    private int quorumLeader() {
        return await("the quorum's leader")
                .atMost(STEP_LIMIT)
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(
                        () -> admin.describeMetadataQuorum()
                                .quorumInfo()
                                .get(10, TimeUnit.SECONDS)
                                .leaderId(),
                        id -> true);
    }

    /** The leader as the quorum says now, or -1 while no broker answers. */
    private int quorumLeaderNow() {
        try {
            return admin.describeMetadataQuorum()
                    .quorumInfo()
                    .get(10, TimeUnit.SECONDS)
                    .leaderId();
        } catch (Exception e) {
            return -1;
        }
    }

    /** Not registered as an unfenced broker, and leading no partition of the product's topics. */
    private boolean fenced(int id) throws Exception {
        boolean registered = admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).stream()
                .mapToInt(Node::id)
                .anyMatch(n -> n == id);
        return !registered
                && partitions().stream()
                        .noneMatch(p -> p.leader() != null && p.leader().id() == id);
    }

    private boolean allInSync() throws Exception {
        return partitions().stream()
                .allMatch(p -> p.isr().size() == p.replicas().size());
    }

    private List<TopicPartitionInfo> partitions() throws Exception {
        TopicNames topics = TopicNames.DEFAULTS;
        Map<String, TopicDescription> described = admin.describeTopics(
                        List.of(topics.requests(), topics.results(), topics.state()))
                .allTopicNames()
                .get(10, TimeUnit.SECONDS);
        return described.values().stream().flatMap(d -> d.partitions().stream()).toList();
    }

    /** Requests on the requests topic so far, summed over its partitions; asked again while the brokers are slow. */
    private long requestsWritten() {
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            ends.put(new TopicPartition(TopicNames.DEFAULTS.requests(), p), OffsetSpec.latest());
        }
        try (Admin admin = cluster.admin()) { // before the run's own
            return await("the requests topic's end offsets")
                    .atMost(STEP_LIMIT)
                    .pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions()
                    .until(
                            () -> admin.listOffsets(ends).all().get(30, TimeUnit.SECONDS).values().stream()
                                    .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset)
                                    .sum(),
                            sum -> true);
        }
    }

    /** The writers' progress (the watch's own decisions not counted). */
    private void awaitProgress(Ledger ledger, PartitionWatch watch, String phase) {
        long target = ledger.decided() - watch.decided() + PROGRESS;
        await(phase)
                .atMost(STEP_LIMIT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> ledger.decided() - watch.decided() >= target);
    }

    /** The machine's load average over the last minute (other work on it slows every process down). */
    static double loadAverage() {
        try {
            return Double.parseDouble(
                    java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException unknown) {
            return -1;
        }
    }

    private static String names(List<ClusterPlan.Host> hosts) {
        return String.join(", ", hosts.stream().map(ClusterPlan.Host::name).toList());
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, String.valueOf(pid))
                .inheritIO()
                .start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill " + signal + " " + pid + " failed");
        }
    }

    private static void signalQuietly(String signal, long pid) {
        try {
            signal(signal, pid);
        } catch (Exception e) {
            System.err.println("nemesis: kill " + signal + " " + pid + ": " + e);
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

    private static void ipQuietly(String... args) {
        try {
            requireIp(args);
        } catch (Exception e) {
            System.err.println("nemesis: " + e);
        }
    }
}
