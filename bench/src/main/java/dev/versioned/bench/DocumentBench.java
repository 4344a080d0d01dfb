package dev.versioned.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;

/**
 * {@code ./bench/run documents}: versioned document writes per second, like for like, in three variants run
 * once per round in an order shuffled per round ({@link Rounds}), after one discarded pass:
 *
 * <ul>
 *   <li>{@code documents}: the product's topology deciding conditional PATCHes of ~1 KB documents over 1,000 ids
 *       ({@link DocumentKafkaRun}, {@link DocumentLoad});
 *   <li>{@code inventory}: the same harness with conditional inventory ADJUSTs over 1,000 products;
 *   <li>{@code postgres}: the same writes to a JSONB column with the outcome under its idempotency key, batched,
 *       at the server's default durability ({@link DocumentPostgres}).
 * </ul>
 *
 * <p>documents / inventory and documents / postgres are taken per round from that round's runs
 * ({@link PairedRatio#summarize}). The broker and the PostgreSQL server both run throughout, each idle while
 * the other's variant runs. Knobs: BENCH_DOCUMENT_ROUNDS (3), BENCH_DOCUMENT_SECONDS (measured window, 20),
 * BENCH_DOCUMENT_WARMUP_SECONDS (discarded start of every run, 15), BENCH_DOCUMENT_WRITERS (4),
 * BENCH_DOCUMENT_WINDOW (undecided requests per Kafka writer, 5000), BENCH_DOCUMENT_WARMUP_PASSES (1),
 * BENCH_DOCUMENT_VARIANTS (some of documents,inventory,postgres: to profile one), BENCH_SEED (the rounds' order).
 */
final class DocumentBench {

    static final String DOCUMENTS = "documents";
    static final String INVENTORY = "inventory";
    static final String POSTGRES = "postgres";
    static final List<String> VARIANTS = List.of(DOCUMENTS, INVENTORY, POSTGRES);

    /** The run's knobs, from the environment. */
    record Knobs(
            int rounds,
            Duration measure,
            Duration warmup,
            int writers,
            int window,
            int warmupPasses,
            List<String> variants) {
        static Knobs fromEnv() {
            return new Knobs(
                    env("BENCH_DOCUMENT_ROUNDS", 3),
                    Duration.ofSeconds(env("BENCH_DOCUMENT_SECONDS", 20)),
                    Duration.ofSeconds(env("BENCH_DOCUMENT_WARMUP_SECONDS", 15)),
                    env("BENCH_DOCUMENT_WRITERS", 4),
                    env("BENCH_DOCUMENT_WINDOW", 5_000),
                    env("BENCH_DOCUMENT_WARMUP_PASSES", 1),
                    Optional.ofNullable(System.getenv("BENCH_DOCUMENT_VARIANTS"))
                            .map(v -> List.of(v.split(",")))
                            .orElse(VARIANTS));
        }

        private static int env(String name, int fallback) {
            return Optional.ofNullable(System.getenv(name))
                    .map(Integer::parseInt)
                    .orElse(fallback);
        }
    }

    private DocumentBench() {}

    static void run(Path out) throws Exception {
        Knobs knobs = Knobs.fromEnv();
        long seed = Rounds.seed();
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String loadAtStart = RestoreBench.loadAverage();
        String commit = commit();
        long started = System.nanoTime();
        Map<String, String> machine = new java.util.LinkedHashMap<>(BenchMain.machine());
        System.out.println("documents bench: " + knobs + ", seed " + seed + ", load average " + loadAtStart);
        List<DocumentRun> runs = new ArrayList<>();
        String durability;
        try (TempDirs tmp = new TempDirs();
                PostgresServer pg = PostgresServer.start();
                BrokerProcess broker = BrokerProcess.start(tmp.dir("broker"), tmp.dir("logs"));
                Admin admin = broker.admin()) {
            machine.put("postgresql", pg.version().trim());
            DocumentPostgres postgres = new DocumentPostgres(pg.jdbcUrl(), pg.pid());
            durability = postgres.durability();
            System.out.println(machine.get("postgresql") + " (" + durability + "), broker pid " + broker.pid());
            DocumentKafkaRun kafka = new DocumentKafkaRun(broker.bootstrap(), broker.pid(), admin, tmp.dir("streams"));
            for (int pass = 0; pass < knobs.warmupPasses(); pass++) {
                int position = 0;
                for (String variant : knobs.variants()) {
                    System.out.println("  warm-up "
                            + run(variant, kafka, postgres, knobs, knobs.warmup(), 0, ++position) + " (discarded)");
                }
            }
            List<List<String>> orders = Rounds.shuffled(knobs.variants(), knobs.rounds(), seed);
            for (int r = 1; r <= knobs.rounds(); r++) {
                System.out.println("round " + r + ": " + orders.get(r - 1));
                int position = 0;
                for (String variant : orders.get(r - 1)) {
                    DocumentRun result = run(variant, kafka, postgres, knobs, knobs.measure(), r, ++position);
                    System.out.println("  " + result);
                    runs.add(result);
                }
            }
        }
        String report = DocumentReport.markdown(new DocumentReport.Run(
                startedAt,
                (System.nanoTime() - started) / 1e9,
                machine,
                loadAtStart,
                RestoreBench.loadAverage(),
                commit,
                knobs,
                seed,
                durability,
                runs));
        Files.createDirectories(out);
        Files.writeString(out.resolve("documents.md"), report);
        System.out.println();
        System.out.println(report);
        System.out.println("written to " + out.resolve("documents.md").toAbsolutePath());
        System.exit(0); // stray non-daemon client threads must not keep the JVM alive
    }

    private static DocumentRun run(
            String variant,
            DocumentKafkaRun kafka,
            DocumentPostgres postgres,
            Knobs knobs,
            Duration measure,
            int round,
            int position)
            throws Exception {
        if (variant.equals(POSTGRES)) {
            return postgres.run(variant, knobs.writers(), knobs.warmup(), measure, round, position);
        }
        DocumentKafkaRun.Workload workload =
                variant.equals(DOCUMENTS) ? DocumentKafkaRun.Workload.DOCUMENTS : DocumentKafkaRun.Workload.INVENTORY;
        return kafka.run(variant, workload, knobs.writers(), knobs.window(), knobs.warmup(), measure, round, position);
    }

    /** The commit the bench ran from, and whether the work tree differed from it. */
    static String commit() {
        try {
            String head = git("rev-parse", "--short=12", "HEAD");
            // Only the main sources of the modules the bench runs: others' changes elsewhere do not touch it.
            String changed = git(
                    "status",
                    "--porcelain",
                    "--untracked-files=no",
                    "--",
                    "bench/src/main",
                    "processor/src/main",
                    "schemas/src/main",
                    "stack/src/main");
            return head
                    + (changed.isBlank()
                            ? ""
                            : " (plus uncommitted changes in the main sources of bench, processor, schemas or stack)");
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }

    private static String git(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor();
        return text;
    }

    /** Rates of one variant by round. */
    static Map<Integer, Double> byRound(List<DocumentRun> runs, String variant) {
        Map<Integer, Double> m = new TreeMap<>();
        runs.stream().filter(r -> r.variant().equals(variant)).forEach(r -> m.put(r.round(), r.rate()));
        return m;
    }
}
