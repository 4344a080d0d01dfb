package dev.versioned.gateway.health;

import com.codahale.metrics.health.HealthCheck;
import dev.versioned.gateway.kafka.CompactedTopicView;

/**
 * Healthy once a view (the state view, the document view, the stream view) has replayed its topic up to its end at start-up, while
 * it runs.
 */
public final class StateViewHealthCheck extends HealthCheck {

    private final CompactedTopicView view;

    public StateViewHealthCheck(CompactedTopicView view) {
        this.view = view;
    }

    @Override
    protected Result check() {
        if (view.notServing().isPresent()) {
            return Result.healthy(view.notServing().get());
        }
        if (!view.isRunning()) {
            return Result.unhealthy("the view is not running");
        }
        // The count is RocksDB's estimate: good enough to watch a catch-up progress.
        return view.isCaughtUp()
                ? Result.healthy("about %d records", view.size())
                : Result.unhealthy("the view is still catching up (about %d records so far)", view.size());
    }
}
