package dev.versioned.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The markdown of {@code ./bench/run documents} ({@code documents.md}): how it ran, the ratios, every run. */
final class DocumentReport {

    /** Everything the report says. */
    record Run(
            String startedAt,
            double totalSeconds,
            Map<String, String> machine,
            String loadAtStart,
            String loadAtEnd,
            String commit,
            DocumentBench.Knobs knobs,
            long seed,
            String postgresDurability,
            List<DocumentRun> runs) {}

    private DocumentReport() {}

    /** documents / other, per round, summarized. */
    static PairedRatio ratio(List<DocumentRun> runs, String other) {
        Map<Integer, Double> num = DocumentBench.byRound(runs, DocumentBench.DOCUMENTS);
        Map<Integer, Double> den = DocumentBench.byRound(runs, other);
        List<Double> ratios = num.keySet().stream()
                .filter(den::containsKey)
                .map(r -> num.get(r) / den.get(r))
                .toList();
        return PairedRatio.summarize(
                DocumentBench.DOCUMENTS + " / " + other, "per round: documents rate / " + other + " rate", ratios);
    }

    private static double median(List<DocumentRun> runs, java.util.function.ToDoubleFunction<DocumentRun> value) {
        return Targets.median(runs.stream().mapToDouble(value).toArray());
    }

