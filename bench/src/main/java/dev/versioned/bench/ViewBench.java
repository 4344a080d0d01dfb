package dev.versioned.bench;

import dev.versioned.stack.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.clients.admin.Admin;

/**
 * The gateway's state view at scale ({@code ./bench/run view}): a state topic filled with N records on the
 * bench's broker JVM, then one child JVM per variant and round ({@link ViewBenchChild}) that catches up on it
 * and reports heap after GC, resident memory, bytes on disk, catch-up time and the cost of a read. Variants:
 * {@code heap} (the view's former in-heap map, the baseline) and {@code rocksdb} (the gateway's view). The
 * order is shuffled afresh each round ({@link Rounds}); ratios rocksdb / heap are taken per round
 * ({@link PairedRatio}).
 *
 * <p>{@code BENCH_VIEW_RECORDS} (comma-separated, default 1000000) sets the sizes, {@code BENCH_VIEW_ROUNDS}
 * (default 3) the rounds; a size of 5 million or more runs {@code BENCH_VIEW_LARGE_ROUNDS} rounds (default 1:
 * filling and reading 10 million records takes minutes per run on 2 cores).
 */
final class ViewBench {

    static final List<String> VARIANTS = List.of("heap", "rocksdb");

    /** One child JVM's figures. */
    record Run(
            String variant,
            long records,
            int round,
            long catchUpMs,
            long heapAfterGc,
            long rss,
            long disk,
            double getUs) {}

    private ViewBench() {}

    static void run(Path out) throws Exception {
        List<Long> sizes = Arrays.stream(System.getenv()
                        .getOrDefault("BENCH_VIEW_RECORDS", "1000000")
                        .split(","))
                .map(String::trim)
                .map(Long::parseLong)
                .toList();
        int rounds = Integer.parseInt(System.getenv().getOrDefault("BENCH_VIEW_ROUNDS", "3"));
        int largeRounds = Integer.parseInt(System.getenv().getOrDefault("BENCH_VIEW_LARGE_ROUNDS", "1"));
        long seed = Rounds.seed();
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        System.out.println("view bench: sizes " + sizes + ", rounds " + rounds + " (" + largeRounds
                + " from 5M), shuffled with seed " + seed);
        List<Run> runs = new ArrayList<>();
        Map<Long, Double> fillRates = new HashMap<>();
        try (TempDirs tmp = new TempDirs()) {
            Path logs = tmp.dir("logs");
            try (BrokerProcess broker = BrokerProcess.start(tmp.dir("broker"), logs)) {
                System.out.println("broker pid " + broker.pid() + " at " + broker.bootstrap());
                try (Admin admin = broker.admin()) {
                    for (long records : sizes) {
                        String topic = "view-bench-" + records + ".state";
                        double rate = StateTopicFill.fill(admin, broker.bootstrap(), topic, records);
                        fillRates.put(records, rate);
                        System.out.printf("filled %s with %,d records at %,.0f records/s%n", topic, records, rate);
                        int n = records >= 5_000_000 ? largeRounds : rounds;
                        List<List<String>> orders = Rounds.shuffled(VARIANTS, n, seed);
                        for (int r = 0; r < n; r++) {
                            for (String variant : orders.get(r)) {
                                Run run = child(broker.bootstrap(), topic, variant, records, r + 1, tmp, logs);
                                System.out.println("  " + describe(run));
                                runs.add(run);
                            }
                        }
                    }
                }
            }
        }
        String md = markdown(startedAt, seed, sizes, fillRates, runs);
        System.out.println(md);
        Files.createDirectories(out);
        Files.writeString(out.resolve("view.md"), md, StandardCharsets.UTF_8);
    }

    private static Run child(
            String bootstrap, String topic, String variant, long records, int round, TempDirs tmp, Path logs)
            throws Exception {
        // The same maximum heap for both variants of a size, large enough for the in-heap map.
        long maxHeapGb = Math.max(1, (records * 700L + (1L << 30) - 1) >> 30);
        String name = "view-" + variant + "-" + records + "-r" + round;
        Path dir = tmp.root().resolve(name);
        ChildJvm jvm = new ChildJvm(
                name,
                List.of("-Xmx" + maxHeapGb + "g", "-XX:+UseG1GC"),
                ViewBenchChild.class.getName(),
                List.of(bootstrap, topic, variant, dir.toString(), String.valueOf(records)),
                Map.of(),
                logs);
        try {
            String line = jvm.startAndAwaitLine("VIEW RESULT", Duration.ofMinutes(40));
            jvm.awaitLine("VIEW DONE", Duration.ofMinutes(2));
            return parse(line, round);
        } finally {
            jvm.stop();
            TempDirs.delete(dir);
        }
    }

