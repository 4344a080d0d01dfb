package dev.versioned.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/** The markdown of part f ({@code streams.md}): appends against inventory updates, and against PostgreSQL. */
final class StreamReport {

    /** Everything the report says. */
    record Run(
            String mode,
            String startedAt,
            Map<String, String> machine,
            String loadAtStart,
            String loadAtEnd,
            String commit,
            long seed,
            int records,
            int warmups,
            int rounds,
            List<ThroughputResult> kafka,
            List<StreamPostgres.Result> postgres,
            String postgresVersion,
            List<String> notes) {}

    /** The targets: streams / full at least this, processor / PostgreSQL (best unbatched) at least that. */
    static final double TARGET_VS_UPDATES = 0.8;

    static final double TARGET_VS_POSTGRES = 3.0;

    private StreamReport() {}

    static PairedRatio vsUpdates(List<ThroughputResult> kafka) {
        return PairedRatio.of(
                "appends vs inventory updates",
                "streams / full",
                kafka,
                ThroughputBench.STREAMS,
                ThroughputBench.FULL,
                false);
    }

    /** The measured rounds (not the search) of one PostgreSQL configuration. */
    static List<StreamPostgres.Result> rounds(List<StreamPostgres.Result> pg, StreamPostgres.Config config) {
        return pg.stream()
                .filter(r -> r.round() > 0 && r.config().equals(config))
                .toList();
    }

    /** Processor appends/s against one PostgreSQL configuration's rounds: not paired (they never run together). */
    static PairedRatio vsPostgres(
            List<ThroughputResult> kafka, List<StreamPostgres.Result> pg, StreamPostgres.Config config) {
        return PairedRatio.unpaired(
                "processor appends/s / " + config.name(),
                "median streams rate / median PostgreSQL rate",
                kafka.stream()
                        .filter(r -> r.name().equals(ThroughputBench.STREAMS))
                        .toList(),
                ThroughputResult::recordsPerSecond,
                rounds(pg, config),
                StreamPostgres.Result::rate);
    }

    /** The unbatched configuration with the highest median over its rounds at the given durability. */
    static StreamPostgres.Config bestUnbatched(List<StreamPostgres.Result> pg, boolean synchronousCommit) {
        StreamPostgres.Config best = null;
        double top = -1;
        for (StreamPostgres.Config c : StreamPostgres.CONFIGS) {
            if (c.batch() != 1 || c.synchronousCommit() != synchronousCommit) {
                continue;
            }
            double m = median(rounds(pg, c), StreamPostgres.Result::rate);
            if (!Double.isNaN(m) && m > top) {
                top = m;
                best = c;
            }
        }
        return best;
    }

    private static <T> double median(List<T> runs, ToDoubleFunction<T> value) {
        return Targets.median(runs.stream().mapToDouble(value).toArray());
    }

    private static String range(double[] v) {
        if (v.length == 0) {
            return "n/a";
        }
        return ResultsWriter.f0(Targets.median(v)) + " ("
                + ResultsWriter.f0(Arrays.stream(v).min().getAsDouble()) + ".."
                + ResultsWriter.f0(Arrays.stream(v).max().getAsDouble()) + ")";
    }

    static String verdict(PairedRatio r, double target) {
        if (Double.isNaN(r.median())) {
            return "NOT MEASURED";
        }
        return r.median() >= target ? "met" : "MISS";
    }

