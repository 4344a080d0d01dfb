package dev.versioned.faults;

import dev.versioned.client.SendListener;
import dev.versioned.client.kafka.Outcome;
import java.util.Arrays;

/**
 * When each send of a run started and ended, and what it came to, in compact arrays (a million sends take
 * some 20 MB): the soak's latency per interval and the pauses around rebalances are computed from it.
 * Times are nanoseconds since the timeline began.
 */
final class Timeline {

    /** What a send came to. */
    enum Kind {
        DECIDED,
        UNKNOWN,
        NOT_WRITTEN
    }

    /**
     * One send, in nanoseconds since the start of the timeline.
     *
     * @param keyStart when the first send of its idempotency key started: for a decided resend, {@code end -
     *     keyStart} is how long the caller waited for a definite answer
     */
    record Entry(long start, long end, Kind kind, long keyStart) {
        long latencyNanos() {
            return end - start;
        }

        /** From the key's first send to this answer. */
        long keyWaitNanos() {
            return end - keyStart;
        }
    }

    private volatile long origin = System.nanoTime();
    private final ThreadLocal<Long> started = new ThreadLocal<>();
    private final ThreadLocal<Long> keyStarted = new ThreadLocal<>();
    private long[] starts = new long[1 << 16];
    private long[] keyStarts = new long[1 << 16];
    private long[] ends = new long[1 << 16];
    private byte[] kinds = new byte[1 << 16];
    private int size;

    /** Starts the clock again: the timeline begins when the load does, not when the processes start. */
    void restart() {
        origin = System.nanoTime();
    }

    /** Nanoseconds since the timeline began. */
    long now() {
        return System.nanoTime() - origin;
    }

    /** A listener that times every send and passes it on to {@code inner}. */
    SendListener observing(SendListener inner) {
        return new SendListener() {
            @Override
            public void sending(Send send) {
                long now = now();
                started.set(now); // the client calls both on the caller's thread, in order
                if (!send.isResend()) {
                    keyStarted.set(now);
                }
                inner.sending(send);
            }

            @Override
            public void sent(Send send, Outcome outcome) {
                Long start = started.get();
                if (start != null) {
                    Long keyStart = keyStarted.get();
                    add(start, now(), kindOf(outcome), keyStart == null ? start : keyStart);
                }
                inner.sent(send, outcome);
            }
        };
    }

    private static Kind kindOf(Outcome outcome) {
        if (outcome instanceof Outcome.Decided) {
            return Kind.DECIDED;
        }
        return outcome instanceof Outcome.Unknown ? Kind.UNKNOWN : Kind.NOT_WRITTEN;
    }

    synchronized void add(long start, long end, Kind kind, long keyStart) {
        if (size == starts.length) {
            starts = Arrays.copyOf(starts, size * 2);
            keyStarts = Arrays.copyOf(keyStarts, size * 2);
            ends = Arrays.copyOf(ends, size * 2);
            kinds = Arrays.copyOf(kinds, size * 2);
        }
        starts[size] = start;
        keyStarts[size] = keyStart;
        ends[size] = end;
        kinds[size] = (byte) kind.ordinal();
        size++;
    }

    /** How many sends have ended so far. */
    synchronized int size() {
        return size;
    }

    /** The sends that ended after the first {@code index}, in the order they were added. */
    synchronized Entry[] from(int index) {
        return entries(index, size);
    }

    /** Every send so far, in the order they ended. */
    synchronized Entry[] all() {
        return entries(0, size);
    }

    private Entry[] entries(int from, int to) {
        Entry[] out = new Entry[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = new Entry(starts[i], ends[i], Kind.values()[kinds[i]], keyStarts[i]);
        }
        return out;
    }
}
