package dev.versioned.faults;

/**
 * A steady rate shared by many writers: each takes the next free start time, one every
 * {@code 1/rate} seconds, and waits for it. A writer that was held up (a fault) does not earn a burst: the
 * schedule never starts earlier than now, so the rate after a fault is the rate before it.
 */
final class Pace {

    private final long intervalNanos;
    private long next = System.nanoTime();

    Pace(double perSecond) {
        if (perSecond <= 0) {
            throw new IllegalArgumentException("rate must be positive, was " + perSecond);
        }
        this.intervalNanos = Math.round(1e9 / perSecond);
    }

    /** Waits until this caller's turn. */
    void awaitTurn() throws InterruptedException {
        long turn;
        synchronized (this) {
            turn = Math.max(next, System.nanoTime());
            next = turn + intervalNanos;
        }
        long wait = turn - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
