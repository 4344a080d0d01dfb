package dev.versioned.gateway.kafka;

import dev.versioned.client.kafka.KafkaClients;
import dev.versioned.client.kafka.KafkaRequestReply;
import dev.versioned.client.kafka.Outcome;
import dev.versioned.client.kafka.RequestReplyListener;
import dev.versioned.gateway.health.GatewayMetrics;
import dev.versioned.schemas.UpdateRequest;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * The gateway's request/reply: the client module's {@link KafkaRequestReply} (where the reply routing,
 * pending bound and outcome rules are written, once) as a Dropwizard {@link Managed} object, reporting to
 * the gateway's metrics ({@code gateway.latency}, {@code gateway.replies.late}, {@code gateway.pending}).
 */
public final class RequestReplyClient implements Managed, UpdateExchange {

    private final KafkaRequestReply core;

    public RequestReplyClient(KafkaClients clients, String requestsTopic, String replyTopic, int replyPartitions,
                              int replyReplication, Duration replyRetention, Duration requestTimeout,
                              int maxPending, GatewayMetrics metrics) {
        this.core = new KafkaRequestReply(clients, requestsTopic, replyTopic, replyPartitions, replyReplication,
                replyRetention, requestTimeout, maxPending, new RequestReplyListener() {
                    @Override
                    public void roundTrip(long nanos) {
                        metrics.roundTrip(nanos);
                    }

                    @Override
                    public void lateReply() {
                        metrics.lateReply();
                    }
                });
        metrics.registry().gauge("gateway.pending", () -> core::pendingCount);
    }

    @Override
    public void start() throws Exception {
        core.start();
    }

    @Override
    public void stop() {
        core.stop();
    }

    @Override
    public List<Outcome> exchange(List<UpdateRequest> requests, Duration timeout) {
        return core.exchange(requests, timeout);
    }

    /** True once the reply consumer holds its partitions and until shutdown. */
    public boolean isReady() {
        return core.isReady();
    }

    public Set<TopicPartition> assignment() {
        return core.assignment();
    }

    public String replyTopic() {
        return core.replyTopic();
    }

    public int pendingCount() {
        return core.pendingCount();
    }
}
