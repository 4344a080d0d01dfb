package dev.versioned.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The bench ({@code ./bench/run [quick|full] [results-dir]}): starts a broker JVM, measures processor
 * throughput (a, b), HTTP latency in open loop (c) and contention (d) against it, stops it, then runs the
 * PostgreSQL baseline (e) alone on the machine, and writes JSON, markdown and charts. A part that fails
 * is reported in the notes and the rest still runs. Every process it starts is stopped by its own
 * handle and every temporary directory deleted, also on failure.
 */
public final class BenchMain {

    static final int DEFAULT_COMMIT_MS = 100;
    /** The tuned commit interval of part c; BENCH_TUNED_COMMIT_MS overrides it (to compare intervals). */
    static final int TUNED_COMMIT_MS = Integer.parseInt(System.getenv().getOrDefault("BENCH_TUNED_COMMIT_MS", "10"));

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("view")) {
            // The state view at scale: a bench of its own (ViewBench), not part of quick or full.
            ViewBench.run(Path.of(args.length > 1 ? args[1] : "bench/results"));
            return;
        }
        if (args.length > 0 && args[0].equals("documents")) {
            // Versioned documents against inventory updates and PostgreSQL JSONB, paired per round.
            DocumentBench.run(Path.of(args.length > 1 ? args[1] : "bench/results"));
            return;
        }
        if (args.length > 0 && args[0].equals("restore")) {
            // A processor's restore from its changelogs at scale, and failover with and without a standby.
            RestoreBench.run(Path.of(args.length > 1 ? args[1] : "bench/results"));
            return;
        }
        BenchMode mode = BenchMode.of(args.length > 0 ? args[0] : "quick").withEnvOverrides();
        Path out = Path.of(args.length > 1 ? args[1] : "bench/results");
        Path gatewayYml = Path.of("gateway/config/gateway.yml");
        long started = System.nanoTime();
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Map<String, String> machine = machine();
        List<String> notes = new ArrayList<>();
        // BENCH_PARTS=tp,http,pg runs only some parts (for profiling); default all. http-tuned: only the
        // tuned-commit stack of part c (and d), to iterate on target c.
        List<String> parts = List.of(
                System.getenv().getOrDefault("BENCH_PARTS", "tp,http,pg").split(","));
        boolean runTp = parts.contains("tp");
        // http: parts c (commit 10 ms) and d; http100 adds one row at the default commit interval (100 ms)
        boolean runHttpDefault = parts.contains("http100");
        boolean runHttp = runHttpDefault || parts.contains("http") || parts.contains("http-tuned");
        boolean runPg = parts.contains("pg");
        // hotrow: part d alone, on its own commit-10 ms stack with a short warm-up (to iterate on the hot row)
        boolean runHotRow = parts.contains("hotrow");
        // streams: part f, appends against inventory updates and against PostgreSQL as Message DB (not in the default)
        boolean runStreams = parts.contains("streams");
        String loadAtStart = RestoreBench.loadAverage();
        List<ThroughputResult> streamRuns = new ArrayList<>();
        List<StreamPostgres.Result> streamPostgres = new ArrayList<>();
        List<String> streamNotes = new ArrayList<>();
        String pgVersion = "not started";
        if (!machine.get("other JVMs at start").equals("0")) {
            notes.add(
                    "Other JVMs were running at the start (see machine): absolute figures may be lower; ratios are within one run.");
        }
        System.out.println("bench " + mode.name() + ": " + machine);

        List<ThroughputResult> throughput = new ArrayList<>();
        List<LatencyResult> latency = new ArrayList<>();
        List<ContentionResult> contention = new ArrayList<>();
        List<HttpCapacity> capacity = new ArrayList<>();
        List<HotRowCycle.Split> hotRowSplits = new ArrayList<>();
        List<ContentionResult> postgres = new ArrayList<>();
        List<PostgresResult> postgresAggregate = new ArrayList<>();
        // One seed for the shuffled orders of every round (parts a, b and e): printed, and BENCH_SEED repeats it.
        long seed = Rounds.seed();
        System.out.println("rounds: " + mode.rounds() + ", shuffled with seed " + seed);
        double producerRate = 0;
        SerdeCost.Cost serde = null;
        IdempotencyLookupCost.Cost lookup = null;

        try (TempDirs tmp = new TempDirs()) {
            Path logs = tmp.dir("logs");
            try (BrokerProcess broker = BrokerProcess.start(tmp.dir("broker"), logs)) {
                System.out.println("broker pid " + broker.pid() + " at " + broker.bootstrap());
                Properties adminProps = new Properties();
                adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
                try (Admin admin = Admin.create(adminProps)) {
                    // a, b (and f, which drains its appends in the same harness against the same updates)
                    ThroughputBench tp = new ThroughputBench(
                            broker.bootstrap(), broker.pid(), admin, tmp.dir("streams"), mode.records());
                    if (runTp)
                        try {
                            producerRate = tp.prepare();
                            System.out.printf(
                                    "pre-produced %,d requests at %,.0f records/s%n", mode.records(), producerRate);
                            throughput.addAll(
                                    tp.measure(ThroughputBench.VARIANTS, mode.warmups(), mode.rounds(), seed));
                        } catch (Exception e) {
                            fail(notes, "throughput (a, b)", e);
                        }
                    // f: appends against inventory updates, paired per round
                    if (runStreams)
                        try {
                            tp.prepare();
                            System.out.printf(
                                    "pre-produced %,d appends at %,.0f records/s%n",
                                    mode.records(), tp.prepareAppends());
                            streamRuns.addAll(
                                    tp.measure(ThroughputBench.STREAM_VARIANTS, mode.warmups(), mode.rounds(), seed));
                        } catch (Exception e) {
                            fail(streamNotes, "event streams (f)", e);
                            notes.add("event streams (f) failed: " + e);
                        }
                    if (runTp) {
                        serde = SerdeCost.measure(200_000);
                        System.out.printf("serde cost per applied update: %.2f µs%n", serde.totalUs());
                        try {
                            lookup = IdempotencyLookupCost.measure(5_000, tmp.dir("lookup"));
                            System.out.println("  " + lookup);
                        } catch (RuntimeException e) {
                            fail(notes, "idempotency lookup microbenchmark", e);
                        }
                    }
                    if (runHotRow)
                        try {
                            hotRowSplits.addAll(HotRowStacks.run(
                                    broker.bootstrap(),
                                    mode.name(),
                                    TUNED_COMMIT_MS,
                                    tmp,
                                    logs,
                                    gatewayYml,
                                    contention));
                        } catch (Exception e) {
                            fail(notes, "hot row (d)", e);
                        }
                    if (runHttp) {

                        // c at the default commit interval: one row at 1,000 req/s (only with BENCH_PARTS=http100)
                        if (runHttpDefault)
                            try (BenchStack stack = BenchStack.start(
                                    "stack-c" + DEFAULT_COMMIT_MS,
                                    broker.bootstrap(),
                                    DEFAULT_COMMIT_MS,
                                    false,
                                    tmp.dir("stack-default"),
                                    logs,
                                    gatewayYml)) {
                                latency.addAll(openLoop(
                                        stack,
                                        broker.pid(),
                                        DEFAULT_COMMIT_MS,
                                        mode,
                                        HttpCapacity.Plan.of(mode.name())));
                            } catch (Exception e) {
                                fail(notes, "HTTP at commit " + DEFAULT_COMMIT_MS + " ms", e);
                            }
                        // c tuned: capacity and p99 at 1,000 req/s, then d on the same stack (unconditional ADJUST
                        // enabled: conditional requests are decided as without it)
                        try (BenchStack stack = BenchStack.start(
                                "stack-c" + TUNED_COMMIT_MS,
                                broker.bootstrap(),
                                TUNED_COMMIT_MS,
                                true,
                                tmp.dir("stack-tuned"),
                                logs,
                                gatewayYml)) {
                            HttpCapacity c = capacity(stack, broker.pid(), TUNED_COMMIT_MS, mode);
                            capacity.add(c);
                            latency.add(c.reference());
                            HotRowPart d = HotRowPart.run(stack, broker.bootstrap(), mode.name(), "");
                            contention.addAll(d.contention());
                            hotRowSplits.addAll(d.splits());
                        } catch (Exception e) {
                            fail(notes, "HTTP at commit " + TUNED_COMMIT_MS + " ms / hot row", e);
                        }
                    }
                }
            }
            System.out.println("broker stopped; PostgreSQL baseline alone on the machine");
            // f's PostgreSQL reference, alone on the machine as e
            if (runStreams)
                try (PostgresServer pg = PostgresServer.start()) {
                    pgVersion = pg.version().trim();
                    System.out.println(pgVersion + " started for the streams part, postmaster pid " + pg.pid());
                    StreamPostgres streams = new StreamPostgres(pg.jdbcUrl());
                    streams.createSchema();
                    streamPostgres.addAll(
                            streams.measure(mode.postgresSearch(), mode.postgresMeasure(), mode.rounds(), seed));
                } catch (Exception e) {
                    String msg = "PostgreSQL for event streams NOT MEASURED: " + e.getMessage();
                    System.out.println("!!! " + msg);
                    streamNotes.add(msg);
                }
            // e
            if (runPg)
                try (PostgresServer pg = PostgresServer.start()) {
                    System.out.println(pg.version() + " started, postmaster pid " + pg.pid());
                    PostgresBaseline baseline = new PostgresBaseline(pg.jdbcUrl());
                    baseline.createSchema();
                    postgresAggregate.addAll(
                            baseline.measure(mode.postgresSearch(), mode.postgresMeasure(), mode.rounds(), seed));
                    for (boolean conditional : List.of(true, false)) {
                        for (int w : mode.writers()) {
                            String product = "HOT-" + (conditional ? "C" : "U") + w;
                            postgres.add(report(ContentionRun.run(
                                    "postgresql",
                                    "hot product, " + (conditional ? "conditional" : "unconditional"),
                                    conditional,
                                    w,
                                    mode.contention(),
                                    () -> baseline.hotRow(product),
                                    "pk" + product)));
                        }
                    }
                } catch (Exception e) {
                    String msg = "PostgreSQL baseline NOT MEASURED: " + e.getMessage()
                            + " (install with `apt-get install -y postgresql` as root; the bench starts its own server)";
                    System.out.println("!!! " + msg);
                    notes.add(msg);
                }
        }

        List<Target> targets =
                Targets.evaluate(throughput, postgresAggregate, latency, capacity, contention, TUNED_COMMIT_MS);
        BenchResults results = new BenchResults(
                mode.name(),
                startedAt,
                (System.nanoTime() - started) / 1e9,
                machine,
                producerRate,
                throughput,
                latency,
                capacity,
                hotRowSplits,
                contention,
                postgres,
                postgresAggregate,
                Targets.ratios(throughput),
                seed,
                serde,
                lookup,
                targets,
                notes);
        if (runStreams) {
            if (!machine.get("other JVMs at start").equals("0")) {
                streamNotes.add("other JVMs (" + machine.get("other JVMs at start")
                        + ") were running at the start, see the load average: absolute rates may be low; the paired"
                        + " ratio streams / full compares runs that were neighbours in time");
            }
            String report = StreamReport.markdown(new StreamReport.Run(
                    mode.name(),
                    startedAt,
                    machine,
                    loadAtStart,
                    RestoreBench.loadAverage(),
                    DocumentBench.commit(),
                    seed,
                    mode.records(),
                    mode.warmups(),
                    mode.rounds(),
                    streamRuns,
                    streamPostgres,
                    pgVersion,
                    streamNotes));
            Files.createDirectories(out);
            Files.writeString(out.resolve("streams.md"), report);
            System.out.println();
            System.out.println(report);
            if (parts.size() == 1) {
                // Only part f ran: its report is all there is, and results.json would replace a full run's.
                System.out.println("written to " + out.resolve("streams.md").toAbsolutePath());
                System.exit(0);
            }
        }
        ResultsWriter.write(results, out);
        System.out.println();
        System.out.println(ResultsWriter.markdown(results));
        System.out.println("results written to " + out.toAbsolutePath());
        System.exit(0); // stray non-daemon client threads must not keep the JVM alive
    }

    /** The stack's discarded JIT warm-up (BENCH_STACK_WARMUP_S overrides the mode's). */
    private static void warmUp(OpenLoopHttp http, int commitMs, BenchMode mode) throws InterruptedException {
        Duration warm = Optional.ofNullable(System.getenv("BENCH_STACK_WARMUP_S"))
                .map(s -> Duration.ofSeconds(Long.parseLong(s)))
                .orElse(mode.stackWarmup());
        http.warmUp(BenchMode.STACK_WARMUP_RATE, warm, "c" + commitMs + "warm");
    }

    private static HttpCapacity capacity(BenchStack stack, long brokerPid, int commitMs, BenchMode mode)
            throws InterruptedException {
        OpenLoopHttp http = new OpenLoopHttp(stack.baseUrl());
        try {
            warmUp(http, commitMs, mode);
            return HttpCapacity.measure(
                    http,
                    "commit " + commitMs + " ms",
                    commitMs,
                    HttpCapacity.Plan.of(mode.name()),
                    Map.of("stack", stack.pid(), "broker", brokerPid));
        } finally {
            http.close();
        }
    }

    /** One run at the plan's reference rate (the commit-100 ms row). */
    private static List<LatencyResult> openLoop(
            BenchStack stack, long brokerPid, int commitMs, BenchMode mode, HttpCapacity.Plan plan)
            throws InterruptedException {
        OpenLoopHttp http = new OpenLoopHttp(stack.baseUrl());
        try {
            warmUp(http, commitMs, mode);
            return List.of(report(http.run(
                    "commit " + commitMs + " ms",
                    commitMs,
                    plan.referenceRate(),
                    plan.warmup(),
                    plan.measure(),
                    "c" + commitMs + "r" + plan.referenceRate(),
                    Map.of("stack", stack.pid(), "broker", brokerPid))));
        } finally {
            http.close();
        }
    }

    private static <T> T report(T result) {
        System.out.println("  " + result);
        return result;
    }

    private static void fail(List<String> notes, String part, Exception e) {
        String msg = part + " failed: " + e;
        System.out.println("!!! " + msg);
        e.printStackTrace();
        notes.add(msg);
    }

    static Map<String, String> machine() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        try {
            String mem = Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\s+", " ");
            m.put("memory", mem.replace("MemTotal: ", ""));
        } catch (IOException e) {
            m.put("memory", "unknown");
        }
        m.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("other JVMs at start", String.valueOf(otherJvms()));
        return m;
    }

    /** Java processes other than this one (and its children): a busy machine makes every figure lower. */
    private static long otherJvms() {
        long self = ProcessHandle.current().pid();
        try {
            Process p = new ProcessBuilder("ps", "-eo", "pid,args").start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return text.lines()
                    .skip(1)
                    .map(String::trim)
                    .filter(l -> l.contains("java ") || l.contains("/java"))
                    .filter(l -> !l.startsWith(self + " "))
                    .count();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }

    static String jvmName() {
        return ManagementFactory.getRuntimeMXBean().getName();
    }
}
