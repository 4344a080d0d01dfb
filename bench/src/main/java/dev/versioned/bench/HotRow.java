package dev.versioned.bench;

/**
 * A writer's view of one record, over whichever system is measured (HTTP gateway or JDBC), so that the
 * contention workload is one piece of code for both. One instance per writer (not shared across threads).
 */
interface HotRow extends AutoCloseable {

    /** The outcome of one write attempt; {@code version} is the new version, or the current one on a conflict (-1: unknown). */
    record Attempt(boolean applied, boolean conflict, long version) {
        static final Attempt FAILED = new Attempt(false, false, -1);
    }

    /** The record's current version (0 if it does not exist). */
    long read() throws Exception;

    /** Adds 1 if the record is still at {@code version}. */
    Attempt conditional(long version, String idempotencyKey) throws Exception;

    /** Adds 1 whatever the version. */
    Attempt unconditional(String idempotencyKey) throws Exception;

    @Override
    default void close() throws Exception {}
}
