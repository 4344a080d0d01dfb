package dev.versioned.faults;

import java.time.Duration;
import java.util.Locale;

/**
 * How long and how hard a soak runs, on which layout, and what it does to the processes.
 *
 * @param duration the load stops at this time, or at {@code maxRequests}, whichever comes first
 * @param maxRequests sends (first sends and resends) after which the load stops
 * @param operationsPerSecond the writers' steady rate of read-modify-write operations; each is one send or
 *     more (a resend after an unknown outcome, a new key after a conflict)
 * @param retention the processors' idempotency retention: short, so that keys expire during the run
 * @param faultInterval time between two faults (or joins and leaves)
 * @param rebalance processors leave and join (graceful stop, kill -9, start) instead of the seeded faults
 */
record SoakMode(
        String name,
        Duration duration,
        long maxRequests,
        double operationsPerSecond,
        Duration retention,
        int partitions,
        int processors,
        int gateways,
        Duration faultInterval,
        boolean rebalance) {

    /** The short runs' rate: on 2 cores shared with other work, p99 under 100 ms when the machine is quiet. */
    static final double RATE = 150;
    /** The full run's: twice the short runs', so that an hour makes a million requests. */
    static final double FULL_RATE = 300;

    static SoakMode named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "quick" ->
                new SoakMode(
                        "quick",
                        Duration.ofMinutes(10),
                        100_000,
                        RATE,
                        Duration.ofMinutes(5),
                        6,
                        2,
                        2,
                        Duration.ofMinutes(2),
                        false);
            case "full" ->
                new SoakMode(
                        "full",
                        Duration.ofMinutes(60),
                        1_000_000,
                        FULL_RATE,
                        Duration.ofMinutes(5),
                        6,
                        2,
                        2,
                        Duration.ofMinutes(5),
                        false);
            case "rebalance" ->
                new SoakMode(
                        "rebalance",
                        Duration.ofMinutes(10),
                        100_000,
                        RATE,
                        Duration.ofMinutes(5),
                        24,
                        3,
                        2,
                        Duration.ofSeconds(70),
                        true);
            default -> throw new IllegalArgumentException("mode must be quick, full or rebalance, was " + name);
        };
    }

    SoakMode withRate(double perSecond) {
        return with(perSecond, duration);
    }

    SoakMode withDuration(Duration newDuration) {
        return with(operationsPerSecond, newDuration);
    }

    private SoakMode with(double perSecond, Duration newDuration) {
        return new SoakMode(
                name,
                newDuration,
                maxRequests,
                perSecond,
                retention,
                partitions,
                processors,
                gateways,
                faultInterval,
                rebalance);
    }
}
