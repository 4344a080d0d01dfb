package dev.versioned.bench;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time used by named processes between two readings: on a 2-core machine where the broker, the
 * services and the load generator share the cores, it tells which one a run is bound by.
 */
final class CpuClock {

    /** The name under which the bench's own JVM (load generator, or the Streams app of parts a/b) is read. */
    static final String BENCH = "bench";

    private final Map<String, Long> pids;
    private final boolean descendants;
    private final Map<String, Long> start = new LinkedHashMap<>();

    /** @param pids the child processes to read, by name; the bench JVM itself is always read */
    CpuClock(Map<String, Long> pids) {
        this(pids, false);
    }

    /**
     * @param descendants whether each named process counts with its descendants alive at each reading (a
     *     PostgreSQL server: the postmaster and its backends, which live as long as their connections)
     */
    CpuClock(Map<String, Long> pids, boolean descendants) {
        this.pids = pids;
        this.descendants = descendants;
        read(start);
    }

    /** CPU microseconds per unit of work ({@code units}, e.g. records or requests) since construction, by name. */
    Map<String, Double> usPer(long units) {
        Map<String, Long> now = new LinkedHashMap<>();
        read(now);
        Map<String, Double> per = new LinkedHashMap<>();
        now.forEach((name, nanos) -> per.put(name, (nanos - start.get(name)) / 1e3 / Math.max(1, units)));
        return per;
    }

    private void read(Map<String, Long> into) {
        into.put(
                BENCH,
                ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime());
        pids.forEach((name, pid) -> {
            ProcessHandle process = ProcessHandle.of(pid)
                    .orElseThrow(() -> new IllegalStateException("no process " + name + " (pid " + pid + ")"));
            long nanos = cpuNanos(process)
                    .orElseThrow(() -> new IllegalStateException("no CPU time for " + name + " (pid " + pid + ")"));
            if (descendants) {
                nanos += process.descendants()
                        .mapToLong(d -> cpuNanos(d).orElse(0L))
                        .sum();
            }
            into.put(name, nanos);
        });
    }

    private static java.util.Optional<Long> cpuNanos(ProcessHandle process) {
        return process.info().totalCpuDuration().map(java.time.Duration::toNanos);
    }
}
