package dev.versioned.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Part d (and its PostgreSQL twin in part e): W closed-loop writers on one hot record, each doing
 * read-modify-write with retries: read the version, write at that version, on a conflict retry at the
 * version the refusal names (re-read if it names none). Every attempt uses a fresh idempotency key, as a
 * new logical write. The unconditional mode sends the same increments without a version.
 */
final class ContentionRun {

    /** Makes one writer's connection (called once per writer thread). */
    interface RowFactory {
        HotRow open() throws Exception;
    }

    private ContentionRun() {}

    static ContentionResult run(
            String system,
            String workload,
            boolean conditional,
            int writers,
            Duration duration,
            RowFactory rows,
            String keyPrefix)
            throws Exception {
        AtomicLong successes = new AtomicLong();
        AtomicLong conflicts = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong attempts = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        List<Exception> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (int w = 0; w < writers; w++) {
            String prefix = keyPrefix + "-" + w + "-";
            Thread t = new Thread(
                    () -> {
                        try (HotRow row = rows.open()) {
                            long version = row.read();
                            long seq = 0;
                            while (System.nanoTime() < end) {
                                attempts.incrementAndGet();
                                String key = prefix + (seq++);
                                HotRow.Attempt a = conditional ? row.conditional(version, key) : row.unconditional(key);
                                if (a.applied()) {
                                    successes.incrementAndGet();
                                    version = a.version();
                                } else if (a.conflict()) {
                                    conflicts.incrementAndGet();
                                    version = a.version() >= 0 ? a.version() : row.read();
                                } else {
                                    errors.incrementAndGet();
                                    version = row.read();
                                }
                            }
                        } catch (Exception e) {
                            failures.add(e);
                        }
                    },
                    "writer-" + w);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!failures.isEmpty()) {
            System.err.println("  " + failures.size() + " writer(s) failed, first: " + failures.get(0));
        }
        return new ContentionResult(
                system,
                workload,
                writers,
                seconds,
                successes.get(),
                conflicts.get(),
                errors.get() + failures.size(),
                attempts.get());
    }
}
