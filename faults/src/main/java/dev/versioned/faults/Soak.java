package dev.versioned.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The soak ({@code ./faults/soak quick|full|rebalance [--seed N] [--rate OPS] [--minutes M] [--out DIR]}):
 * the product as separate processes ({@link ProcessStack}) under a steady load from writers on the shipped
 * clients, over HTTP and straight to Kafka, with a short idempotency retention so that keys expire during the
 * run, and a fault every few minutes drawn from a printed seed (or processors leaving and joining). Every
 * interval it samples throughput, latency, the heap after GC of every JVM, the idempotency store, consumer
 * and state view lag; at the end the {@link Checker} verifies every promise. It writes a Markdown report,
 * the samples as CSV and an SVG chart, and exits 1 on a checker violation, a process that could not be
 * started again, or idempotency entries beyond their bound.
 */
final class Soak {

    static final Duration SAMPLE_INTERVAL = Duration.ofSeconds(10);
    /** The heap after GC is measured every this many samples: each measurement is a full GC of every JVM. */
    static final int HEAP_EVERY = 6;

    static final int HTTP_WRITERS_PER_GATEWAY = 24;
    static final int KAFKA_WRITERS = 4;
    /** Hot products get a tenth of the operations: conflicts happen often, but most operations apply. */
    static final int HOT_PERCENT = 10;

    static final int COLD_PRODUCTS = 200;
    /** How long a killed process stays down before it is started again. */
    static final Duration DOWN_TIME = Duration.ofSeconds(10);
    /** A process that is not serving again within this is a failure of the run. */
    static final Duration RESTART_BOUND = Duration.ofMinutes(5);
    /** The gateways' reply timeout: the shipped default. */
    static final Duration GATEWAY_TIMEOUT = Duration.ofSeconds(10);

