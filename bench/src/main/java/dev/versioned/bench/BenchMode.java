package dev.versioned.bench;

import java.time.Duration;
import java.util.List;

/**
 * How long and how hard each part of the bench runs. {@code quick} is a smoke run whose numbers are only
 * indicative (about 2 minutes each for parts a and b, and for e); {@code full} is the run whose results are
 * committed (on a 2-core machine about 6 to 7 minutes for parts a and b, and 5 for e, plus the HTTP parts).
 *
 * @param records requests pre-produced for the throughput runs (parts a and b)
 * @param rounds measured rounds of parts a, b and e: every variant once per round, in a shuffled order
 * @param warmups discarded passes over the throughput variants before the rounds
 * @param rates open-loop HTTP rates (requests/s) of part c
 * @param stackWarmup HTTP warm-up of each new stack at {@link #STACK_WARMUP_RATE} before any rate is measured
 *     (not recorded): the JIT compiles the request path here, not during a measurement
 * @param warmup HTTP warm-up per rate (not recorded)
 * @param measure HTTP measurement per rate
 * @param writers writer counts of the contention runs (over HTTP and on PostgreSQL's hot row)
 * @param contention duration of each contention run (part e over 1,000 products: {@link #postgresSearch()},
 *     {@link #postgresMeasure()})
 */
public record BenchMode(
        String name,
        int records,
        int rounds,
        int warmups,
        List<Integer> rates,
        Duration stackWarmup,
        Duration warmup,
        Duration measure,
        List<Integer> writers,
        Duration contention) {

    public static final int PRODUCTS = 1_000;
    public static final int STACK_WARMUP_RATE = 400;

    public static BenchMode of(String name) {
        return switch (name) {
            case "quick" ->
                new BenchMode(
                        "quick",
                        60_000,
                        3,
                        1,
                        List.of(250, 1_000),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(3),
                        Duration.ofSeconds(10),
                        List.of(1, 4, 16),
                        Duration.ofSeconds(3));
            case "full" ->
                new BenchMode(
                        "full",
                        200_000,
                        5,
                        2,
                        List.of(250, 1_000, 4_000),
                        Duration.ofSeconds(150),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(15),
                        List.of(1, 4, 16),
                        Duration.ofSeconds(10));
            default -> throw new IllegalArgumentException("mode must be quick or full, was " + name);
        };
    }

    /**
     * This mode with the environment's overrides: {@code BENCH_RECORDS} (requests per throughput run),
     * {@code BENCH_ROUNDS} and {@code BENCH_WARMUPS} (of parts a, b, e and f), for a shorter run on a busy machine.
     */
    public BenchMode withEnvOverrides() {
        java.util.Map<String, String> env = System.getenv();
        return new BenchMode(
                name,
                Integer.parseInt(env.getOrDefault("BENCH_RECORDS", String.valueOf(records))),
                Integer.parseInt(env.getOrDefault("BENCH_ROUNDS", String.valueOf(rounds))),
                Integer.parseInt(env.getOrDefault("BENCH_WARMUPS", String.valueOf(warmups))),
                rates,
                stackWarmup,
                warmup,
                measure,
                writers,
                contention);
    }

    /** Each run of part e's search for the best connection count. */
    public Duration postgresSearch() {
        return name.equals("full") ? Duration.ofSeconds(4) : Duration.ofSeconds(2);
    }

    /** Each measured run of part e (the best count of each configuration, once per round). */
    public Duration postgresMeasure() {
        return name.equals("full") ? Duration.ofSeconds(6) : Duration.ofSeconds(3);
    }
}
