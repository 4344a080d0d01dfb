package dev.versioned.bench;

/**
 * One contention or aggregate run (parts d, e): {@code writers} clients doing read-modify-write for
 * {@code seconds}. An attempt either applies, conflicts (someone else got there first: retry at the
 * version the refusal names) or fails.
 *
 * @param system "kafka (HTTP)" or "postgresql"
 * @param workload e.g. "hot product, conditional", "hot product, unconditional", "1,000 products"
 */
public record ContentionResult(
        String system,
        String workload,
        int writers,
        double seconds,
        long successes,
        long conflicts,
        long errors,
        long attempts) {

    public double goodput() {
        return successes / seconds;
    }

    public double conflictRate() {
        return attempts == 0 ? 0 : conflicts / (double) attempts;
    }

    public double attemptsPerSuccess() {
        return successes == 0 ? Double.NaN : attempts / (double) successes;
    }
}