    static String markdown(Run run) {
        DocumentBench.Knobs k = run.knobs();
        StringBuilder md = new StringBuilder();
        md.append("# Documents bench (`./bench/run documents`)\n\n");
        md.append(
                "Versioned writes decided per second: conditional PATCHes of ~1 KB documents over 1,000 ids by the"
                        + " product's topology, against conditional inventory ADJUSTs over 1,000 products in the same harness,"
                        + " and against PostgreSQL writing the same documents to a JSONB column with the outcome under its"
                        + " idempotency key, batched. How it measures: [bench/README.md](../README.md#documents-benchrun-documents).\n\n");
        md.append("| ratio (paired per round) | median (min..max, rounds) | per round |\n| --- | --- | --- |\n");
        for (String other : List.of(DocumentBench.INVENTORY, DocumentBench.POSTGRES)) {
            PairedRatio r = ratio(run.runs(), other);
            if (r.perRound().isEmpty()) {
                continue;
            }
            md.append("| ")
                    .append(r.name())
                    .append(" | ")
                    .append(r.describe())
                    .append(" | ")
                    .append(String.join(
                            ", ", r.perRound().stream().map(ResultsWriter::f2).toList()))
                    .append(" |\n");
        }
        md.append(
                "\n| variant | decided/s, median (min..max) | per round | not applied |\n| --- | ---: | --- | ---: |\n");
        for (String v : run.knobs().variants()) {
            List<DocumentRun> of =
                    run.runs().stream().filter(r -> r.variant().equals(v)).toList();
            double[] rates = of.stream().mapToDouble(DocumentRun::rate).toArray();
            List<String> perRound = new ArrayList<>();
            for (DocumentRun r : of) {
                perRound.add(ResultsWriter.f0(r.rate()));
            }
            md.append("| ")
                    .append(v)
                    .append(" | ")
                    .append(ResultsWriter.f0(Targets.median(rates)))
                    .append(" (")
                    .append(ResultsWriter.f0(
                            java.util.Arrays.stream(rates).min().orElse(Double.NaN)))
                    .append("..")
                    .append(ResultsWriter.f0(
                            java.util.Arrays.stream(rates).max().orElse(Double.NaN)))
                    .append(") | ")
                    .append(String.join(", ", perRound))
                    .append(" | ")
                    .append(of.stream()
                            .mapToLong(r -> r.decided() - r.applied())
                            .sum())
                    .append(" |\n");
        }
        md.append(
                "\n### Written per request\n\nMedian over the rounds. Kafka variants: per request sent over the whole run"
                        + " (after the window the writers stop and every request is decided), records as end offsets (transaction"
                        + " markers included) and bytes on the broker's disk, by topic without the run's prefix; `requests` is"
                        + " the input, the rest is what the processor wrote. PostgreSQL: WAL bytes per decision in the"
                        + " measured window.\n\n| variant | topic or log | records | bytes |\n| --- | --- | ---: | ---: |\n");
        for (String v : run.knobs().variants()) {
            List<DocumentRun> of =
                    run.runs().stream().filter(r -> r.variant().equals(v)).toList();
            if (of.isEmpty()) {
                continue;
            }
            double records = 0;
            double bytes = 0;
            for (String label : of.get(0).bytesPerRequest().keySet()) {
                double rec = median(of, r -> r.recordsPerRequest().getOrDefault(label, Double.NaN));
                double b = median(of, r -> r.bytesPerRequest().getOrDefault(label, Double.NaN));
                md.append("| ")
                        .append(v)
                        .append(" | ")
                        .append(label)
                        .append(" | ")
                        .append(Double.isNaN(rec) ? "" : ResultsWriter.f2(rec))
                        .append(" | ")
                        .append(ResultsWriter.f0(b))
                        .append(" |\n");
                if (!label.equals("requests")) {
                    records += Double.isNaN(rec) ? 0 : rec;
                    bytes += b;
                }
            }
            md.append("| ")
                    .append(v)
                    .append(" | **written, input excluded** | ")
                    .append(records == 0 ? "" : ResultsWriter.f2(records))
                    .append(" | ")
                    .append(ResultsWriter.f0(bytes))
                    .append(" |\n");
        }
        md.append(
                "\n### Every run\n\nCPU per decision: the bench JVM holds the processor (Kafka Streams), the writers and"
                        + " the counter in the Kafka variants, and only the writers (JDBC) for PostgreSQL; the server is the broker"
                        + " JVM, or the PostgreSQL server's processes.\n\n");
        md.append(
                        "| round | position | variant | decided | seconds | decided/s | CPU µs/decision: bench JVM | server |\n")
                .append("| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (DocumentRun r : run.runs()) {
            md.append("| ")
                    .append(r.round())
                    .append(" | ")
                    .append(r.position())
                    .append(" | ")
                    .append(r.variant())
                    .append(" | ")
                    .append(ResultsWriter.f0(r.decided()))
                    .append(" | ")
                    .append(ResultsWriter.f1(r.seconds()))
                    .append(" | ")
                    .append(ResultsWriter.f0(r.rate()))
                    .append(" | ")
                    .append(ResultsWriter.f0(r.benchCpuUs()))
                    .append(" | ")
                    .append(ResultsWriter.f0(r.serverCpuUs()))
                    .append(" |\n");
        }
        md.append("\n### How it was run\n\n");
        md.append("- started ")
                .append(run.startedAt())
                .append(", ")
                .append(ResultsWriter.f0(run.totalSeconds()))
                .append(" s in all; commit ")
                .append(run.commit())
                .append('\n');
        md.append("- ")
                .append(k.rounds())
                .append(" rounds, each variant once per round in a shuffled order (seed ")
                .append(run.seed())
                .append(", `BENCH_SEED` repeats it), after ")
                .append(k.warmupPasses())
                .append(" discarded pass(es) of every variant; per run ")
                .append(k.warmup().toSeconds())
                .append(" s discarded, then ")
                .append(k.measure().toSeconds())
                .append(" s measured; ")
                .append(k.writers())
                .append(" writers; up to ")
                .append(k.window())
                .append(" undecided requests per Kafka writer\n");
        md.append("- load average (1, 5, 15 min) at the start ")
                .append(run.loadAtStart())
                .append(", at the end ")
                .append(run.loadAtEnd())
                .append('\n');
        md.append("- PostgreSQL: ")
                .append(run.machine().getOrDefault("postgresql", "unknown"))
                .append(", ")
                .append(run.postgresDurability())
                .append(", ")
                .append(PostgresBaseline.BATCH)
                .append(" decisions per statement\n");
        md.append("- machine: ");
        md.append(String.join(
                "; ",
                run.machine().entrySet().stream()
                        .filter(e -> !e.getKey().equals("postgresql"))
                        .map(e -> e.getKey() + " " + e.getValue())
                        .toList()));
        md.append('\n');
        return md.toString();
    }
}