    static Run parse(String line, int round) {
        Map<String, String> f = new HashMap<>();
        for (String part : line.substring(line.indexOf("VIEW RESULT") + "VIEW RESULT".length())
                .trim()
                .split("\\s+")) {
            String[] kv = part.split("=", 2);
            f.put(kv[0], kv[1]);
        }
        return new Run(
                f.get("variant"),
                Long.parseLong(f.get("records")),
                round,
                Long.parseLong(f.get("catchUpMs")),
                Long.parseLong(f.get("heapAfterGc")),
                Long.parseLong(f.get("rss")),
                Long.parseLong(f.get("disk")),
                Double.parseDouble(f.get("getUs")));
    }

    private static String describe(Run r) {
        return String.format(
                "round %d %-7s %,d records: catch-up %.1f s, heap after GC %s, RSS %s, disk %s, get %.2f µs",
                r.round(),
                r.variant(),
                r.records(),
                r.catchUpMs() / 1e3,
                mib(r.heapAfterGc()),
                mib(r.rss()),
                mib(r.disk()),
                r.getUs());
    }

    private static String mib(long bytes) {
        return String.format("%,.0f MiB", bytes / 1048576.0);
    }

    private static String markdown(
            String startedAt, long seed, List<Long> sizes, Map<Long, Double> fillRates, List<Run> runs) {
        StringBuilder md = new StringBuilder();
        md.append("## State view at scale (`./bench/run view`)\n\n")
                .append("Run ")
                .append(startedAt)
                .append(", seed ")
                .append(seed)
                .append(". Medians per variant; ratios rocksdb / heap paired per round (median, min..max).\n\n")
                .append(
                        "| records | variant | rounds | catch-up s | heap after GC MiB | RSS MiB | disk MiB | get µs |\n")
                .append("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (long n : sizes) {
            for (String v : VARIANTS) {
                List<Run> of = runs.stream()
                        .filter(r -> r.records() == n && r.variant().equals(v))
                        .toList();
                if (of.isEmpty()) {
                    continue;
                }
                md.append(String.format(
                        "| %,d | %s | %d | %.1f | %,.0f | %,.0f | %,.0f | %.2f |%n",
                        n,
                        v,
                        of.size(),
                        median(of, r -> r.catchUpMs() / 1e3),
                        median(of, r -> r.heapAfterGc() / 1048576.0),
                        median(of, r -> r.rss() / 1048576.0),
                        median(of, r -> r.disk() / 1048576.0),
                        median(of, Run::getUs)));
            }
        }
        md.append("\n| records | fill records/s | rocksdb / heap: heap after GC | RSS | catch-up time | get |\n")
                .append("| ---: | ---: | --- | --- | --- | --- |\n");
        for (long n : sizes) {
            List<Run> of = runs.stream().filter(r -> r.records() == n).toList();
            md.append(String.format(
                    "| %,d | %,.0f | %s | %s | %s | %s |%n",
                    n,
                    fillRates.getOrDefault(n, Double.NaN),
                    ratio(of, r -> r.heapAfterGc()).describe(),
                    ratio(of, r -> r.rss()).describe(),
                    ratio(of, r -> r.catchUpMs()).describe(),
                    ratio(of, Run::getUs).describe()));
        }
        return md.toString();
    }

    private static PairedRatio ratio(List<Run> runs, ToDoubleFunction<Run> figure) {
        Map<Integer, Double> heap = new HashMap<>();
        Map<Integer, Double> rocks = new HashMap<>();
        for (Run r : runs) {
            (r.variant().equals("heap") ? heap : rocks).put(r.round(), figure.applyAsDouble(r));
        }
        List<Double> ratios = rocks.keySet().stream()
                .filter(heap::containsKey)
                .sorted()
                .map(round -> rocks.get(round) / heap.get(round))
                .toList();
        return PairedRatio.summarize("rocksdb/heap", "rocksdb / heap", ratios);
    }

    private static double median(List<Run> runs, ToDoubleFunction<Run> figure) {
        return Targets.median(runs.stream().mapToDouble(figure).toArray());
    }
}
