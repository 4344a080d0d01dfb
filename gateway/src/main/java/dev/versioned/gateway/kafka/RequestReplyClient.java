package dev.versioned.gateway.kafka;

import dev.versioned.client.kafka.KafkaClients;
import dev.versioned.client.kafka.KafkaRequestReply;
import dev.versioned.client.kafka.Outcome;
import dev.versioned.client.kafka.RequestReplyListener;
import dev.versioned.gateway.metrics.GatewayMetrics;
import dev.versioned.schemas.DocumentRequest;
import dev.versioned.schemas.StreamAppend;
import dev.versioned.schemas.TransferRequest;
import dev.versioned.schemas.UpdateRequest;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.TopicPartition;

/**
 * The gateway's request/reply: the client module's {@link KafkaRequestReply} (where the reply routing,
 * pending bound and outcome rules are written, once) as a Dropwizard {@link Managed} object, reporting to
 * the gateway's metrics: the Kafka round trip, late replies, rejected replies, the pending count, requests shed at the
 * pending bound and requests left without a decision at their deadline.
 *
 * <p>A batch is answered within its deadline as a whole. The core waits for all outcomes until one shared
 * deadline, but sends the items one after the other, and each send may block up to the producer's
 * {@code max.block.ms} (no metadata for the topic, a full buffer): a 100-item batch could take 100 times
 * that. So a batch runs on a sender thread of its own, and if it has not finished by the deadline (plus a
 * short grace for the core's own answer), every item is answered {@link Outcome.Unknown}: some may have
 * been written, and a resend with the same idempotency key is safe. The sender thread goes on until the core
 * returns, still holding the batch's pending permits, so the pending bound keeps counting it. A single
 * update needs none of this: its one send blocks at most half of the deadline, which the core counts in.
 */
public final class RequestReplyClient implements Managed, UpdateExchange, DocumentExchange, StreamExchange {

    /** Time for the core to hand back outcomes it had by the deadline. */
    static final Duration GRACE = Duration.ofMillis(500);

    private final KafkaRequestReply core;
    private final GatewayMetrics metrics;
    /**
     * Batches being sent. Unbounded but bounded in practice: every thread is either a batch whose HTTP caller
     * waits (a request thread each) or one past its deadline, holding at least two pending permits.
     */
    private final ExecutorService batchSenders = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "batch-sender");
        thread.setDaemon(true);
        return thread;
    });

    public RequestReplyClient(
            KafkaClients clients,
            String requestsTopic,
            String replyTopic,
            int replyPartitions,
            int replyReplication,
            Duration replyRetention,
            Duration requestTimeout,
            int maxPending,
            GatewayMetrics metrics) {
        this.core = new KafkaRequestReply(
                clients,
                new KafkaRequestReply.Settings(
                        requestsTopic,
                        replyTopic,
                        replyPartitions,
                        replyReplication,
                        replyRetention,
                        requestTimeout,
                        maxPending),
                new RequestReplyListener() {
                    @Override
                    public void roundTrip(long nanos) {
                        metrics.kafkaRoundTrip(nanos);
                    }

                    @Override
                    public void lateReply() {
                        metrics.lateReply();
                    }

                    @Override
                    public void rejectedReply() {
                        metrics.replyRejected();
                    }
                });
        this.metrics = metrics;
        metrics.pendingReplies(core::pendingCount);
    }

    @Override
    public void start() throws Exception {
        core.start();
    }

    @Override
    public void stop() {
        core.stop();
        batchSenders.shutdown();
    }

    @Override
    public List<Outcome> exchange(List<UpdateRequest> requests, Duration timeout) {
        List<Outcome> outcomes = send(requests, timeout);
        count(outcomes);
        return outcomes;
    }

    @Override
    public Outcome exchange(TransferRequest transfer, Duration timeout) {
        Outcome outcome = core.exchange(transfer, timeout);
        count(List.of(outcome));
        return outcome;
    }

    @Override
    public Outcome exchange(DocumentRequest request, Duration timeout) {
        Outcome outcome = core.exchange(request, timeout);
        count(List.of(outcome));
        return outcome;
    }

    @Override
    public Outcome exchange(StreamAppend append, Duration timeout) {
        Outcome outcome = core.exchange(append, timeout);
        count(List.of(outcome));
        return outcome;
    }

    /**
     * A request shed counts once (a batch is shed whole); a request without a decision counts for each
     * item. An unreadable reply is not a timeout: a reply came.
     */
    private void count(List<Outcome> outcomes) {
        if (outcomes.stream().anyMatch(Outcome.Shed.class::isInstance)) {
            metrics.shed();
        }
        for (Outcome outcome : outcomes) {
            if (outcome instanceof Outcome.Unknown unknown && unknown.kind() == Outcome.Unknown.Kind.NO_DECISION) {
                metrics.replyTimeout();
            }
        }
    }

    private List<Outcome> send(List<UpdateRequest> requests, Duration timeout) {
        if (requests.size() <= 1) {
            return core.exchange(requests, timeout);
        }
        Future<List<Outcome>> batch;
        try {
            batch = batchSenders.submit(() -> core.exchange(requests, timeout));
        } catch (RejectedExecutionException e) {
            return all(requests, new Outcome.NotWritten("the gateway is shutting down"));
        }
        try {
            return batch.get(timeout.plus(GRACE).toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return all(
                    requests,
                    new Outcome.Unknown("the batch's sends did not finish within its deadline of " + timeout.toMillis()
                            + " ms (Kafka is slow to take them)"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return all(requests, new Outcome.Unknown("interrupted while waiting for the decisions"));
        } catch (ExecutionException e) {
            throw new IllegalStateException("sending a batch failed", e.getCause());
        }
    }

    private static List<Outcome> all(List<UpdateRequest> requests, Outcome outcome) {
        return Collections.nCopies(requests.size(), outcome);
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
