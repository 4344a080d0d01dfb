package dev.versioned.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Writes a run's results: {@code results.json} (every figure), {@code results.md} (the tables, also
 * printed to the console) and three PNG charts (throughput, HTTP latency, contention), into one directory.
 */
final class ResultsWriter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultsWriter() {}

    static void write(BenchResults results, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("results.json"), json(results));
        Files.writeString(dir.resolve("results.md"), markdown(results));
        System.setProperty("java.awt.headless", "true");
        try {
            throughputChart(results, dir.resolve("throughput.png"));
            latencyChart(results, dir.resolve("latency.png"));
            contentionChart(results, dir.resolve("contention.png"));
        } catch (RuntimeException | Error e) {
            System.err.println("charts could not be drawn: " + e);
        }
    }

    private static String cpu(Map<String, Double> perRequest) {
        StringBuilder s = new StringBuilder();
        perRequest.forEach((k, v) ->
                s.append(s.length() == 0 ? "" : ", ").append(k).append(' ').append(f0(v)));
        return s.toString();
    }

    static String json(BenchResults r) throws IOException {
        ObjectNode root = JSON.valueToTree(r);
        // Derived figures, so readers of the JSON need not recompute them.
        ArrayNode tp = (ArrayNode) root.get("throughput");
        for (int i = 0; i < r.throughput().size(); i++) {
            ((ObjectNode) tp.get(i))
                    .put("writtenPerUpdate", r.throughput().get(i).writtenPerUpdate());
            ((ObjectNode) tp.get(i))
                    .put("markersPerUpdate", r.throughput().get(i).markersPerUpdate());
        }
        for (String field : List.of("contention", "postgres")) {
            ArrayNode arr = (ArrayNode) root.get(field);
            List<ContentionResult> src = field.equals("contention") ? r.contention() : r.postgres();
            for (int i = 0; i < src.size(); i++) {
                ObjectNode n = (ObjectNode) arr.get(i);
                n.put("goodput", src.get(i).goodput());
                n.put("conflictRate", src.get(i).conflictRate());
                n.put("attemptsPerSuccess", src.get(i).attemptsPerSuccess());
            }
        }
        ArrayNode targets = (ArrayNode) root.get("targets");
        for (int i = 0; i < r.targets().size(); i++) {
            ((ObjectNode) targets.get(i)).put("verdict", r.targets().get(i).verdict());
        }
        return JSON.writeValueAsString(root) + "\n";
    }

    static String markdown(BenchResults r) {
        StringBuilder md = new StringBuilder();
        md.append("## Bench results (")
                .append(r.mode())
                .append(" run, ")
                .append(r.startedAt())
                .append(", ")
                .append(f0(r.totalSeconds()))
                .append(" s)\n\n");
        md.append("Machine: ");
        r.machine().forEach((k, v) -> md.append(k).append(" ").append(v).append("; "));
        md.append(
                "\n\n### Targets (ratios within this run)\n\n| target | formula | measured | goal | verdict |\n|---|---|---|---|---|\n");
        for (Target t : r.targets()) {
            md.append("| ")
                    .append(t.name())
                    .append(" | ")
                    .append(t.formula())
                    .append(" | ")
                    .append(t.measured())
                    .append(" | ")
                    .append(Double.isNaN(t.threshold()) ? "(none)" : (t.atLeast() ? ">= " : "<= ") + f2(t.threshold()))
                    .append(" | **")
                    .append(t.verdict())
                    .append("** |\n");
        }
        throughputSection(r, md);
        if (r.serdeCost() != null) {
            SerdeCost.Cost c = r.serdeCost();
            md.append("\n\nSerde cost, one thread, per applied update (µs): parse+validate ")
                    .append(f2(c.parseUs()))
                    .append(", fingerprint ")
                    .append(f2(c.fingerprintUs()))
                    .append(", record ser+deser ")
                    .append(f2(c.recordUs()))
                    .append(", result ser ")
                    .append(f2(c.resultUs()))
                    .append("; sum ")
                    .append(f2(c.totalUs()))
                    .append(".");
        }
        if (r.lookupCost() != null) {
            IdempotencyLookupCost.Cost c = r.lookupCost();
            md.append("\n\nIdempotency lookup + put of a new key, ")
                    .append(c.keys())
                    .append(" keys, one thread (µs each): first design, window store ")
                    .append(f1(c.windowStoreUs()))
                    .append("; production, key-value store ")
                    .append(f1(c.keyValueStoreUs()))
                    .append(" (")
                    .append(f1(c.windowStoreUs() / c.keyValueStoreUs()))
                    .append("x faster).");
        }
        md.append("\n\n### HTTP end to end, open loop (c); latency from the intended send time, ms\n\n");
        md.append(
                "| commit.interval.ms | rate/s | sent | 200 | errors | p50 | p99 | p99.9 | max | answered/s | max send lag ms | statuses | CPU µs/request |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (LatencyResult l : r.latency()) {
            md.append("| ")
                    .append(l.commitIntervalMs())
                    .append(" | ")
                    .append(l.targetRate())
                    .append(" | ")
                    .append(l.sent())
                    .append(" | ")
                    .append(l.ok())
                    .append(" | ")
                    .append(l.errors())
                    .append(" | ")
                    .append(f1(l.p50()))
                    .append(" | ")
                    .append(f1(l.p99()))
                    .append(" | ")
                    .append(f1(l.p999()))
                    .append(" | ")
                    .append(f1(l.max()))
                    .append(" | ")
                    .append(f0(l.achievedRate()))
                    .append(" | ")
                    .append(f1(l.maxSendLagMs()))
                    .append(" | ")
                    .append(l.statuses())
                    .append(" | ")
                    .append(cpu(l.cpuUsPerRequest()))
                    .append(" |\n");
        }
        HttpReport.capacity(r.capacity(), md);
        HotRowReport.splits(r.hotRowSplits(), md);
        postgresSection(r, md);
        md.append("\n### Contention and PostgreSQL baseline (d, e)\n\n");
        md.append(
                "| system | workload | writers | applied/s | conflict rate | attempts per success | errors |\n|---|---|---|---|---|---|---|\n");
        List<ContentionResult> all = new ArrayList<>(r.contention());
        all.addAll(r.postgres());
        for (ContentionResult c : all) {
            md.append("| ")
                    .append(c.system())
                    .append(" | ")
                    .append(c.workload())
                    .append(" | ")
                    .append(c.writers())
                    .append(" | ")
                    .append(f0(c.goodput()))
                    .append(" | ")
                    .append(f2(c.conflictRate() * 100))
                    .append("% | ")
                    .append(f2(c.attemptsPerSuccess()))
                    .append(" | ")
                    .append(c.errors())
                    .append(" |\n");
        }
        if (!r.notes().isEmpty()) {
            md.append("\n### Notes\n\n");
            r.notes().forEach(n -> md.append("- ").append(n).append("\n"));
        }
        return md.toString();
    }

    /** Parts a and b: every run by round, the per-round ratios, and what each variant wrote per update. */
    private static void throughputSection(BenchResults r, StringBuilder md) {
        md.append("\n### Processor throughput, exactly_once_v2, 1,000 products, 6 partitions (a, b)\n\n");
        md.append("Input: ")
                .append(r.throughput().isEmpty() ? 0 : r.throughput().get(0).records())
                .append(" pre-produced requests (producer: ")
                .append(f0(r.producerRate()))
                .append(" records/s). ")
                .append("Every variant once per round, in a shuffled order (seed ")
                .append(r.seed())
                .append("), after discarded warm-up passes.\n\n");
        md.append("| round | variant | records/s | drain s | records written per update | transaction markers"
                + " | state records on the request's partition | app CPU µs/update | broker CPU µs/update |\n"
                + "|---|---|---|---|---|---|---|---|---|\n");
        for (ThroughputResult t : r.throughput()) {
            md.append("| ")
                    .append(t.round())
                    .append(" | ")
                    .append(t.name())
                    .append(" | ")
                    .append(f0(t.recordsPerSecond()))
                    .append(" | ")
                    .append(f2(t.seconds()))
                    .append(" | ")
                    .append(f2(t.writtenPerUpdate()))
                    .append(" | ")
                    .append(t.markers().values().stream()
                            .mapToLong(Long::longValue)
                            .sum())
                    .append(" | ")
                    .append(
                            Double.isNaN(t.stateOnRequestPartition())
                                    ? "-"
                                    : f0(t.stateOnRequestPartition() * 100) + "%")
                    .append(" | ")
                    .append(f0(t.appCpuUs()))
                    .append(" | ")
                    .append(f0(t.brokerCpuUs()))
                    .append(" |\n");
        }
        md.append("\nRatios, each taken within a round from that round's two runs: median (min..max).\n\n"
                + "| ratio | formula | median (min..max) | per round |\n|---|---|---|---|\n");
        for (PairedRatio p : r.ratios()) {
            md.append("| ")
                    .append(p.name())
                    .append(" | ")
                    .append(p.formula())
                    .append(" | ")
                    .append(p.describe())
                    .append(" | ")
                    .append(p.perRound().stream().map(ResultsWriter::f2).toList())
                    .append(" |\n");
        }
        md.append("\nPer variant, medians over the rounds: records/s; records written per update by topic (read back"
                + " with read_uncommitted; transaction markers, which take an offset each, counted apart as end-offset"
                + " span minus records; the group's offset commits to __consumer_offsets are not counted).\n\n"
                + "| variant | what | records/s | written per update, by topic | markers per 1,000 updates | app / broker CPU µs/update |\n"
                + "|---|---|---|---|---|---|\n");
        Map<String, List<ThroughputResult>> byName = new LinkedHashMap<>();
        ThroughputBench.VARIANTS.forEach(v -> byName.put(v.name(), new ArrayList<>()));
        r.throughput()
                .forEach(t ->
                        byName.computeIfAbsent(t.name(), k -> new ArrayList<>()).add(t));
        byName.values().removeIf(List::isEmpty);
        byName.forEach((name, runs) -> {
            Map<String, Double> perTopic = new LinkedHashMap<>();
            runs.forEach(t -> t.written()
                    .keySet()
                    .forEach(k -> perTopic.putIfAbsent(
                            k,
                            Targets.median(runs.stream()
                                    .mapToDouble(x -> x.written().getOrDefault(k, 0L) / (double) x.records())
                                    .toArray()))));
            StringBuilder topics = new StringBuilder();
            perTopic.forEach((k, v) -> topics.append(topics.length() == 0 ? "" : ", ")
                    .append(k)
                    .append(' ')
                    .append(f2(v)));
            md.append("| ")
                    .append(name)
                    .append(" | ")
                    .append(runs.get(0).description())
                    .append(" | ")
                    .append(f0(Targets.medianRate(r.throughput(), name)))
                    .append(" | ")
                    .append(topics)
                    .append(" | ")
                    .append(f2(1_000 * median(runs, ThroughputResult::markersPerUpdate)))
                    .append(" | ")
                    .append(f0(median(runs, ThroughputResult::appCpuUs)))
                    .append(" / ")
                    .append(f0(median(runs, ThroughputResult::brokerCpuUs)))
                    .append(" |\n");
        });
    }

    private static <T> double median(List<T> rows, ToDoubleFunction<T> f) {
        return Targets.median(rows.stream().mapToDouble(f).toArray());
    }

    /** Part e over 1,000 products: the search for the best connection count, then the measured rounds. */
    private static void postgresSection(BenchResults r, StringBuilder md) {
        if (r.postgresAggregate().isEmpty()) {
            return;
        }
        md.append("\n### PostgreSQL baseline, 1,000 products, fsync on (e)\n\nApplied decisions/s by connection count"
                + " (the search, one short run each; batched only up to 8 connections, so that a writer's share holds"
                + " 100 distinct products):\n\n| configuration |");
        List<Integer> counts = r.postgresAggregate().stream()
                .map(PostgresResult::connections)
                .distinct()
                .sorted()
                .toList();
        counts.forEach(c -> md.append(' ').append(c).append(" |"));
        md.append("\n|---|").append("---|".repeat(counts.size())).append("\n");
        Map<String, List<PostgresResult>> byConfig = new LinkedHashMap<>();
        r.postgresAggregate()
                .forEach(p -> byConfig.computeIfAbsent(p.config(), k -> new ArrayList<>())
                        .add(p));
        byConfig.forEach((config, rows) -> {
            md.append("| ").append(config).append(" |");
            for (int c : counts) {
                md.append(' ')
                        .append(rows.stream()
                                .filter(p -> p.round() == 0 && p.connections() == c)
                                .findFirst()
                                .map(p -> f0(p.goodput()))
                                .orElse("-"))
                        .append(" |");
            }
            md.append("\n");
        });
        md.append("\nThe best count of each configuration, once per round (shuffled; separate from the Kafka rounds,"
                + " since PostgreSQL runs after the broker is stopped):\n\n"
                + "| configuration | connections | applied/s per round | median | transactions/s (median) | conflicts | errors |\n"
                + "|---|---|---|---|---|---|---|\n");
        byConfig.forEach((config, rows) -> {
            List<PostgresResult> measured =
                    rows.stream().filter(p -> p.round() > 0).toList();
            if (measured.isEmpty()) {
                return;
            }
            md.append("| ")
                    .append(config)
                    .append(" | ")
                    .append(measured.get(0).connections())
                    .append(" | ")
                    .append(measured.stream().map(p -> f0(p.goodput())).toList())
                    .append(" | ")
                    .append(f0(median(measured, PostgresResult::goodput)))
                    .append(" | ")
                    .append(f0(median(measured, p -> p.transactions() / p.seconds())))
                    .append(" | ")
                    .append(measured.stream()
                            .mapToLong(PostgresResult::conflicts)
                            .sum())
                    .append(" | ")
                    .append(measured.stream().mapToLong(PostgresResult::errors).sum())
                    .append(" |\n");
        });
    }

    private static void throughputChart(BenchResults r, Path file) throws IOException {
        CategoryChart chart = new CategoryChartBuilder()
                .width(1000)
                .height(520)
                .title("Applied updates/s (median), 1,000 products, same run")
                .yAxisTitle("records/s")
                .build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(20);
        chart.getStyler().setLabelsVisible(true);
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (ThroughputBench.Variant v : ThroughputBench.VARIANTS) {
            if (r.throughput().stream().anyMatch(t -> t.name().equals(v.name()))) {
                names.add(v.name());
                values.add((double) Math.round(Targets.medianRate(r.throughput(), v.name())));
            }
        }
        // In the search's order of configurations (the rounds ran in shuffled orders).
        Map<String, List<PostgresResult>> pg = new LinkedHashMap<>();
        r.postgresAggregate()
                .forEach(p ->
                        pg.computeIfAbsent(p.config(), k -> new ArrayList<>()).add(p));
        pg.forEach((config, rows) -> {
            List<PostgresResult> measured =
                    rows.stream().filter(p -> p.round() > 0).toList();
            if (!measured.isEmpty()) {
                names.add("postgres " + config.replace("synchronous_commit=", "sync ") + ", W="
                        + measured.get(0).connections());
                values.add((double) Math.round(median(measured, PostgresResult::goodput)));
            }
        });
        if (names.isEmpty()) {
            return;
        }
        chart.addSeries("records/s", names, values);
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void latencyChart(BenchResults r, Path file) throws IOException {
        if (r.latency().isEmpty()) {
            return;
        }
        XYChart chart = new XYChartBuilder()
                .width(900)
                .height(520)
                .title("HTTP latency, open loop (from intended send time)")
                .xAxisTitle("rate (req/s)")
                .yAxisTitle("ms")
                .build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        for (int commit : r.latency().stream()
                .mapToInt(LatencyResult::commitIntervalMs)
                .distinct()
                .toArray()) {
            List<LatencyResult> rows = r.latency().stream()
                    .filter(l -> l.commitIntervalMs() == commit)
                    .toList();
            List<Double> x = rows.stream().map(l -> (double) l.targetRate()).toList();
            chart.addSeries(
                    "p50, commit " + commit + " ms",
                    x,
                    rows.stream().map(l -> Math.max(0.1, l.p50())).toList());
            chart.addSeries(
                    "p99, commit " + commit + " ms",
                    x,
                    rows.stream().map(l -> Math.max(0.1, l.p99())).toList());
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void contentionChart(BenchResults r, Path file) throws IOException {
        List<ContentionResult> all = new ArrayList<>(r.contention());
        r.postgres().stream().filter(p -> p.workload().startsWith("hot")).forEach(all::add);
        if (all.isEmpty()) {
            return;
        }
        XYChart chart = new XYChartBuilder()
                .width(900)
                .height(520)
                .title("One hot product: applied updates/s")
                .xAxisTitle("writers")
                .yAxisTitle("applied/s")
                .build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        Map<String, List<ContentionResult>> series = new LinkedHashMap<>();
        all.forEach(c -> series.computeIfAbsent(c.system() + ", " + c.workload(), k -> new ArrayList<>())
                .add(c));
        series.forEach((name, rows) -> chart.addSeries(
                name,
                rows.stream().map(c -> (double) c.writers()).toList(),
                rows.stream().map(ContentionResult::goodput).toList()));
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    static String f0(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
