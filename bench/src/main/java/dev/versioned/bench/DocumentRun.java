package dev.versioned.bench;

/**
 * One measured run of the documents bench ({@code ./bench/run documents}): one variant, in one round, over a
 * window of {@code seconds} after its warm-up.
 *
 * @param variant {@code documents}, {@code inventory} or {@code postgres}
 * @param round the measured round (1-based), or 0 for the discarded warm-up pass
 * @param position where the variant ran in its round's shuffled order (1-based)
 * @param seconds the measured window
 * @param decided outcomes decided in the window (on the results topic, or returned by PostgreSQL)
 * @param applied those that applied; the rest were refusals, none expected (each writer knows its versions)
 * @param benchCpuUs CPU µs per decided outcome of the bench JVM in the window: for the Kafka variants the
 *     processor (Kafka Streams runs in it) with the writers and the counter, for PostgreSQL the writers alone
 * @param serverCpuUs CPU µs per decided outcome of the server in the window: the broker JVM, or the PostgreSQL
 *     server's processes (the postmaster and its children)
 * @param recordsPerRequest records written per request sent over the whole run, by topic (Kafka variants: end
 *     offsets, transaction markers included; {@code requests} is the input); empty for PostgreSQL
 * @param bytesPerRequest bytes written per request: per topic on the broker's disk over the whole run, or
 *     PostgreSQL's WAL ({@code WAL}) in the measured window
 */
record DocumentRun(
        String variant,
        int round,
        int position,
        double seconds,
        long decided,
        long applied,
        double benchCpuUs,
        double serverCpuUs,
        java.util.Map<String, Double> recordsPerRequest,
        java.util.Map<String, Double> bytesPerRequest) {

    /** Decided outcomes per second. */
    double rate() {
        return decided / seconds;
    }

    @Override
    public String toString() {
        return String.format(
                "%s round %d (#%d): %,.0f decided/s (%,d in %.1f s, %,d not applied; CPU µs per decision: bench"
                        + " JVM %.0f, server %.0f)",
                variant, round, position, rate(), decided, seconds, decided - applied, benchCpuUs, serverCpuUs);
    }
}
