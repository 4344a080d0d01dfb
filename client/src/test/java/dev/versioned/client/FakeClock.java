package dev.versioned.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Time that moves only when someone sleeps: the retry rules run without real waiting. */
final class FakeClock implements RetryClock {
    long now;
    final List<Duration> sleeps = new ArrayList<>();

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void sleep(Duration duration) {
        sleeps.add(duration);
        now += duration.toNanos();
    }
}
