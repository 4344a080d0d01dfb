package dev.versioned.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RateLimitsTest {

    private final AtomicLong now = new AtomicLong();
    private final RateLimits limits = new RateLimits(now::get);
    private final ApiClient limited = ApiClient.of("limited", List.of("*"), new RateLimit(2, 3));

    @Test
    @DisplayName("a key may make its burst at once; the next request waits for a token")
    void burstThenWait() {
        for (int i = 0; i < 3; i++) {
            assertThat(limits.take(limited)).isEmpty();
        }
        // 2 a second: the next token comes in half a second
        assertThat(limits.take(limited)).contains(Duration.ofMillis(500));
    }

    @Test
    @DisplayName("tokens come back with time, up to the burst")
    void refills() {
        for (int i = 0; i < 3; i++) {
            limits.take(limited);
        }
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        for (int i = 0; i < 3; i++) {
            assertThat(limits.take(limited)).isEmpty();
        }
        assertThat(limits.take(limited)).isPresent();
    }

    @Test
    @DisplayName("one key's spent limit does not touch another key's")
    void perKeyName() {
        for (int i = 0; i < 3; i++) {
            limits.take(limited);
        }
        ApiClient other = ApiClient.of("other", List.of("*"), new RateLimit(2, 3));
        assertThat(limits.take(limited)).isPresent();
        assertThat(limits.take(other)).isEmpty();
    }

    @Test
    @DisplayName("a key without a limit is never refused")
    void unlimited() {
        ApiClient free = ApiClient.of("free", List.of("*"));
        for (int i = 0; i < 10_000; i++) {
            assertThat(limits.take(free)).isEmpty();
        }
    }

    @Test
    @DisplayName("given a name's limit changed (a reloaded key file), then its bucket keeps the tokens left: no fresh"
            + " burst")
    void givenChangedLimit_whenTaken_thenTokensLeftAreKept() {
        // given the burst of 3 spent
        for (int i = 0; i < 3; i++) {
            limits.take(limited);
        }
        // when the name's limit is raised to a burst of 5
        ApiClient raised = ApiClient.of("limited", List.of("*"), new RateLimit(2, 5));
        // then it still has no token, and time refills it at the new rate, up to the new burst
        assertThat(limits.take(raised)).isPresent();
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        for (int i = 0; i < 5; i++) {
            assertThat(limits.take(raised)).isEmpty();
        }
        assertThat(limits.take(raised)).isPresent();
    }

    @Test
    @DisplayName("given two keys of one name with different limits, when 10,000 requests alternate between them,"
            + " then one is taken: only time refills the name's bucket")
    void givenOneNameTwoLimits_whenRequestsAlternate_thenOnlyTimeRefills() {
        // given the old and the new key of a rotation, at 1 request a second, with bursts of 1 and 2
        ApiClient old = ApiClient.of("rotating", List.of("*"), new RateLimit(1, 1));
        ApiClient next = ApiClient.of("rotating", List.of("*"), new RateLimit(1, 2));
        // when 10,000 requests alternate between them within one instant
        int taken = 0;
        for (int i = 0; i < 10_000; i++) {
            if (limits.take(i % 2 == 0 ? old : next).isEmpty()) {
                taken++;
            }
        }
        // then the first alone was taken (each alternation made a full bucket: all 10,000 were), and a second
        // later one more
        assertThat(taken).isEqualTo(1);
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(limits.take(next)).isEmpty();
        assertThat(limits.take(old)).isPresent();
    }
}
