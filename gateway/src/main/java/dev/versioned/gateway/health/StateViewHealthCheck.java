package dev.versioned.gateway.health;

import com.codahale.metrics.health.HealthCheck;
import dev.versioned.gateway.kafka.StateView;

/** Healthy once the state view has replayed the state topic up to its end at start-up, while it runs. */
public final class StateViewHealthCheck extends HealthCheck {

    private final StateView view;

    public StateViewHealthCheck(StateView view) {
        this.view = view;
    }

    @Override
    protected Result check() {
        if (!view.isRunning()) {
            return Result.unhealthy("state view is not running");
        }
        // The count is RocksDB's estimate: good enough to watch a catch-up progress.
        return view.isCaughtUp()
                ? Result.healthy("about %d records", view.size())
                : Result.unhealthy("state view is still catching up (about %d records so far)", view.size());
    }
}
