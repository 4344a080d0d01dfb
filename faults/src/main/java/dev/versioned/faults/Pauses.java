package dev.versioned.faults;

import java.util.Arrays;
import java.util.Comparator;

/**
 * What the writers saw around an event, from the {@link Timeline}: the longest a send took among those
 * that started in the window, the longest time no send got any answer, and the same two in a quiet window
 * just before, for comparison. A join or leave that stops a partition for a while shows as a long gap.
 */
final class Pauses {

    /**
     * Milliseconds; the window's and the baseline's.
     *
     * @param longestKeyWaitMillis the longest a key first sent in the window waited for its definite answer,
     *     across the resends of unknown outcomes: what a caller of {@code update} waited
     */
    record Pause(
            double maxLatencyMillis,
            double longestKeyWaitMillis,
            double longestGapMillis,
            long unknown,
            double baselineMaxLatencyMillis,
            double baselineLongestGapMillis) {

        static final Pause NONE = new Pause(0, 0, 0, 0, 0, 0);
    }

    private final Timeline.Entry[] byEnd;

    Pauses(Timeline.Entry[] entries) {
        this.byEnd = entries.clone();
        Arrays.sort(byEnd, Comparator.comparingLong(Timeline.Entry::end));
    }

    /**
     * The window {@code [at, at + after)} against the baseline {@code [at - before, at)}, in nanoseconds
     * since the load began.
     */
    Pause around(long at, long after, long before) {
        Window window = window(at, at + after, false);
        Window baseline = window(at - before, at, true);
        return new Pause(
                window.maxLatency / 1e6,
                window.longestKeyWait / 1e6,
                window.longestGap / 1e6,
                window.unknown,
                baseline.maxLatency / 1e6,
                baseline.longestGap / 1e6);
    }

    private record Window(long maxLatency, long longestKeyWait, long longestGap, long unknown) {}

    /** @param within count only sends that also ended in the window (a baseline must not see the event) */
    private Window window(long from, long to, boolean within) {
        long maxLatency = 0;
        long longestKeyWait = 0;
        long unknown = 0;
        long previousEnd = from;
        long longestGap = 0;
        for (Timeline.Entry e : byEnd) {
            if (e.start() >= from && e.start() < to && (!within || e.end() < to)) {
                maxLatency = Math.max(maxLatency, e.latencyNanos());
                if (e.kind() == Timeline.Kind.UNKNOWN) {
                    unknown++;
                }
            }
            if (e.kind() == Timeline.Kind.DECIDED && e.keyStart() >= from && e.keyStart() < to) {
                longestKeyWait = Math.max(longestKeyWait, e.keyWaitNanos());
            }
            if (e.end() >= from && e.end() < to) {
                longestGap = Math.max(longestGap, e.end() - previousEnd);
                previousEnd = e.end();
            }
        }
        longestGap = Math.max(longestGap, to - previousEnd);
        return new Window(maxLatency, longestKeyWait, longestGap, unknown);
    }
}
