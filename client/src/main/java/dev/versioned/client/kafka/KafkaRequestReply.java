package dev.versioned.client.kafka;

import dev.versioned.schemas.DocumentRequest;
import dev.versioned.schemas.DocumentResult;
import dev.versioned.schemas.ReplyHeaders;
import dev.versioned.schemas.StreamAppend;
import dev.versioned.schemas.StreamResult;
import dev.versioned.schemas.TransferRequest;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.UpdateResult;
import dev.versioned.schemas.WireSerdes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
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
 * otherwise 504 ({@link Outcome.Unknown}), after which a retry with the same idempotency key is safe. A reply
 * that arrives but cannot be read is also unknown ({@link Outcome.Unknown.Kind#UNREADABLE_REPLY}): the
 * processor decided, maybe applied, and the sender cannot tell what. A request that cannot be serialized
 * is answered {@link Outcome.NotWritten} without being registered or sent.
 * Pending requests are bounded by {@link PendingReplies}: {@link #exchange} gives back every permit it reserved
 * and did not use, on every path. Shutdown fails every waiting caller.
 * Metrics and late replies are reported to a {@link RequestReplyListener}.
 *
 * <p>Document requests ({@link #exchange(DocumentRequest, Duration)}) travel the same way (key = the document's
 * id) and are answered {@link Outcome.DocumentDecided}: a reply with the header {@code result-type: document}
 * is read as a {@link DocumentResult}, any other as an {@link UpdateResult}. Appends to a stream ({@link
 * #exchange(StreamAppend, Duration)}, key = the stream) are answered {@link Outcome.StreamDecided}: a reply with
 * {@code result-type: stream} is read as a {@link StreamResult}.
 *
 * <p>A reply is accepted only when it names the store, product and idempotency key of the request waiting
 * under its correlation id ({@link ReplyMatch}), or for a document request its collection, id and key
 * ({@link DocumentReplyMatch}), for an append its stream and key ({@link StreamReplyMatch}), and is of the
 * request's kind; for a batch, each item waits under its own id
 * for its own update. Any other reply with that id was provoked by another request that copied the id (readable by
 * anyone who reads the requests topic): it is dropped, logged at WARN and reported as
 * {@link RequestReplyListener#rejectedReply}, and the caller keeps waiting.
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
    private final Function<UpdateRequest, byte[]> serializer;

    private volatile KafkaProducer<String, byte[]> producer;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread replyThread;
    private volatile boolean running;
    private volatile boolean ready;
    private volatile Set<TopicPartition> assignment = Set.of();

    /**
     * What a request/reply instance needs besides its Kafka clients and its listener.
     *
     * @param requestsTopic the topic the processor reads requests from
     * @param replyTopic this instance's own reply topic, {@code <replyPrefix><instanceId>}; created at start if missing
     * @param replyPartitions partitions of the reply topic if it is created
     * @param replyReplication replication factor of the reply topic if it is created; -1 for the broker's default
     * @param replyRetention retention of the reply topic if it is created: bounds its size
     * @param requestTimeout the usual deadline of {@link #exchange}: bounds how long a send may block on metadata
     * @param maxPending how many requests may wait for their reply at once; beyond it, {@link Outcome.Shed}
     */
    public record Settings(
            String requestsTopic,
            String replyTopic,
            int replyPartitions,
            int replyReplication,
            Duration replyRetention,
            Duration requestTimeout,
            int maxPending) {

        public Settings {
            Objects.requireNonNull(requestsTopic, "requestsTopic");
            Objects.requireNonNull(replyTopic, "replyTopic");
            Objects.requireNonNull(replyRetention, "replyRetention");
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            if (replyPartitions < 1) {
                throw new IllegalArgumentException("replyPartitions must be at least 1: " + replyPartitions);
            }
            if (maxPending < 1) {
                throw new IllegalArgumentException("maxPending must be at least 1: " + maxPending);
            }
        }
    }

    public KafkaRequestReply(KafkaClients clients, Settings settings, RequestReplyListener listener) {
        this(clients, settings, listener, WireSerdes.UPDATE_REQUEST::toBytes);
    }

    /** With another request serializer: lets a test make serialization fail. */
    KafkaRequestReply(
            KafkaClients clients,
            Settings settings,
            RequestReplyListener listener,
            Function<UpdateRequest, byte[]> serializer) {
        this.clients = clients;
        this.requestsTopic = settings.requestsTopic();
        this.replyTopic = settings.replyTopic();
        this.replyPartitions = settings.replyPartitions();
        this.replyReplication = settings.replyReplication();
        this.replyRetention = settings.replyRetention();
        // Waiting for metadata or buffer space must end well before the caller's deadline.
        this.maxBlockMs =
                (int) Math.max(100, Math.min(5_000, settings.requestTimeout().toMillis() / 2));
        this.pending = new PendingReplies(settings.maxPending());
        this.listener = listener;
        this.serializer = serializer;
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

    /** Room left under the pending bound: requests that could be accepted now. */
    int freePermits() {
        return pending.available();
    }

    /**
     * Sends the requests and waits for all their outcomes until one shared deadline. Results come in the
     * order of the requests. Either all are accepted or, when the pending bound is reached, none is
     * ({@link Outcome.Shed}); a request that cannot be serialized is {@link Outcome.NotWritten} and the
     * others are still sent. Every permit reserved and not used is given back, whatever happens.
     */
    public List<Outcome> exchange(List<UpdateRequest> requests, Duration timeout) {
        return exchangeAll(
                requests.stream()
                        .map(request -> new Outgoing(
                                request.productId(),
                                () -> serializer.apply(request),
                                ReplyMatch.of(request),
                                "the update of " + request.recordKey()))
                        .toList(),
                timeout);
    }

    /**
     * Sends one transfer and waits for its outcome (a result with one result per item), as {@link #exchange}
     * does an update.
     */
    public Outcome exchange(TransferRequest transfer, Duration timeout) {
        return exchangeOne(
                new Outgoing(
                        transfer.productId(),
                        () -> WireSerdes.TRANSFER_REQUEST.toBytes(transfer),
                        ReplyMatch.of(transfer),
                        "the transfer of " + transfer.productId()),
                timeout);
    }

    /**
     * Sends one document request (key = the document's id) and waits for its outcome, {@link
     * Outcome.DocumentDecided} when the processor decided it; the undecided outcomes are those of {@link
     * #exchange}.
     */
    public Outcome exchange(DocumentRequest request, Duration timeout) {
        return exchangeOne(
                new Outgoing(
                        request.id(),
                        () -> WireSerdes.DOCUMENT_REQUEST.toBytes(request),
                        DocumentReplyMatch.of(request),
                        "the document write of " + request.key()),
                timeout);
    }

    /**
     * Sends one append to a stream (key = the stream, so that its appends are decided in order on one partition)
     * and waits for its outcome, {@link Outcome.StreamDecided} when the processor decided it; the undecided outcomes
     * are those of {@link #exchange}.
     */
    public Outcome exchange(StreamAppend append, Duration timeout) {
        return exchangeOne(
                new Outgoing(
                        append.stream(),
                        () -> WireSerdes.STREAM_APPEND.toBytes(append),
                        StreamReplyMatch.of(append),
                        "the append to " + append.stream()),
                timeout);
    }

    private Outcome exchangeOne(Outgoing request, Duration timeout) {
        return exchangeAll(List.of(request), timeout).get(0);
    }

    /** A request to send: its key, its value (serialized only when it is sent), and what its reply must name. */
    private record Outgoing(String key, Supplier<byte[]> value, ExpectedReply match, String what) {}

    private List<Outcome> exchangeAll(List<Outgoing> requests, Duration timeout) {
        List<Outcome> outcomes = new ArrayList<>(requests.size());
        if (!isReady()) {
            requests.forEach(r ->
                    outcomes.add(new Outcome.NotWritten("the request/reply client is not ready to send requests")));
            return outcomes;
        }
        if (!pending.reserve(requests.size())) {
            requests.forEach(r -> outcomes.add(
                    new Outcome.Shed("too many requests are waiting for a reply (limit " + pending.capacity() + ")")));
            return outcomes;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        int unused = requests.size(); // reserved permits not (yet) held by a pending entry
        List<Object> sent = new ArrayList<>(requests.size()); // an InFlight, or the Outcome of a request not sent
        boolean completed = false;
        try {
            for (Outgoing request : requests) {
                String correlationId = UUID.randomUUID().toString();
                ProducerRecord<String, byte[]> record;
                try {
                    record = record(request, correlationId);
                } catch (RuntimeException e) {
                    unused--;
                    pending.unreserve(1); // at once: the batch may wait long for its other replies
                    log(correlationId, "cannot serialize {}: {}", request.what(), e.toString());
                    sent.add(new Outcome.NotWritten("the request could not be serialized: "
                            + e.getClass().getSimpleName()));
                    continue;
                }
                unused--; // from here the permit is the entry's: released when the entry is removed, or by register
                sent.add(send(record, correlationId, pending.register(correlationId, request.match())));
            }
            for (Object item : sent) {
                outcomes.add(item instanceof InFlight inFlight ? await(inFlight, deadline, timeout) : (Outcome) item);
            }
            completed = true;
            return outcomes;
        } finally {
            pending.unreserve(unused);
            if (!completed) {
                // Thrown out of the loop: nobody will wait for these any more.
                sent.stream()
                        .filter(InFlight.class::isInstance)
                        .forEach(item -> pending.abandon(((InFlight) item).correlationId));
            }
        }
    }

    /** The request's record; built before the request is registered, so a serialization failure leaves nothing. */
    private ProducerRecord<String, byte[]> record(Outgoing request, String correlationId) {
        byte[] value = request.value().get();
        RecordHeaders headers = new RecordHeaders();
        headers.add(ReplyHeaders.CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
        headers.add(ReplyHeaders.REPLY_TOPIC, replyTopic.getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(requestsTopic, null, request.key(), value, headers);
    }

    private InFlight send(
            ProducerRecord<String, byte[]> record, String correlationId, CompletableFuture<Outcome> future) {
        AtomicBoolean returned = new AtomicBoolean(false);
        long started = System.nanoTime();
        MDC.put(MDC_KEY, correlationId);
        try {
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    // Called inside send() when the record was never appended (e.g. no metadata in max.block.ms).
                    boolean notWritten = !returned.get() || refusedForSure(error);
                    pending.fail(correlationId, new SendFailed(error, notWritten));
                } else {
                    // Only a reply naming this position answers the request: a copy of it lies elsewhere.
                    int rejected = pending.written(
                            correlationId, ReplyHeaders.position(metadata.partition(), metadata.offset()));
                    for (int i = 0; i < rejected; i++) {
                        listener.rejectedReply();
                        log(
                                correlationId,
                                "a reply that arrived before the send's acknowledgement was rejected:"
                                        + " it answers a request at another position (a copy of this one)");
                    }
                }
            });
            LOG.debug("sent the request keyed {} to {}", record.key(), requestsTopic);
        } catch (KafkaException | IllegalStateException e) {
            pending.fail(correlationId, new SendFailed(e, true));
        } catch (RuntimeException e) {
            pending.fail(correlationId, new SendFailed(e, false)); // unexpected: it may have been appended
        } finally {
            returned.set(true);
            MDC.remove(MDC_KEY);
        }
        return new InFlight(correlationId, future, started);
    }

    private Outcome await(InFlight inFlight, long deadline, Duration timeout) {
        try {
            Outcome decided = inFlight.future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            listener.roundTrip(System.nanoTime() - inFlight.started);
            return decided;
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
            Outcome decided = inFlight.future.get(); // completed right after its removal
            listener.roundTrip(System.nanoTime() - inFlight.started);
            return decided;
        } catch (ExecutionException e) {
            return failed(inFlight.correlationId, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Unknown("interrupted while waiting for the decision");
        }
    }

    private Outcome failed(String correlationId, Throwable cause) {
        if (cause instanceof SendFailed failed) {
            log(
                    correlationId,
                    "send failed ({}): {}",
                    failed.notWritten ? "not written" : "outcome unknown",
                    failed.getCause().toString());
            return failed.notWritten
                    ? new Outcome.NotWritten("Kafka did not accept the request: "
                            + failed.getCause().getClass().getSimpleName())
                    : new Outcome.Unknown("the send to Kafka failed after it may have been written: "
                            + failed.getCause().getClass().getSimpleName());
        }
        if (cause instanceof UnreadableReply unreadable) {
            return new Outcome.Unknown(
                    "the processor's reply could not be read (" + unreadable.getMessage()
                            + "): the update may have been applied",
                    Outcome.Unknown.Kind.UNREADABLE_REPLY);
        }
        if (cause instanceof ShuttingDown) {
            return new Outcome.Unknown("the sender shut down while waiting for the decision");
        }
        return new Outcome.Unknown("unexpected failure: " + cause.getClass().getSimpleName());
    }

    private void pollReplies() {
        PollLoop.run(
                consumer,
                () -> running,
                records -> records.forEach(this::route),
                LOG,
                "reply consumer of " + replyTopic);
    }

    private void route(ConsumerRecord<String, byte[]> record) {
        Optional<String> correlationId = header(record, ReplyHeaders.CORRELATION_ID);
        if (correlationId.isEmpty()) {
            LOG.warn(
                    "reply without {} header at {}-{}@{}: ignored",
                    ReplyHeaders.CORRELATION_ID,
                    record.topic(),
                    record.partition(),
                    record.offset());
            return;
        }
        String id = correlationId.get();
        // The header says what the value is before it is parsed: a document result, a stream result, or else an
        // update result.
        String type = header(record, ReplyHeaders.RESULT_TYPE).orElse("");
        Outcome decided;
        try {
            if (ReplyHeaders.DOCUMENT_RESULT.equals(type)) {
                decided = new Outcome.DocumentDecided(Objects.requireNonNull(
                        WireSerdes.DOCUMENT_RESULT.fromBytes(record.value()), "reply without a value"));
            } else if (ReplyHeaders.STREAM_RESULT.equals(type)) {
                decided = new Outcome.StreamDecided(Objects.requireNonNull(
                        WireSerdes.STREAM_RESULT.fromBytes(record.value()), "reply without a value"));
            } else {
                decided = new Outcome.Decided(Objects.requireNonNull(
                        WireSerdes.UPDATE_RESULT.fromBytes(record.value()), "reply without a value"));
            }
        } catch (RuntimeException e) { // a SerializationException, or a null value
            log(
                    id,
                    "unreadable reply at {}-{}@{}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
            pending.fail(id, new UnreadableReply(e));
            return;
        }
        Optional<String> position = header(record, ReplyHeaders.REQUEST_POSITION);
        PendingReplies.Delivery delivery;
        if (decided instanceof Outcome.DocumentDecided d) {
            delivery = pending.complete(id, d.result(), position);
        } else if (decided instanceof Outcome.StreamDecided a) {
            delivery = pending.complete(id, a.result(), position);
        } else {
            delivery = pending.complete(id, ((Outcome.Decided) decided).result(), position);
        }
        switch (delivery) {
            case DELIVERED, HELD -> {}
            case NOT_PENDING -> {
                listener.lateReply();
                log(id, "late reply (its caller already gave up or it is not ours): code={}", code(decided));
            }
            case REJECTED -> rejected(id, record, decided);
        }
    }

    private static String code(Outcome decided) {
        if (decided instanceof Outcome.DocumentDecided d) {
            return d.result().code().name();
        }
        if (decided instanceof Outcome.StreamDecided a) {
            return a.result().code().name();
        }
        return ((Outcome.Decided) decided).result().code().name();
    }

    /**
     * A reply with a waiting request's correlation id but about another update or document, of the other kind, or
     * answering a request at another position: someone sent the processor a request with a copied correlation id
     * and this reply topic (a copy of the waiting request, or another one). Dropped, so the caller keeps waiting
     * for its own decision (or its deadline). The log names the differing fields, never their values.
     */
    private void rejected(String id, ConsumerRecord<String, byte[]> record, Outcome decided) {
        listener.rejectedReply();
        MDC.put(MDC_KEY, id);
        try {
            LOG.warn(
                    "reply at {}-{}@{} rejected: its {} differ from the waiting request's (another request copied"
                            + " the correlation id); the caller keeps waiting",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    pending.expected(id)
                            .map(expected -> expected.mismatches(decided))
                            .filter(fields -> !fields.isEmpty())
                            .orElse(List.of(ReplyHeaders.REQUEST_POSITION)));
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    private static Optional<String> header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null
                ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    private void ensureReplyTopic(Admin admin) throws Exception {
        NewTopic topic = new NewTopic(
                        replyTopic,
                        Optional.of(replyPartitions),
                        replyReplication < 0 ? Optional.empty() : Optional.of((short) replyReplication))
                .configs(Map.of("retention.ms", String.valueOf(replyRetention.toMillis()), "cleanup.policy", "delete"));
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
        return error instanceof RecordTooLargeException
                || error instanceof RecordBatchTooLargeException
                || error instanceof AuthorizationException
                || error instanceof InvalidTopicException
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

    private record InFlight(String correlationId, CompletableFuture<Outcome> future, long started) {}

    /** A send that failed; {@code notWritten} when the record certainly is not in the topic. */
    static final class SendFailed extends Exception {
        final boolean notWritten;

        SendFailed(Throwable cause, boolean notWritten) {
            super(cause.toString(), cause, false, false);
            this.notWritten = notWritten;
        }
    }

    /** A reply that came for the request but whose value could not be parsed. */
    static final class UnreadableReply extends Exception {
        UnreadableReply(Throwable cause) {
            super(firstLine(String.valueOf(cause.getMessage())), cause, false, false);
        }

        /** Parser messages can span lines and quote the input: the first line, at most 200 characters. */
        private static String firstLine(String message) {
            String line = message.lines().findFirst().orElse("");
            return line.length() <= 200 ? line : line.substring(0, 200) + "...";
        }
    }

    /** Every waiting caller gets this when the client stops. */
    static final class ShuttingDown extends Exception {
        ShuttingDown() {
            super("request/reply client shutting down", null, false, false);
        }
    }
}
