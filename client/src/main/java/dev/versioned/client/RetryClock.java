package dev.versioned.client;

import java.time.Duration;

/** Time as {@link RetryPolicy} sees it: injectable, so tests of the retry rules run without waiting. */
public interface RetryClock {

    /** The real clock and {@link Thread#sleep}. */
    RetryClock SYSTEM = new RetryClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
        }
    };

    /** A monotonic time in nanoseconds (like {@link System#nanoTime}). */
    long nanoTime();

    /** Waits {@code duration}. */
    void sleep(Duration duration) throws InterruptedException;
}
