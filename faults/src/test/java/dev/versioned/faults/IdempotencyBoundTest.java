package dev.versioned.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The soak's judgement of the idempotency store on made-up samples: 100 requests/s, every tenth leaving an
 * entry, a retention of 300 s, a sample every 10 s.
 */
class IdempotencyBoundTest {

    private static final Duration RETENTION = Duration.ofSeconds(300);
    private static final double RATE = 100;
    private static final double PER_REQUEST = 0.1;

    @Test
    @DisplayName("given entries that expire after one retention, when judged, then they are within the bound")
    void givenExpiringEntries_whenJudged_thenWithinBound() {
        // given: live(t) = entries of the last retention's requests
        List<Sample> samples = samples(t -> PER_REQUEST * RATE * Math.min(t, RETENTION.toSeconds()), t -> RATE);

        // when
        IdempotencyBound bound = IdempotencyBound.of(samples, RETENTION);

        // then
        assertThat(bound.exceeded()).as(bound.toString()).isFalse();
        assertThat(bound.worstRatio()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.05));
    }

    @Test
    @DisplayName("given entries that never expire, when the run is three retentions long, then the bound is exceeded")
    void givenEntriesNeverExpiring_whenJudged_thenExceeded() {
        // given: live(t) = entries of every request so far
        List<Sample> samples = samples(t -> PER_REQUEST * RATE * t, t -> RATE);

        // when
        IdempotencyBound bound = IdempotencyBound.of(samples, RETENTION);

        // then
        assertThat(bound.exceeded()).as(bound.toString()).isTrue();
    }

    @Test
    @DisplayName(
            "given the rate doubles after the first retention, when entries follow the requests, then they are within the bound")
    void givenRateDoubling_whenEntriesFollowRequests_thenWithinBound() {
        // given: 50/s for the first retention, 100/s after; entries of the last retention's requests
        double r = RETENTION.toSeconds();
        DoubleUnaryOperator rate = t -> t <= r ? RATE / 2 : RATE;
        DoubleUnaryOperator sentBy = t -> t <= r ? RATE / 2 * t : RATE / 2 * r + RATE * (t - r);
        List<Sample> samples =
                samples(t -> PER_REQUEST * (sentBy.applyAsDouble(t) - sentBy.applyAsDouble(Math.max(0, t - r))), rate);

        // when
        IdempotencyBound bound = IdempotencyBound.of(samples, RETENTION);

        // then
        assertThat(bound.exceeded()).as(bound.toString()).isFalse();
    }

    @Test
    @DisplayName("given a run shorter than one retention, when judged, then nothing is judged")
    void givenShortRun_whenJudged_thenNotReached() {
        // given
        List<Sample> samples = samples(t -> PER_REQUEST * RATE * t, t -> RATE).subList(0, 20);

        // when
        IdempotencyBound bound = IdempotencyBound.of(samples, RETENTION);

        // then
        assertThat(bound.reached()).isFalse();
        assertThat(bound.exceeded()).isFalse();
    }

    /** A sample every 10 s for 900 s (three retentions). */
    private static List<Sample> samples(DoubleUnaryOperator live, DoubleUnaryOperator rate) {
        List<Sample> samples = new ArrayList<>();
        for (int t = 10; t <= 900; t += 10) {
            samples.add(new Sample(
                    t,
                    rate.applyAsDouble(t),
                    rate.applyAsDouble(t),
                    0,
                    10,
                    20,
                    30,
                    Math.round(live.applyAsDouble(t)),
                    Map.of(),
                    0,
                    Map.of(),
                    Map.of(),
                    2));
        }
        return samples;
    }
}
