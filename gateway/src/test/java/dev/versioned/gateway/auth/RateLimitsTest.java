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
    @DisplayName("a changed limit for a name starts a new full bucket")
    void changedLimitStartsAnew() {
        for (int i = 0; i < 3; i++) {
            limits.take(limited);
        }
        ApiClient raised = ApiClient.of("limited", List.of("*"), new RateLimit(2, 5));
        assertThat(limits.take(raised)).isEmpty();
    }
}
