package dev.versioned.gateway.health;

import com.codahale.metrics.health.HealthCheck;
import dev.versioned.gateway.kafka.RequestReplyClient;

/** Healthy while the reply consumer holds its reply-topic partitions and its thread runs. */
public final class ReplyConsumerHealthCheck extends HealthCheck {

    private final RequestReplyClient client;

    public ReplyConsumerHealthCheck(RequestReplyClient client) {
        this.client = client;
    }

    @Override
    protected Result check() {
        return client.isReady()
                ? Result.healthy("assigned %s, %d pending", client.assignment(), client.pendingCount())
                : Result.unhealthy("reply consumer of %s is not assigned", client.replyTopic());
    }
}
