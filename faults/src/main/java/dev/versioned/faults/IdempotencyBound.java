package dev.versioned.faults;

import java.time.Duration;
import java.util.List;

/**
 * Whether the idempotency store stayed bounded. Until one retention has passed nothing can expire, so the
 * store grows; at that point it holds one retention's worth of keys, which is what it should hold from then
 * on at a steady rate. The reference is the largest count of live entries up to then (from the stores'
 * changelog, {@link ChangelogEntries}: one copy per partition), and the bound is twice the reference: every
 * sample after the retention must stay within it.
 *
 * @param reached whether the run lasted past one retention (else there is nothing to judge)
 * @param reference entries at one retention
 * @param peakAfter the largest total after one retention
 */
record IdempotencyBound(boolean reached, long reference, long peakAfter, double retentionSeconds) {

    static final double FACTOR = 2.0;

    static IdempotencyBound of(List<Sample> samples, Duration retention) {
        double r = retention.toSeconds();
        long reference = 0;
        long peak = 0;
        boolean reached = false;
        for (Sample s : samples) {
            if (s.seconds() <= r) {
                reference = Math.max(reference, s.idempotencyLive());
            } else {
                reached = true;
                peak = Math.max(peak, s.idempotencyLive());
            }
        }
        return new IdempotencyBound(reached, reference, peak, r);
    }

    long bound() {
        return (long) (FACTOR * reference);
    }

    boolean exceeded() {
        return reached && peakAfter > bound();
    }

    @Override
    public String toString() {
        if (!reached) {
            return "not judged: the run ended within one retention (" + (long) retentionSeconds + " s)";
        }
        return (exceeded() ? "EXCEEDED" : "within the bound") + ": " + reference + " at one retention ("
                + (long) retentionSeconds + " s), at most " + peakAfter + " after it, bound " + bound() + " ("
                + FACTOR + "x)";
    }
}
