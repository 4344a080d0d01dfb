package dev.versioned.client.kafka;

import dev.versioned.schemas.ReplyHeaders;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.UpdateResult;
import dev.versioned.schemas.WireSerdes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Request/reply over Kafka, the one implementation of it: the gateway answers HTTP with it and the
 * Kafka-direct client ({@code KafkaInventory}) sends with it. Sends an update to the requests topic (key =
 * productId, headers {@code correlation-id} and {@code reply-topic}) and waits for the processor's result
 * on this instance's own reply topic.
 *
 * <p>Reply routing: every instance (gateway or client) owns the topic {@code <replyPrefix><instanceId>}, created at
 * start if missing, and reads all its partitions with {@code assign()} and {@code read_committed}: there
 * is no consumer group, so no rebalance can ever move or pause another instance's replies. The consumer's
 * position is taken ({@code position()}, since {@code seekToEnd} is lazy) before {@link #start} returns,
 * so no reply to a request accepted afterwards can be skipped. Replies produced while an instance is down
 * are skipped on restart: their callers had already been answered "outcome unknown".
 *
 * <p>Outcomes: the result when it comes in time; 503 ({@link Outcome.NotWritten}) only when the record
 * certainly was not written (failed before it was appended, or refused by a non-retriable error);
 * otherwise 504 ({@link Outcome.Unknown}), after which a retry with the same idempotency key is safe.
 * Pending requests are bounded by {@link PendingReplies}; shutdown fails every waiting caller.
 * Metrics and late replies are reported to a {@link RequestReplyListener}.
 *
 * <p>Limits: a reply topic is never deleted here (retention bounds its size); topics of instance ids
 * that are no longer used must be deleted by an operator, so give each long-lived instance a stable id.
 */
public final class KafkaRequestReply implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaRequestReply.class);
    public static final String MDC_KEY = "correlationId";

    private final KafkaClients clients;
    private final String requestsTopic;
    private final String replyTopic;
    private final int replyPartitions;
    private final int replyReplication;
    private final Duration replyRetention;
    private final int maxBlockMs;
    private final PendingReplies pending;
    private final RequestReplyListener listener;

    private volatile KafkaProducer<String, byte[]> producer;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread replyThread;
    private volatile boolean running;
    private volatile boolean ready;
    private volatile Set<TopicPartition> assignment = Set.of();

    /**
     * @param replyReplication replication factor of the reply topic if it is created; -1 for the broker's default
     * @param requestTimeout the usual deadline of {@link #exchange}: bounds how long a send may block on metadata
     * @param maxPending how many requests may wait for their reply at once; beyond it, {@link Outcome.Shed}
     */
    public KafkaRequestReply(KafkaClients clients, String requestsTopic, String replyTopic, int replyPartitions,
                             int replyReplication, Duration replyRetention, Duration requestTimeout,
                             int maxPending, RequestReplyListener listener) {
        this.clients = clients;
        this.requestsTopic = requestsTopic;
        this.replyTopic = replyTopic;
        this.replyPartitions = replyPartitions;
        this.replyReplication = replyReplication;
        this.replyRetention = replyRetention;
        // Waiting for metadata or buffer space must end well before the caller's deadline.
        this.maxBlockMs = (int) Math.max(100, Math.min(5_000, requestTimeout.toMillis() / 2));
        this.pending = new PendingReplies(maxPending);
        this.listener = listener;
    }

    /** Creates the reply topic if missing, takes the reply consumer's position, then accepts requests. */
    public void start() throws Exception {
        try (Admin admin = clients.admin()) {
            ensureReplyTopic(admin);
        }
        producer = clients.producer(maxBlockMs);
        KafkaConsumer<String, byte[]> replies = clients.consumer("replies", "latest");
        List<TopicPartition> partitions = KafkaClients.partitionsOf(replies, replyTopic, Duration.ofSeconds(30));
        replies.assign(partitions);
        replies.seekToEnd(partitions);
        for (TopicPartition partition : partitions) {
            replies.position(partition, Duration.ofSeconds(30)); // seekToEnd is lazy: resolve it now
        }
        consumer = replies;
        assignment = Set.copyOf(partitions);
        running = true;
        replyThread = new Thread(this::pollReplies, "reply-consumer-" + replyTopic);
        replyThread.setDaemon(true);
        replyThread.start();
        ready = true;
        LOG.info("reply consumer assigned {} at its end; accepting requests", partitions);
    }

    /** Stops sending and receiving, and fails every waiting caller with an unknown outcome. */
    public void stop() {
        ready = false;
        KafkaProducer<String, byte[]> p = producer;
        if (p != null) {
            p.close(Duration.ofSeconds(5)); // in-flight sends complete or fail their callbacks
        }
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t = replyThread;
        if (t != null) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        pending.failAll(new ShuttingDown());
    }

    @Override
    public void close() {
        stop();
    }

    /** True once the reply consumer holds its partitions and until shutdown. */
    public boolean isReady() {
        Thread t = replyThread;
        return ready && t != null && t.isAlive() && !assignment.isEmpty();
    }

    public Set<TopicPartition> assignment() {
        return assignment;
    }

    public String replyTopic() {
        return replyTopic;
    }

    public int pendingCount() {
        return pending.size();
    }

    /**
     * Sends the requests and waits for all their outcomes until one shared deadline. Results come in the
     * order of the requests. Either all are sent or, when the pending bound is reached, none is
     * ({@link Outcome.Shed}).
     */
    public List<Outcome> exchange(List<UpdateRequest> requests, Duration timeout) {
        List<Outcome> outcomes = new ArrayList<>(requests.size());
        if (!isReady()) {
            requests.forEach(r -> outcomes.add(new Outcome.NotWritten("the request/reply client is not ready to send requests")));
            return outcomes;
        }
        if (!pending.reserve(requests.size())) {
            requests.forEach(r -> outcomes.add(new Outcome.Shed(
                    "too many requests are waiting for a reply (limit " + pending.capacity() + ")")));
            return outcomes;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<InFlight> sent = new ArrayList<>(requests.size());
        for (UpdateRequest request : requests) {
            sent.add(send(request));
        }
        for (InFlight inFlight : sent) {
            outcomes.add(await(inFlight, deadline, timeout));
        }
        return outcomes;
    }

    private InFlight send(UpdateRequest request) {
        String correlationId = UUID.randomUUID().toString();
        CompletableFuture<UpdateResult> future = pending.register(correlationId);
        RecordHeaders headers = new RecordHeaders();
        headers.add(ReplyHeaders.CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
        headers.add(ReplyHeaders.REPLY_TOPIC, replyTopic.getBytes(StandardCharsets.UTF_8));
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(requestsTopic, null, request.productId(),
                WireSerdes.UPDATE_REQUEST.toBytes(request), headers);
        AtomicBoolean returned = new AtomicBoolean(false);
        long started = System.nanoTime();
        MDC.put(MDC_KEY, correlationId);
        try {
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    // Called inside send() when the record was never appended (e.g. no metadata in max.block.ms).
                    boolean notWritten = !returned.get() || refusedForSure(error);
                    pending.fail(correlationId, new SendFailed(error, notWritten));
                }
            });
            LOG.debug("sent update of {} to {}", request.recordKey(), requestsTopic);
        } catch (KafkaException | IllegalStateException e) {
            pending.fail(correlationId, new SendFailed(e, true));
        } finally {
            returned.set(true);
            MDC.remove(MDC_KEY);
        }
        return new InFlight(correlationId, future, started);
    }

    private Outcome await(InFlight inFlight, long deadline, Duration timeout) {
        try {
            UpdateResult result = inFlight.future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            listener.roundTrip(System.nanoTime() - inFlight.started);
            return new Outcome.Decided(result);
        } catch (TimeoutException e) {
            if (pending.abandon(inFlight.correlationId)) {
                log(inFlight.correlationId, "no reply within {}: outcome unknown", timeout);
                return new Outcome.Unknown("no decision arrived within " + timeout.toMillis() + " ms");
            }
            return settled(inFlight); // the reply (or a send failure) won the race
        } catch (ExecutionException e) {
            return failed(inFlight.correlationId, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.abandon(inFlight.correlationId);
            return new Outcome.Unknown("interrupted while waiting for the decision");
        }
    }

    private Outcome settled(InFlight inFlight) {
        try {
            UpdateResult result = inFlight.future.get(); // completed right after its removal
            listener.roundTrip(System.nanoTime() - inFlight.started);
            return new Outcome.Decided(result);
        } catch (ExecutionException e) {
            return failed(inFlight.correlationId, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Unknown("interrupted while waiting for the decision");
        }
    }

    private Outcome failed(String correlationId, Throwable cause) {
        if (cause instanceof SendFailed failed) {
            log(correlationId, "send failed ({}): {}", failed.notWritten ? "not written" : "outcome unknown",
                    failed.getCause().toString());
            return failed.notWritten
                    ? new Outcome.NotWritten("Kafka did not accept the request: " + failed.getCause().getClass().getSimpleName())
                    : new Outcome.Unknown("the send to Kafka failed after it may have been written: "
                            + failed.getCause().getClass().getSimpleName());
        }
        if (cause instanceof ShuttingDown) {
            return new Outcome.Unknown("the sender shut down while waiting for the decision");
        }
        return new Outcome.Unknown("unexpected failure: " + cause.getClass().getSimpleName());
    }

    private void pollReplies() {
        PollLoop.run(consumer, () -> running, records -> records.forEach(this::route), LOG,
                "reply consumer of " + replyTopic);
    }

    private void route(ConsumerRecord<String, byte[]> record) {
        Optional<String> correlationId = header(record, ReplyHeaders.CORRELATION_ID);
        if (correlationId.isEmpty()) {
            LOG.warn("reply without {} header at {}-{}@{}: ignored", ReplyHeaders.CORRELATION_ID, record.topic(),
                    record.partition(), record.offset());
            return;
        }
        String id = correlationId.get();
        UpdateResult result;
        try {
            result = WireSerdes.UPDATE_RESULT.fromBytes(record.value());
        } catch (SerializationException e) {
            log(id, "unreadable reply: {}", e.getMessage());
            pending.fail(id, new SendFailed(e, false));
            return;
        }
        if (!pending.complete(id, result)) {
            listener.lateReply();
            log(id, "late reply (its caller already gave up or it is not ours): code={}", result.code());
        }
    }

    private static Optional<String> header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null
                ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    private void ensureReplyTopic(Admin admin) throws Exception {
        NewTopic topic = new NewTopic(replyTopic, Optional.of(replyPartitions),
                replyReplication < 0 ? Optional.empty() : Optional.of((short) replyReplication))
                .configs(Map.of("retention.ms", String.valueOf(replyRetention.toMillis()),
                        "cleanup.policy", "delete"));
        try {
            admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            LOG.info("created reply topic {} ({} partitions)", replyTopic, replyPartitions);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create reply topic " + replyTopic, e.getCause());
            }
            LOG.info("reply topic {} exists", replyTopic);
        }
    }

    private static boolean refusedForSure(Exception error) {
        return error instanceof RecordTooLargeException || error instanceof RecordBatchTooLargeException
                || error instanceof AuthorizationException || error instanceof InvalidTopicException
                || error instanceof SerializationException;
    }

    private static void log(String correlationId, String format, Object... args) {
        MDC.put(MDC_KEY, correlationId);
        try {
            LOG.info(format, args);
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    private record InFlight(String correlationId, CompletableFuture<UpdateResult> future, long started) {
    }

    /** A send that failed; {@code notWritten} when the record certainly is not in the topic. */
    static final class SendFailed extends Exception {
        final boolean notWritten;

        SendFailed(Throwable cause, boolean notWritten) {
            super(cause.toString(), cause, false, false);
            this.notWritten = notWritten;
        }
    }

    /** Every waiting caller gets this when the client stops. */
    static final class ShuttingDown extends Exception {
        ShuttingDown() {
            super("request/reply client shutting down", null, false, false);
        }
    }
}