    static String markdown(Run run) {
        StringBuilder md = new StringBuilder();
        md.append("# Event streams bench (part f, `BENCH_PARTS=streams`)\n\n");
        md.append(
                "Appends of one ~100-byte event per request decided per second by the product's topology, against"
                        + " conditional inventory ADJUSTs in the same rounds, and against PostgreSQL doing what Message DB's"
                        + " `write_message` does plus the idempotency insert. How it measures: [bench/README.md](../README.md).\n\n");
        md.append("| ratio | median (min..max) | per round | target | verdict |\n| --- | --- | --- | --- | --- |\n");
        PairedRatio updates = vsUpdates(run.kafka());
        md.append("| streams / full (paired per round) | ")
                .append(updates.describe())
                .append(" | ")
                .append(String.join(
                        ", ", updates.perRound().stream().map(ResultsWriter::f2).toList()))
                .append(" | >= ")
                .append(ResultsWriter.f2(TARGET_VS_UPDATES))
                .append(" | ")
                .append(verdict(updates, TARGET_VS_UPDATES))
                .append(" |\n");
        for (boolean sync : List.of(false, true)) {
            StreamPostgres.Config best = bestUnbatched(run.postgres(), sync);
            if (best == null) {
                continue;
            }
            PairedRatio r = vsPostgres(run.kafka(), run.postgres(), best);
            md.append("| processor / PostgreSQL best per append, ")
                    .append(best.name())
                    .append(" | ")
                    .append(r.describe())
                    .append(" |  | ")
                    .append(sync ? "(also reported)" : ">= " + ResultsWriter.f2(TARGET_VS_POSTGRES))
                    .append(" | ")
                    .append(sync ? "" : verdict(r, TARGET_VS_POSTGRES))
                    .append(" |\n");
        }
        for (StreamPostgres.Config c : StreamPostgres.CONFIGS) {
            if (c.batch() == 1 && c.lock() == StreamPostgres.Lock.STREAM) {
                continue; // the headline rows above, unless the category lock won (then it is here too)
            }
            if (rounds(run.postgres(), c).isEmpty()) {
                continue;
            }
            PairedRatio r = vsPostgres(run.kafka(), run.postgres(), c);
            md.append("| processor / PostgreSQL, ")
                    .append(c.name())
                    .append(" | ")
                    .append(r.describe())
                    .append(" |  |  |  |\n");
        }

        md.append("\n### Processor runs (Kafka, exactly_once_v2, 6 partitions, one stream thread)\n\n");
        md.append(
                "| variant | requests/s, median (min..max) | per round | CPU µs/request: bench JVM | broker |\n| --- | ---: | --- | ---: | ---: |\n");
        for (String v : List.of(ThroughputBench.STREAMS, ThroughputBench.FULL)) {
            List<ThroughputResult> of =
                    run.kafka().stream().filter(r -> r.name().equals(v)).toList();
            md.append("| ")
                    .append(v)
                    .append(" | ")
                    .append(range(of.stream()
                            .mapToDouble(ThroughputResult::recordsPerSecond)
                            .toArray()))
                    .append(" | ")
                    .append(String.join(
                            ", ",
                            of.stream()
                                    .map(r -> ResultsWriter.f0(r.recordsPerSecond()))
                                    .toList()))
                    .append(" | ")
                    .append(ResultsWriter.f0(median(of, ThroughputResult::appCpuUs)))
                    .append(" | ")
                    .append(ResultsWriter.f0(median(of, ThroughputResult::brokerCpuUs)))
                    .append(" |\n");
        }

        md.append("\n### Written to Kafka per request\n\nMedian over the rounds, per input request: records read back"
                + " (`read_uncommitted`) and transaction markers (offsets spanned minus records) of every topic of the"
                + " run (changelogs included; the shared reply topic by what the run added to it), and bytes on the"
                + " broker's disk (`describeLogDirs`: the run's own topics whole, the reply topic by what it grew)."
                + " The input is not counted. The group's offset commits are not counted.\n\n"
                + "| variant | topic | records | markers | bytes |\n| --- | --- | ---: | ---: | ---: |\n");
        for (String v : List.of(ThroughputBench.STREAMS, ThroughputBench.FULL)) {
            List<ThroughputResult> of =
                    run.kafka().stream().filter(r -> r.name().equals(v)).toList();
            if (of.isEmpty()) {
                continue;
            }
            Set<String> labels = new LinkedHashSet<>();
            of.forEach(r -> labels.addAll(r.written().keySet()));
            for (String label : labels) {
                md.append("| ")
                        .append(v)
                        .append(" | ")
                        .append(label)
                        .append(" | ")
                        .append(ResultsWriter.f2(
                                median(of, r -> r.written().getOrDefault(label, 0L) / (double) r.records())))
                        .append(" | ")
                        .append(ResultsWriter.f2(
                                median(of, r -> r.markers().getOrDefault(label, 0L) / (double) r.records())))
                        .append(" | ")
                        .append(ResultsWriter.f0(
                                median(of, r -> r.bytes().getOrDefault(label, 0L) / (double) r.records())))
                        .append(" |\n");
            }
            md.append("| ")
                    .append(v)
                    .append(" | **all** | ")
                    .append(ResultsWriter.f2(median(of, ThroughputResult::writtenPerUpdate)))
                    .append(" | ")
                    .append(ResultsWriter.f2(median(of, ThroughputResult::markersPerUpdate)))
                    .append(" | ")
                    .append(ResultsWriter.f0(median(of, ThroughputResult::bytesPerUpdate)))
                    .append(" |\n");
        }

        md.append("\n### PostgreSQL (after the broker stopped)\n\n");
        md.append("Best connection count of each configuration (searched over 1..64, 1..8 batched), then that count"
                + " once per round.\n\n| configuration | connections | appends/s over the rounds, median (min..max) |"
                + " search: appends/s by connections |\n| --- | ---: | ---: | --- |\n");
        for (StreamPostgres.Config c : StreamPostgres.CONFIGS) {
            List<StreamPostgres.Result> measured = rounds(run.postgres(), c);
            List<String> search = new ArrayList<>();
            run.postgres().stream()
                    .filter(r -> r.round() == 0 && r.config().equals(c))
                    .forEach(r -> search.add(r.connections() + ": " + ResultsWriter.f0(r.rate())));
            if (measured.isEmpty() && search.isEmpty()) {
                continue;
            }
            md.append("| ")
                    .append(c.name())
                    .append(" | ")
                    .append(
                            measured.isEmpty()
                                    ? ""
                                    : String.valueOf(measured.get(0).connections()))
                    .append(" | ")
                    .append(range(measured.stream()
                            .mapToDouble(StreamPostgres.Result::rate)
                            .toArray()))
                    .append(" | ")
                    .append(String.join(", ", search))
                    .append(" |\n");
        }
        long refused = run.postgres().stream()
                .mapToLong(StreamPostgres.Result::refused)
                .sum();
        md.append("\nAppends refused or failed on PostgreSQL over all runs: ")
                .append(refused)
                .append(" (none expected).\n");

        md.append("\n### Every processor run\n\n| round | variant | seconds | requests/s | CPU µs: bench | broker |"
                + " records written/request | markers/request | bytes/request |\n| ---: | --- | ---: | ---: | ---: | ---: |"
                + " ---: | ---: | ---: |\n");
        for (ThroughputResult r : run.kafka()) {
            md.append("| ")
                    .append(r.round())
                    .append(" | ")
                    .append(r.name())
                    .append(" | ")
                    .append(ResultsWriter.f2(r.seconds()))
                    .append(" | ")
                    .append(ResultsWriter.f0(r.recordsPerSecond()))
                    .append(" | ")
                    .append(ResultsWriter.f0(r.appCpuUs()))
                    .append(" | ")
                    .append(ResultsWriter.f0(r.brokerCpuUs()))
                    .append(" | ")
                    .append(ResultsWriter.f2(r.writtenPerUpdate()))
                    .append(" | ")
                    .append(ResultsWriter.f2(r.markersPerUpdate()))
                    .append(" | ")
                    .append(ResultsWriter.f0(r.bytesPerUpdate()))
                    .append(" |\n");
        }

        md.append("\n### How it was run\n\n");
        StringBuilder knobs = new StringBuilder();
        for (String knob : List.of("BENCH_RECORDS", "BENCH_ROUNDS", "BENCH_WARMUPS")) {
            String value = System.getenv(knob);
            if (value != null) {
                knobs.append(' ').append(knob).append('=').append(value);
            }
        }
        md.append("- `BENCH_PARTS=streams")
                .append(knobs)
                .append(" BENCH_SEED=")
                .append(run.seed())
                .append(" ./bench/run ")
                .append(run.mode())
                .append("`, started ")
                .append(run.startedAt())
                .append(", commit ")
                .append(run.commit())
                .append('\n');
        md.append("- ")
                .append(String.format("%,d", run.records()))
                .append(" requests per run (appends, or inventory ADJUSTs), ")
                .append(run.warmups())
                .append(" discarded warm-up pass(es), ")
                .append(run.rounds())
                .append(" rounds in shuffled orders (seed ")
                .append(run.seed())
                .append(", `BENCH_SEED` repeats it)\n");
        md.append("- load average (1, 5, 15 min) at the start ")
                .append(run.loadAtStart())
                .append(", at the end ")
                .append(run.loadAtEnd())
                .append('\n');
        md.append("- PostgreSQL: ").append(run.postgresVersion()).append(", fsync on, a fresh throwaway server\n");
        md.append("- machine: ")
                .append(String.join(
                        "; ",
                        run.machine().entrySet().stream()
                                .map(e -> e.getKey() + " " + e.getValue())
                                .toList()))
                .append('\n');
        for (String note : run.notes()) {
            md.append("- ").append(note).append('\n');
        }
        return md.toString();
    }
}
