package dev.versioned.bench;

import dev.versioned.processor.store.IdempotencyStore;
import dev.versioned.processor.store.InventoryStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The markdown of one restore bench run ({@link RestoreBench}): {@code restore.md}. */
final class RestoreReport {

    /** Everything one run measured. */
    record Run(
            String startedAt,
            long seed,
            long records,
            long requests,
            double produceRate,
            double decideRate,
            String loadAtStart,
            String loadAtEnd,
            double seconds,
            List<RestoreBench.Changelog> changelogs,
            List<RestoreBench.Restore> restores,
            List<RestoreBench.Failover> failovers) {}

    private RestoreReport() {}

    static String markdown(Run run) {
        StringBuilder md = new StringBuilder();
        md.append("## A processor's restore at scale (`./bench/run restore`)\n\n")
                .append(String.format(
                        "Run %s, %,d records (%,d requests decided), seed %d, %.0f s end to end. Machine: %d cores, "
                                + "%s, JDK %s. Load averages (1, 5, 15 min) at start %s, at end %s.%n%n",
                        run.startedAt(),
                        run.records(),
                        run.requests(),
                        run.seed(),
                        run.seconds(),
                        Runtime.getRuntime().availableProcessors(),
                        memory(),
                        System.getProperty("java.version"),
                        run.loadAtStart(),
                        run.loadAtEnd()))
                .append(String.format(
                        "Fill: produced at %,.0f requests/s; one processor decided them at %,.0f requests/s.%n%n",
                        run.produceRate(), run.decideRate()))
                .append(
                        "| changelog | offsets (records and markers) | bytes on the broker | bytes per record restored |\n")
                .append("| --- | ---: | ---: | ---: |\n");
        RestoreBench.Restore first =
                run.restores().isEmpty() ? null : run.restores().get(0);
        for (RestoreBench.Changelog c : run.changelogs()) {
            long restored = first == null
                    ? 0
                    : c.store().equals(InventoryStore.NAME) ? first.inventoryRestored() : first.idempotencyRestored();
            md.append(String.format(
                    "| %s | %,d | %,d | %s |%n",
                    c.store(),
                    c.offsets(),
                    c.bytes(),
                    restored == 0 ? "-" : String.format("%.0f", c.bytes() / (double) restored)));
        }
        md.append("\n| restore round | ready s | served s | ")
                .append(InventoryStore.NAME)
                .append(" records | ")
                .append(IdempotencyStore.NAME)
                .append(" records | JVM launch s | restore s (first start to last end) | records/s restoring | "
                        + "slowest partition s |\n")
                .append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (RestoreBench.Restore r : run.restores()) {
            md.append(String.format(
                    "| %d | %.1f | %.1f | %,d | %,d | %.1f | %.1f | %,.0f | %.1f |%n",
                    r.round(),
                    r.readyMs() / 1e3,
                    r.servedMs() / 1e3,
                    r.inventoryRestored(),
                    r.idempotencyRestored(),
                    r.launchMs() / 1e3,
                    r.restoreWindowMs() / 1e3,
                    (r.inventoryRestored() + r.idempotencyRestored()) / (r.restoreWindowMs() / 1e3),
                    r.slowestMs() / 1e3));
        }
        md.append(
                "\nReady: from the JVM's launch until `ProcessorHealth` is ready with all 6 tasks active, after every "
                        + "non-empty changelog partition's restore ended. Served: until a new request on each of the 6 "
                        + "partitions, sent at the launch, was answered on the results topic. JVM launch: until `main` starts the "
                        + "processor. The restores of the 12 changelog partitions run interleaved on one state updater thread.\n");
        if (!run.failovers().isEmpty()) {
            md.append(
                            "\n| failover round | variant | ready s after kill -9 | served s after kill -9 | survivor "
                                    + "'s first change of status s after kill -9 | records restored after the kill | their restore s |\n")
                    .append("| ---: | --- | ---: | ---: | ---: | ---: | ---: |\n");
            for (RestoreBench.Failover f : run.failovers()) {
                md.append(String.format(
                        "| %d | %s | %.1f | %.1f | %.1f | %,d | %.1f |%n",
                        f.round(),
                        f.variant(),
                        f.readyMs() / 1e3,
                        f.servedMs() / 1e3,
                        f.rebalanceMs() / 1e3,
                        f.restoredAfterKill(),
                        f.restoreWindowMs() / 1e3));
            }
            md.append("\nstandby / no-standby, paired per round: ready ")
                    .append(ratio(run.failovers(), RestoreBench.Failover::readyMs)
                            .describe())
                    .append(", served ")
                    .append(ratio(run.failovers(), RestoreBench.Failover::servedMs)
                            .describe())
                    .append(". Both include the consumer's session timeout (45 s by default): the group notices the "
                            + "killed member only then.\n");
        }
        return md.toString();
    }

    private static PairedRatio ratio(List<RestoreBench.Failover> runs, ToDoubleFunction<RestoreBench.Failover> figure) {
        Map<Integer, Double> none = new HashMap<>();
        Map<Integer, Double> standby = new HashMap<>();
        for (RestoreBench.Failover f : runs) {
            (f.variant().equals("standby") ? standby : none).put(f.round(), figure.applyAsDouble(f));
        }
        List<Double> ratios = new ArrayList<>();
        standby.keySet().stream()
                .filter(none::containsKey)
                .sorted()
                .forEach(round -> ratios.add(standby.get(round) / none.get(round)));
        return PairedRatio.summarize("standby/no-standby", "standby / no-standby", ratios);
    }

    private static String memory() {
        try {
            String total = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/meminfo")).stream()
                    .filter(l -> l.startsWith("MemTotal:"))
                    .findFirst()
                    .orElse("")
                    .replaceAll("[^0-9]", "");
            return String.format("%.0f GiB", Long.parseLong(total) / 1048576.0);
        } catch (java.io.IOException | NumberFormatException e) {
            return "memory unknown";
        }
    }
}
