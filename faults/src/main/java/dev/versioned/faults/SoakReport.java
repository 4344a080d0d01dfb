package dev.versioned.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A soak run written down: {@code report.md} (what ran, the verdict, the checker's figures, each fault with
 * what the writers saw around it, a table per minute), {@code samples.csv} (every sample) and
 * {@code chart.svg} (throughput, latency, heap after GC, idempotency entries with their bound, lag).
 */
final class SoakReport {

    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    /** Everything a report is made of. */
    record Run(
            SoakMode mode,
            long seed,
            String command,
            Instant began,
            Instant ended,
            Ledger ledger,
            Optional<Checker.Report> checker,
            List<Sample> samples,
            List<SoakEvent> events,
            IdempotencyBound bound,
            List<String> failures,
            Timeline.Entry[] sends) {

        boolean passed() {
            return failures.isEmpty();
        }
    }

    private SoakReport() {}

    static void write(Path dir, Run run) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("report.md"), markdown(run), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("samples.csv"), csv(run), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("chart.svg"), chart(run), StandardCharsets.UTF_8);
    }

    private static String markdown(Run run) {
        SoakMode mode = run.mode();
        StringBuilder md = new StringBuilder();
        md.append("# Soak: ").append(mode.name()).append("\n\n");
        md.append(
                        "Written by `./faults/soak` (see [the faults README](../../README.md)). The product as separate processes under a steady load through the shipped clients, ")
                .append(
                        mode.rebalance()
                                ? "with processor instances leaving and joining"
                                : "with a fault every " + minutes(mode.faultInterval()))
                .append(", and the independent checker over the topics at the end.\n\n");
        md.append("| | |\n| --- | --- |\n");
        row(md, "verdict", run.passed() ? "**PASSED**" : "**FAILED**");
        row(md, "command", "`" + run.command() + "`");
        row(
                md,
                "ran",
                UTC.format(run.began()) + " to " + UTC.format(run.ended()) + " ("
                        + minutes(Duration.between(run.began(), run.ended())) + " with start-up and check)");
        row(md, "machine", machine());
        row(
                md,
                "processes",
                "a Kafka broker (KRaft, one node), " + mode.processors() + " processors (exactly-once, "
                        + "1 standby replica, commit every 50 ms), " + mode.gateways()
                        + " gateways (shipped configuration, reply timeout " + Soak.GATEWAY_TIMEOUT.toSeconds()
                        + " s): each its own JVM, -Xmx512m, Serial GC; topics of " + mode.partitions() + " partitions");
        row(
                md,
                "load",
                String.format(
                        Locale.ROOT,
                        "%.0f read-modify-write operations/s (steady, paced), %d writers on `InventoryClient` over HTTP"
                                + " (%d per gateway) and %d on `KafkaInventory` straight to Kafka; %d%% of operations on 3 hot"
                                + " products per store, the rest on %d cold ones, in 2 stores",
                        mode.operationsPerSecond(),
                        Soak.HTTP_WRITERS_PER_GATEWAY * mode.gateways(),
                        Soak.HTTP_WRITERS_PER_GATEWAY,
                        Soak.KAFKA_WRITERS,
                        Soak.HOT_PERCENT,
                        Soak.COLD_PRODUCTS));
        row(
                md,
                "bounds",
                minutes(mode.duration()) + " or " + String.format(Locale.ROOT, "%,d", mode.maxRequests())
                        + " requests, whichever comes first");
        row(md, "idempotency retention", minutes(mode.retention()) + " (`inventory.idempotency.retention`)");
        md.append("\n## Results\n\n");
        long sends = run.ledger().sends.get();
        double loadSeconds = run.samples().isEmpty()
                ? 0
                : run.samples().get(run.samples().size() - 1).seconds();
        long[] latencies = Arrays.stream(run.sends())
                .mapToLong(Timeline.Entry::latencyNanos)
                .sorted()
                .toArray();
        md.append("| | |\n| --- | --- |\n");
        row(
                md,
                "requests sent",
                String.format(
                        Locale.ROOT,
                        "%,d in %.1f min: %.0f/s on average (resends and new keys after conflicts included)",
                        sends,
                        loadSeconds / 60,
                        loadSeconds == 0 ? 0 : sends / loadSeconds));
        row(
                md,
                "latency of a send",
                String.format(
                        Locale.ROOT,
                        "p50 %.0f ms, p99 %.0f ms, p99.9 %.0f ms, max %.0f ms (faults included)",
                        Sampler.percentile(latencies, 0.50),
                        Sampler.percentile(latencies, 0.99),
                        Sampler.percentile(latencies, 0.999),
                        Sampler.percentile(latencies, 1.0)));
        row(md, "writers", "`" + run.ledger() + "`");
        row(
                md,
                "checker",
                run.checker()
                        .map(r -> "`requests=" + r.requests() + " results=" + r.results() + " applied=" + r.applied()
                                + " replays=" + r.replays() + " records=" + r.records() + "`, **"
                                + r.violations().size() + " violations**")
                        .orElse("did not run"));
        row(md, "idempotency store", run.bound().toString());
        row(
                md,
                "failures",
                run.failures().isEmpty()
                        ? "none"
                        : run.failures().stream()
                                .limit(20)
                                .map(f -> withoutPaths(f).replace("|", "\\|").replace("\n", " "))
                                .collect(Collectors.joining("<br>")));
        md.append("\n## ")
                .append(mode.rebalance() ? "Leaves and joins" : "Faults")
                .append("\n\n");
        md.append("Serving again: for a killed processor, from the kill to the new process answering `/health/ready`"
                + " (its restore time, after " + Soak.DOWN_TIME.toSeconds() + " s down); for a gateway, from the kill"
                + " to its health checks passing; for the broker, from its stop to every processor ready; for a leave,"
                + " until the process had exited; for a join, until it was ready. The writers' view, in the 60 s"
                + " after the event (or until the next one): the longest single send (a gateway answers 504 after "
                + Soak.GATEWAY_TIMEOUT.toSeconds() + " s, the Kafka client gives up waiting after "
                + KafkaWriter.REPLY_TIMEOUT.toSeconds() + " s, and the send is repeated with the same key), the"
                + " longest a key waited for its definite answer across those resends (what a caller of `update`"
                + " waited), the longest time no writer got any answer, and the unknown outcomes; against the 30 s"
                + " before.\n\n");
        md.append("| at (min) | event | serving again after (s) | longest send (ms) | longest wait for a definite"
                + " answer (ms) | longest without any answer (ms) | unknown outcomes | before: longest send /"
                + " without any answer (ms) |\n");
        md.append("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (SoakEvent e : run.events()) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %.1f | %s | %s | %.0f | %.0f | %.0f | %d | %.0f / %.0f |%n",
                    e.seconds() / 60,
                    e.label(),
                    e.readySeconds().isPresent()
                            ? String.format(
                                    Locale.ROOT, "%.1f", e.readySeconds().getAsDouble())
                            : "",
                    e.pause().maxLatencyMillis(),
                    e.pause().longestKeyWaitMillis(),
                    e.pause().longestGapMillis(),
                    e.pause().unknown(),
                    e.pause().baselineMaxLatencyMillis(),
                    e.pause().baselineLongestGapMillis()));
        }
        md.append("\n## Per minute\n\n");
        md.append("Requests per second and latency over the sends that ended in the minute. Idempotency entries: live"
                + " ones counted from the stores' changelog (one copy per partition), and the processors' metric"
                + " `inventory_processor_idempotency_store_entries` (live entries as each active store's last complete"
                + " sweep pass counted them, all processors), both the last sample of the minute. Lags: the largest sample of the minute."
                + " The heap is measured after a full GC, once a minute.\n\n");
        List<String> jvms = names(run.samples(), Sample::heapAfterGc);
        md.append("| min | requests/s | p99 (ms) | max (ms) | unknown | idempotency entries (changelog) |"
                + " idempotency entries (metric) | requests lag | state view lag |");
        jvms.forEach(j -> md.append(" heap ").append(j).append(" (MB) |"));
        md.append(" events |\n|");
        md.append(" ---: |".repeat(9 + jvms.size())).append(" --- |\n");
        int minutes = (int) Math.ceil(loadSeconds / 60);
        for (int m = 0; m < minutes; m++) {
            int minute = m;
            List<Sample> in = run.samples().stream()
                    .filter(s -> s.seconds() > minute * 60 && s.seconds() <= (minute + 1) * 60)
                    .toList();
            if (in.isEmpty()) {
                continue;
            }
            long from = (long) (minute * 60e9);
            long to = (long) ((minute + 1) * 60e9);
            long[] inMinute = Arrays.stream(run.sends())
                    .filter(e -> e.end() >= from && e.end() < to)
                    .mapToLong(Timeline.Entry::latencyNanos)
                    .sorted()
                    .toArray();
            Sample last = in.get(in.size() - 1);
            double seconds = Math.min(60, last.seconds() - minute * 60);
            md.append(String.format(
                    Locale.ROOT,
                    "| %d | %.0f | %.0f | %.0f | %d | %d | %d | %d | %d |",
                    minute + 1,
                    inMinute.length / Math.max(1, seconds),
                    Sampler.percentile(inMinute, 0.99),
                    Sampler.percentile(inMinute, 1.0),
                    in.stream().mapToLong(Sample::unknown).sum(),
                    last.idempotencyLive(),
                    last.idempotencyTotal(),
                    in.stream().mapToLong(Sample::requestsLag).max().orElse(-1),
                    in.stream()
                            .flatMap(s -> s.stateViewLag().values().stream())
                            .mapToLong(Long::longValue)
                            .max()
                            .orElse(-1)));
            for (String jvm : jvms) {
                Optional<Long> heap = in.stream()
                        .filter(s -> s.heapAfterGc().containsKey(jvm))
                        .map(s -> s.heapAfterGc().get(jvm))
                        .reduce((a, b) -> b);
                md.append(heap.map(h -> " " + h / (1024 * 1024) + " |").orElse(" |"));
            }
            String events = run.events().stream()
                    .filter(e -> e.seconds() > minute * 60 && e.seconds() <= (minute + 1) * 60)
                    .map(SoakEvent::label)
                    .collect(Collectors.joining(", "));
            md.append(' ').append(events).append(" |\n");
        }
        md.append("\nEvery sample (every ")
                .append(Soak.SAMPLE_INTERVAL.toSeconds())
                .append(" s): [samples.csv](samples.csv).\n\n![throughput, latency, heap after GC, idempotency"
                        + " entries and lag over the run](chart.svg)\n");
        return md.toString();
    }

    /** The report is kept in the repository: no paths of the machine it ran on. */
    private static String withoutPaths(String text) {
        return text.replace(ProcessStack.ROOT + "/", "")
                .replace(
                        Path.of(System.getProperty("java.io.tmpdir"))
                                .toAbsolutePath()
                                .toString(),
                        "<tmp>");
    }

    private static void row(StringBuilder md, String name, String value) {
        md.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }

    private static String minutes(Duration d) {
        long seconds = d.toSeconds();
        return seconds % 60 == 0 ? seconds / 60 + " min" : String.format(Locale.ROOT, "%.1f min", seconds / 60.0);
    }

    private static String machine() {
        long memory = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    memory = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: leave the memory out
        }
        return Runtime.getRuntime().availableProcessors() + " cores"
                + (memory > 0 ? String.format(Locale.ROOT, ", %.0f GiB", memory / (1024.0 * 1024 * 1024)) : "")
                + ", JDK " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + "), "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                + "; shared with other work";
    }

    private static List<String> names(
            List<Sample> samples, java.util.function.Function<Sample, java.util.Map<String, Long>> of) {
        Set<String> names = new LinkedHashSet<>();
        samples.forEach(s -> names.addAll(of.apply(s).keySet()));
        return new ArrayList<>(names);
    }

    private static String csv(Run run) {
        List<String> processors = names(run.samples(), Sample::idempotencyEntries);
        List<String> gateways = names(run.samples(), Sample::stateViewLag);
        List<String> jvms = names(run.samples(), Sample::heapAfterGc);
        StringBuilder csv = new StringBuilder(
                "seconds,sends_per_s,decided_per_s,unknown,p50_ms,p99_ms,max_ms,idempotency_live,idempotency_metric,requests_lag,processors_ready");
        processors.forEach(p -> csv.append(",idempotency_entries_").append(p));
        gateways.forEach(g -> csv.append(",state_view_lag_").append(g));
        jvms.forEach(j -> csv.append(",heap_after_gc_bytes_").append(j));
        csv.append('\n');
        for (Sample s : run.samples()) {
            csv.append(String.format(
                    Locale.ROOT,
                    "%.1f,%.1f,%.1f,%d,%.1f,%.1f,%.1f,%d,%d,%d,%d",
                    s.seconds(),
                    s.sendsPerSecond(),
                    s.decidedPerSecond(),
                    s.unknown(),
                    s.p50Millis(),
                    s.p99Millis(),
                    s.maxMillis(),
                    s.idempotencyLive(),
                    s.idempotencyTotal(),
                    s.requestsLag(),
                    s.processorsReady()));
            processors.forEach(
                    p -> csv.append(',').append(orEmpty(s.idempotencyEntries().get(p))));
            gateways.forEach(
                    g -> csv.append(',').append(orEmpty(s.stateViewLag().get(g))));
            jvms.forEach(j -> csv.append(',').append(orEmpty(s.heapAfterGc().get(j))));
            csv.append('\n');
        }
        return csv.toString();
    }

    private static String orEmpty(Long value) {
        return value == null ? "" : value.toString();
    }

    private static String chart(Run run) {
        List<Sample> samples = run.samples();
        double[] x = samples.stream().mapToDouble(Sample::minutes).toArray();
        double maxMinute = x.length == 0 ? 1 : x[x.length - 1];
        List<SvgChart.Panel> panels = new ArrayList<>();
        panels.add(new SvgChart.Panel(
                "requests per second (sends that ended, any outcome)",
                List.of(new SvgChart.Series(
                        "requests/s", SvgChart.color(0), x, values(samples, Sample::sendsPerSecond))),
                List.of()));
        panels.add(new SvgChart.Panel(
                "latency of a send (ms), per 10 s",
                List.of(
                        new SvgChart.Series("p99", SvgChart.color(1), x, values(samples, Sample::p99Millis)),
                        new SvgChart.Series("p50", SvgChart.color(2), x, values(samples, Sample::p50Millis))),
                List.of()));
        List<SvgChart.Series> heap = new ArrayList<>();
        List<String> jvms = names(samples, Sample::heapAfterGc);
        for (int j = 0; j < jvms.size(); j++) {
            String jvm = jvms.get(j);
            List<double[]> points = samples.stream()
                    .filter(s -> s.heapAfterGc().containsKey(jvm))
                    .map(s -> new double[] {s.minutes(), s.heapAfterGc().get(jvm) / (1024.0 * 1024)})
                    .toList();
            heap.add(new SvgChart.Series(
                    jvm,
                    SvgChart.color(j),
                    points.stream().mapToDouble(p -> p[0]).toArray(),
                    points.stream().mapToDouble(p -> p[1]).toArray()));
        }
        panels.add(new SvgChart.Panel("heap after a full GC (MB), per JVM", heap, List.of()));
        List<SvgChart.Series> idempotency = new ArrayList<>();
        idempotency.add(new SvgChart.Series(
                "live entries", SvgChart.color(4), x, values(samples, s -> (double) s.idempotencyLive())));
        if (run.bound().reached()) {
            idempotency.add(new SvgChart.Series(
                    "bound: 2x what the last retention's requests explain",
                    "#d62728",
                    x,
                    run.bound().boundOver(samples)));
        }
        panels.add(new SvgChart.Panel(
                "idempotency store entries, live (from the changelog); retention "
                        + minutes(run.mode().retention()),
                idempotency,
                List.of()));
        panels.add(new SvgChart.Panel(
                "inventory_processor_idempotency_store_entries (counted by the sweep, all processors)",
                List.of(new SvgChart.Series(
                        "metric", SvgChart.color(7), x, values(samples, s -> (double) s.idempotencyTotal()))),
                List.of()));
        List<SvgChart.Series> lag = new ArrayList<>();
        lag.add(new SvgChart.Series(
                "requests lag",
                SvgChart.color(3),
                x,
                values(samples, s -> s.requestsLag() < 0 ? Double.NaN : s.requestsLag())));
        List<String> gateways = names(samples, Sample::stateViewLag);
        for (int g = 0; g < gateways.size(); g++) {
            String gateway = gateways.get(g);
            lag.add(new SvgChart.Series(
                    "state view lag " + gateway,
                    SvgChart.color(5 + g),
                    x,
                    values(
                            samples,
                            s -> s.stateViewLag().containsKey(gateway)
                                    ? (double) s.stateViewLag().get(gateway)
                                    : Double.NaN)));
        }
        panels.add(
                new SvgChart.Panel("consumer lag on the requests topic, and state view lag (records)", lag, List.of()));
        List<SvgChart.Marker> markers = run.events().stream()
                .map(e -> new SvgChart.Marker(e.seconds() / 60, e.label()))
                .toList();
        String title = String.format(
                Locale.ROOT,
                "soak %s, seed %d: %.0f operations/s, %s",
                run.mode().name(),
                run.seed(),
                run.mode().operationsPerSecond(),
                run.passed() ? "passed" : "FAILED");
        return SvgChart.render(title, maxMinute, panels, markers);
    }

    private static double[] values(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> f) {
        return samples.stream().mapToDouble(f).toArray();
    }
}
