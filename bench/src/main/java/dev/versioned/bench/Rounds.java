package dev.versioned.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The order of the measured rounds: every variant once per round, in an order shuffled afresh for each
 * round from one seeded {@link Random}, so that no variant always runs first (cold) or last (after the
 * JIT has had longest), and the run can be repeated in the same order from its printed seed.
 */
final class Rounds {

    private Rounds() {}

    /** {@code rounds} shuffled copies of {@code variants}, the i-th being the order of round i + 1. */
    static <T> List<List<T>> shuffled(List<T> variants, int rounds, long seed) {
        Random random = new Random(seed);
        List<List<T>> orders = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            List<T> order = new ArrayList<>(variants);
            Collections.shuffle(order, random);
            orders.add(List.copyOf(order));
        }
        return orders;
    }

    /** The seed of this run: BENCH_SEED if set (to repeat an order), else the clock. */
    static long seed() {
        String s = System.getenv("BENCH_SEED");
        return s != null ? Long.parseLong(s) : System.nanoTime();
    }
}
