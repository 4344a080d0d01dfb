package dev.versioned.bench;

/**
 * One PostgreSQL run over the 1,000 products (part e): {@code connections} writers, each on its own disjoint
 * share of the products, for {@code seconds}.
 *
 * @param batchSize decisions per transaction: 1 is one JDBC transaction per request (UPDATE, INSERT, COMMIT),
 *     more is one statement per batch ({@code unnest} arrays, autocommit)
 * @param round 0 for the search of the best connection count, else the measured round (1-based)
 * @param applied decisions that applied; {@code conflicts} those refused (none expected: disjoint shares)
 */
public record PostgresResult(
        int batchSize,
        boolean synchronousCommit,
        int connections,
        int round,
        double seconds,
        long applied,
        long conflicts,
        long errors,
        long transactions) {

    /** Applied decisions per second. */
    public double goodput() {
        return applied / seconds;
    }

    /** The configuration, without the connection count: what the search picks a count for. */
    public String config() {
        return config(batchSize, synchronousCommit);
    }

    static String config(int batchSize, boolean synchronousCommit) {
        return (batchSize == 1 ? "per request" : batchSize + " per transaction") + ", synchronous_commit="
                + (synchronousCommit ? "on" : "off");
    }
}
