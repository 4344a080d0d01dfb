package dev.versioned.faults;

import java.time.Duration;
import java.util.List;

/**
 * Whether the idempotency store stayed bounded. Each request leaves an entry with some probability (a
 * refusal is kept under its key; an applied update is kept in its record, one stored block per 16
 * versions), and an entry lives one retention. So the live entries should follow the requests of the last
 * retention: {@code live(t) ~ perRequest * requests(t - retention, t]}. Until one retention has passed
 * nothing can expire, which gives {@code perRequest} exactly (entries at one retention / requests so far);
 * after that every sample must stay within {@link #FACTOR} times what the requests of its last retention
 * explain. A store that never forgot would hold {@code perRequest * requests(0, t]} and cross the bound once
 * the run is twice the retention long at a steady rate. The entries are counted from the store's
 * changelog ({@link ChangelogEntries}: one copy per partition), not estimated.
 *
 * @param reached whether the run lasted past one retention (else there is nothing to judge)
 * @param perRequest entries per request sent, at one retention
 * @param worstRatio the largest live / expected after one retention
 * @param liveAtWorst the live entries of that sample
 * @param expectedAtWorst what the requests of that sample's last retention explain
 */
record IdempotencyBound(
        boolean reached,
        double perRequest,
        double worstRatio,
        long liveAtWorst,
        long expectedAtWorst,
        double retentionSeconds) {

    static final double FACTOR = 2.0;

    static IdempotencyBound of(List<Sample> samples, Duration retention) {
        double r = retention.toSeconds();
        double[] sent = sentSoFar(samples);
        int first = firstAfter(samples, r);
        if (first < 0 || sent[first] == 0) {
            return new IdempotencyBound(false, 0, 0, 0, 0, r);
        }
        double perRequest = samples.get(first).idempotencyLive() / sent[first];
        double[] expected = expected(samples, retention, perRequest);
        double worst = 0;
        long liveAtWorst = 0;
        long expectedAtWorst = 0;
        for (int i = first + 1; i < samples.size(); i++) {
            double ratio = samples.get(i).idempotencyLive() / expected[i];
            if (ratio > worst) {
                worst = ratio;
                liveAtWorst = samples.get(i).idempotencyLive();
                expectedAtWorst = Math.round(expected[i]);
            }
        }
        return new IdempotencyBound(true, perRequest, worst, liveAtWorst, expectedAtWorst, r);
    }

    /** The bound at each sample (NaN within the first retention), for the chart. */
    double[] boundOver(List<Sample> samples) {
        double[] expected = expected(samples, Duration.ofSeconds((long) retentionSeconds), perRequest);
        for (int i = 0; i < expected.length; i++) {
            expected[i] *= FACTOR;
        }
        return expected;
    }

    /** What the requests of each sample's last retention explain; NaN within the first retention. */
    private static double[] expected(List<Sample> samples, Duration retention, double perRequest) {
        double r = retention.toSeconds();
        double[] sent = sentSoFar(samples);
        double[] expected = new double[samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            double windowStart = samples.get(i).seconds() - r;
            if (windowStart < 0) {
                expected[i] = Double.NaN;
                continue;
            }
            double before = 0;
            for (int j = 0; j < i && samples.get(j).seconds() <= windowStart; j++) {
                before = sent[j];
            }
            expected[i] = Math.max(1, perRequest * (sent[i] - before));
        }
        return expected;
    }

    /** Requests sent from the start of the load to each sample. */
    private static double[] sentSoFar(List<Sample> samples) {
        double[] sent = new double[samples.size()];
        double previous = 0;
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            sent[i] = (i == 0 ? 0 : sent[i - 1]) + s.sendsPerSecond() * (s.seconds() - previous);
            previous = s.seconds();
        }
        return sent;
    }

    private static int firstAfter(List<Sample> samples, double seconds) {
        for (int i = 0; i < samples.size(); i++) {
            if (samples.get(i).seconds() >= seconds) {
                return i;
            }
        }
        return -1;
    }

    boolean exceeded() {
        return reached && worstRatio > FACTOR;
    }

    @Override
    public String toString() {
        if (!reached) {
            return "not judged: the run ended within one retention (" + (long) retentionSeconds + " s)";
        }
        return String.format(
                java.util.Locale.ROOT,
                "%s: %.3f entries per request at one retention (%d s); after it, at worst %d live where the"
                        + " requests of the last retention explain %d (%.2fx; bound %.1fx)",
                exceeded() ? "EXCEEDED" : "within the bound",
                perRequest,
                (long) retentionSeconds,
                liveAtWorst,
                expectedAtWorst,
                worstRatio,
                FACTOR);
    }
}