    private final SoakMode mode;
    private final long seed;
    private final Path out;
    private final String command;
    private final Timeline timeline = new Timeline();
    private final Ledger ledger = new Ledger();
    private final List<Sample> samples = new ArrayList<>();
    private final List<SoakEvent> events = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    Soak(SoakMode mode, long seed, Path out, String command) {
        this.mode = mode;
        this.seed = seed;
        this.out = out;
        this.command = command;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println(
                    "usage: ./faults/soak quick|full|rebalance [--seed N] [--rate OPS] [--minutes M] [--out DIR]");
            System.exit(2);
        }
        SoakMode mode = SoakMode.named(args[0]);
        long seed = ThreadLocalRandom.current().nextLong(1, 1_000_000_000L);
        Optional<Path> out = Optional.empty();
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                case "--rate" -> mode = mode.withRate(Double.parseDouble(args[i + 1]));
                case "--minutes" ->
                    mode = mode.withDuration(Duration.ofSeconds(Math.round(Double.parseDouble(args[i + 1]) * 60)));
                case "--out" -> out = Optional.of(Path.of(args[i + 1]));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        String command = "./faults/soak " + mode.name() + " --seed " + seed
                + (mode.operationsPerSecond() != SoakMode.named(mode.name()).operationsPerSecond()
                        ? " --rate " + mode.operationsPerSecond()
                        : "")
                + (mode.duration().equals(SoakMode.named(mode.name()).duration())
                        ? ""
                        : " --minutes " + mode.duration().toSeconds() / 60.0);
        System.out.println("soak " + mode.name() + ": seed " + seed + " (repeat with: " + command + ")");
        boolean passed = new Soak(mode, seed, out.orElse(Path.of("faults/reports", mode.name())), command).run();
        System.exit(passed ? 0 : 1);
    }

    /** Runs the soak and writes its report; true when it passed. */
    boolean run() throws Exception {
        Path dir = Files.createTempDirectory("soak-");
        ProcessStack stack = new ProcessStack(
                dir,
                new ProcessStack.Layout(
                        mode.processors(),
                        mode.gateways(),
                        mode.partitions(),
                        Optional.of(mode.retention()),
                        GATEWAY_TIMEOUT));
        return stack.runThenCleanUp(dir, "soak", this::load);
    }

    private boolean load(ProcessStack stack) throws Exception {
        Instant began = Instant.now();
        System.out.println("soak: starting a broker, " + mode.processors() + " processors and " + mode.gateways()
                + " gateways on " + mode.partitions() + " partitions");
        stack.start();
        timeline.restart();
        AtomicBoolean running = new AtomicBoolean(true);
        Pace pace = new Pace(mode.operationsPerSecond());
        Writer.Workload workload =
                new Writer.Workload(HOT_PERCENT, COLD_PRODUCTS, Optional.of(pace), Optional.of(timeline));
        ExecutorService pool = Executors.newCachedThreadPool();
        List<Future<?>> writers = new ArrayList<>();
        List<KafkaWriter> kafkaWriters = new ArrayList<>();
        for (int g = 0; g < mode.gateways(); g++) {
            for (int i = 0; i < HTTP_WRITERS_PER_GATEWAY; i++) {
                String name = "http-" + (g + 1) + "-" + i;
                pool.submit(
                        new HttpWriter(name, stack.baseUrl(g), ledger, running, seed * 31 + name.hashCode(), workload));
            }
        }
        for (int i = 0; i < KAFKA_WRITERS; i++) {
            String name = "kafka-" + i;
            KafkaWriter writer = new KafkaWriter(
                    name,
                    stack.bootstrap(),
                    "soak-direct-" + i,
                    ledger,
                    running,
                    seed * 31 + name.hashCode(),
                    workload);
            kafkaWriters.add(writer);
            writers.add(pool.submit(writer));
        }
        ChangelogEntries changelog = new ChangelogEntries(
                stack.bootstrap(), ProcessStack.APPLICATION_ID, dev.versioned.processor.store.IdempotencyStore.NAME);
        Sampler sampler = new Sampler(stack, timeline, changelog, HEAP_EVERY);
        ScheduledExecutorService sampling = Executors.newSingleThreadScheduledExecutor();
        sampling.scheduleAtFixedRate(
                () -> sample(sampler), SAMPLE_INTERVAL.toMillis(), SAMPLE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        System.out.printf(
                "soak: load at %.0f operations/s for %s or %,d requests; a %s every %s%n",
                mode.operationsPerSecond(),
                mode.duration(),
                mode.maxRequests(),
                mode.rebalance() ? "leave or join" : "fault",
                mode.faultInterval());
        try {
            if (mode.rebalance()) {
                rebalances(stack);
            } else {
                faults(stack);
            }
            awaitEnd();
        } catch (Throwable failure) {
            failures.add("the run stopped: " + failure);
            System.err.println("soak: " + failure + stack.diagnostics());
        } finally {
            running.set(false);
            pool.shutdown();
            if (!pool.awaitTermination(3, TimeUnit.MINUTES)) {
                failures.add("writers did not finish within 3 minutes");
            }
            kafkaWriters.forEach(KafkaWriter::close);
            for (Future<?> writer : writers) {
                try {
                    writer.get(1, TimeUnit.SECONDS);
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    failures.add("a writer stopped: " + e); // its operations are unaccounted for
                }
            }
            sampling.shutdown();
            sampling.awaitTermination(1, TimeUnit.MINUTES);
            changelog.close();
        }
        System.out.println("soak: load over; writers: " + ledger);
        Optional<Checker.Report> report = Optional.empty();
        if (failures.isEmpty()) {
            try {
                stack.awaitProcessorsCaughtUp(Duration.ofMinutes(5));
                report = Optional.of(Checker.check(stack.bootstrap(), ledger));
                System.out.println("soak: checker: " + report.get());
            } catch (Exception | AssertionError e) {
                failures.add("could not check: " + e);
            }
        }
        Timeline.Entry[] sends = timeline.all();
        Pauses pauses = new Pauses(sends);
        long end = timeline.now();
        List<SoakEvent> measured = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            SoakEvent event = events.get(i);
            long at = (long) (event.seconds() * 1e9);
            long next = i + 1 < events.size() ? (long) (events.get(i + 1).seconds() * 1e9) : end;
            long after = Math.min(Duration.ofSeconds(60).toNanos(), Math.min(next, end) - at);
            measured.add(event.withPause(
                    pauses.around(at, after, Duration.ofSeconds(30).toNanos())));
        }
        IdempotencyBound bound = IdempotencyBound.of(samples, mode.retention());
        if (bound.exceeded()) {
            failures.add("idempotency store entries " + bound);
        }
        report.ifPresent(r -> r.violations().forEach(v -> failures.add("checker: " + v)));
        SoakReport.write(
                out,
                new SoakReport.Run(
                        mode,
                        seed,
                        command,
                        began,
                        Instant.now(),
                        ledger,
                        report,
                        List.copyOf(samples),
                        measured,
                        bound,
                        List.copyOf(failures),
                        sends));
        System.out.println("soak: report in " + out.resolve("report.md"));
        if (failures.isEmpty()) {
            System.out.println("soak: PASSED");
        } else {
            System.out.println("soak: FAILED\n  "
                    + String.join("\n  ", failures.subList(0, Math.min(30, failures.size()))));
        }
        return failures.isEmpty();
    }

    private void sample(Sampler sampler) {
        try {
            Sample s = sampler.take();
            synchronized (samples) {
                samples.add(s);
            }
            System.out.printf(
                    "%6.0fs sends/s %5.0f p99 %6.0f ms max %6.0f ms unknown %3d idempotency live %6d metric %7d lag %5d state view lag %s ready %d%s%n",
                    s.seconds(),
                    s.sendsPerSecond(),
                    s.p99Millis(),
                    s.maxMillis(),
                    s.unknown(),
                    s.idempotencyLive(),
                    s.idempotencyTotal(),
                    s.requestsLag(),
                    s.stateViewLag().values(),
                    s.processorsReady(),
                    s.heapAfterGc().isEmpty() ? "" : " heap after GC (MB) " + megabytes(s));
        } catch (RuntimeException e) {
            System.err.println("soak: a sample failed: " + e);
        }
    }

    private static String megabytes(Sample s) {
        StringBuilder text = new StringBuilder();
        s.heapAfterGc()
                .forEach((name, bytes) -> text.append(name)
                        .append('=')
                        .append(bytes / (1024 * 1024))
                        .append(' '));
        return text.toString().trim();
    }

    private boolean over() {
        return timeline.now() >= mode.duration().toNanos() || ledger.sends.get() >= mode.maxRequests();
    }

    private void awaitEnd() throws InterruptedException {
        while (!over()) {
            Thread.sleep(500); // the run's clock: checked twice a second
        }
    }

    /** Sleeps until {@code seconds} after the start, or the end of the run; false if the run ended first. */
    private boolean waitUntil(double seconds) throws InterruptedException {
        while (timeline.now() < seconds * 1e9) {
            if (over()) {
                return false;
            }
            Thread.sleep(200);
        }
        return !over();
    }

    private void faults(ProcessStack stack) throws Exception {
        long interval = mode.faultInterval().toSeconds();
        int count = (int) Math.max(1, (mode.duration().toSeconds() - interval / 2) / interval);
        List<FaultPlan.Fault> plan = FaultPlan.of(seed, count, mode.processors(), mode.gateways());
        for (int i = 0; i < plan.size(); i++) {
            if (!waitUntil((i + 1) * (double) interval)) {
                return;
            }
            fault(stack, plan.get(i));
        }
    }

    private void fault(ProcessStack stack, FaultPlan.Fault fault) throws Exception {
        double at = timeline.now() / 1e9;
        System.out.printf("%6.0fs FAULT %s%n", at, fault.label());
        switch (fault.kind()) {
            case KILL_PROCESSOR -> {
                stack.killProcessor(fault.index());
                Thread.sleep(DOWN_TIME.toMillis()); // the others take over its partitions meanwhile
                stack.startProcessor(fault.index());
                stack.awaitProcessorReady(fault.index(), RESTART_BOUND);
            }
            case KILL_GATEWAY -> {
                stack.killGateway(fault.index());
                Thread.sleep(DOWN_TIME.toMillis()); // its writers' clients resend meanwhile
                stack.startGateway(fault.index());
            }
            case RESTART_BROKER -> {
                stack.restartBroker();
                for (int i = 0; i < stack.processors.size(); i++) {
                    stack.awaitProcessorReady(i, RESTART_BOUND);
                }
            }
        }
        record(at, fault.label());
    }

    private void record(double at, String label) {
        double ready = timeline.now() / 1e9 - at;
        System.out.printf("%6.0fs %s: serving again after %.1f s%n", timeline.now() / 1e9, label, ready);
        events.add(new SoakEvent(at, label, OptionalDouble.of(ready), Pauses.Pause.NONE));
    }

    /**
     * Processors leave and join under load: each in turn stopped (the first and last gracefully, SIGTERM, so it
     * leaves the group; the middle one by kill -9, so the group waits for its session to time out) and
     * started again.
     */
    private void rebalances(ProcessStack stack) throws Exception {
        long interval = mode.faultInterval().toSeconds();
        int step = 0;
        for (int index = stack.processors.size() - 1; index >= 0; index--) {
            boolean kill = index == 1;
            if (!waitUntil(++step * (double) interval)) {
                return;
            }
            double at = timeline.now() / 1e9;
            String leave =
                    (kill ? "kill -9 " : "stop ") + stack.processors.get(index).name() + " (leaves)";
            System.out.printf("%6.0fs LEAVE %s%n", at, leave);
            if (kill) {
                stack.killProcessor(index);
            } else {
                stack.stopProcessor(index);
            }
            record(at, leave);
            if (!waitUntil(++step * (double) interval)) {
                return;
            }
            at = timeline.now() / 1e9;
            String join = "start " + stack.processors.get(index).name() + " (joins)";
            System.out.printf("%6.0fs JOIN %s%n", at, join);
            stack.startProcessor(index);
            stack.awaitProcessorReady(index, RESTART_BOUND);
            record(at, join);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("soak: could not delete its data: " + e);
        }
    }
}
