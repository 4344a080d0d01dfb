package dev.versioned.client;

import dev.versioned.client.kafka.DocumentStateReader;
import dev.versioned.client.kafka.KafkaClients;
import dev.versioned.client.kafka.KafkaRequestReply;
import dev.versioned.client.kafka.Outcome;
import dev.versioned.client.kafka.RequestReplyListener;
import dev.versioned.client.kafka.StateReader;
import dev.versioned.client.kafka.StreamEventReader;
import dev.versioned.schemas.DocumentRequest;
import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.RecordKey;
import dev.versioned.schemas.StreamAppend;
import dev.versioned.schemas.TopicNames;
import dev.versioned.schemas.TransferRequest;
import dev.versioned.schemas.UpdateRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.common.KafkaException;

/**
 * The {@link Inventory} straight over Kafka, for services that would rather not go through the gateway:
 * requests go to the requests topic with the same {@link KafkaRequestReply} the gateway uses (own reply
 * topic {@code <replyPrefix><instanceId>}, {@code read_committed}), reads come from the state topic
 * ({@link StateReader}). Same retry rules as over HTTP: a reply that does not come within
 * {@link Builder#requestTimeout} is an unknown outcome, resent with the same idempotency key.
 *
 * <p>No API keys here: anyone who may write to the requests topic may change any store; restrict it with
 * Kafka ACLs. Give each long-lived instance a stable {@link Builder#instanceId}: each id creates a reply
 * topic that is not deleted when the client closes.
 *
 * <p>A request is checked before it is sent, as the gateway checks it (the wire contract's field rules; a
 * transfer's size against {@link Builder#maxRequestBytes}): one that breaks a rule is refused with {@link Invalid}
 * and not sent, since the processor could refuse it only without naming it.
 *
 * <p>Lifecycle: {@link Builder#start()} creates the reply topic and takes the reply consumer's position
 * before returning; {@link #close()} fails every waiting call with an unknown outcome.
 */
public final class KafkaInventory extends Updater implements AutoCloseable {

    private final KafkaRequestReply requestReply;
    private final StateReader state;
    private final KafkaDocuments documents;
    private final DocumentStateReader documentState;
    private final KafkaEventStreams streams;
    private final StreamEventReader events;

    private KafkaInventory(
            KafkaClients clients,
            KafkaRequestReply requestReply,
            StateReader state,
            DocumentStateReader documentState,
            StreamEventReader events,
            Builder builder) {
        super(
                new Direct(requestReply, state, builder.requestTimeout, builder.maxRequestBytes),
                builder.retryPolicy,
                builder.sendListener);
        this.requestReply = requestReply;
        this.state = state;
        this.documentState = documentState;
        this.documents = new KafkaDocuments(
                requestReply, documentState, builder.retryPolicy, builder.requestTimeout, builder.maxDocumentBytes);
        this.events = events;
        this.streams = new KafkaEventStreams(
                clients,
                requestReply,
                events,
                builder.eventsTopic,
                builder.retryPolicy,
                builder.sendListener,
                builder.requestTimeout,
                builder.maxAppendEvents,
                builder.maxAppendBytes);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The documents of the same service over the same connection: writes share this instance's request/reply
     * core and reply topic, its retry policy and request timeout. Closed with this instance.
     */
    public KafkaDocuments documents() {
        return documents;
    }

    /**
     * The event streams of the same service over the same connection: appends share this instance's request/reply
     * core and reply topic, its retry policy, request timeout and send listener; reads and category subscriptions
     * read the events topic ({@link Builder#eventsTopic}). Closed with this instance, subscriptions included.
     */
    public KafkaEventStreams streams() {
        return streams;
    }

    /** The topic this instance's replies come to. */
    public String replyTopic() {
        return requestReply.replyTopic();
    }

    @Override
    public void close() {
        streams.closeSubscriptions();
        requestReply.stop();
        state.close();
        documentState.close();
        events.close();
    }

    /** Builds and starts a {@link KafkaInventory}; {@link #bootstrapServers} is required. */
    public static final class Builder {
        private final Map<String, String> properties = new HashMap<>();
        private TopicNames topics = TopicNames.DEFAULTS;
        private String documentStateTopic = TopicNames.DOCUMENT_STATE;
        private String instanceId = "client-" + UUID.randomUUID().toString().substring(0, 8);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private int maxPending = 1_000;
        private int replyPartitions = 1;
        private int replyReplication = -1;
        private Duration replyRetention = Duration.ofHours(1);
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private RequestReplyListener listener = RequestReplyListener.NONE;
        private SendListener sendListener = SendListener.NONE;
        private int maxRequestBytes = SendChecks.DEFAULT_MAX_REQUEST_BYTES;
        private int maxDocumentBytes = DocumentRequest.DEFAULT_MAX_DOCUMENT_BYTES;
        private String eventsTopic = TopicNames.STREAM_EVENTS;
        private int maxAppendEvents = StreamAppend.DEFAULT_MAX_EVENTS;
        private int maxAppendBytes = StreamAppend.DEFAULT_MAX_APPEND_BYTES;

        private Builder() {}

        public Builder bootstrapServers(String servers) {
            return property("bootstrap.servers", servers);
        }

        /** Any Kafka client property (TLS, SASL, client.id, ...); the guarantees' own are enforced. */
        public Builder property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        public Builder topics(TopicNames topics) {
            this.topics = topics;
            return this;
        }

        /** Names the reply topic ({@code <replyPrefix><instanceId>}); default a random id. */
        public Builder instanceId(String instanceId) {
            this.instanceId = instanceId;
            return this;
        }

        /** How long one send waits for its reply before its outcome counts as unknown (default 10 s). */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        /** How many sends may wait for their replies at once (default 1000); beyond it they back off. */
        public Builder maxPending(int maxPending) {
            this.maxPending = maxPending;
            return this;
        }

        /** Reply topic partitions, replication (-1: the broker's default) and retention, if it is created. */
        public Builder replyTopic(int partitions, int replication, Duration retention) {
            this.replyPartitions = partitions;
            this.replyReplication = replication;
            this.replyRetention = retention;
            return this;
        }

        /** The documents state topic {@link #documents()} reads (default {@value TopicNames#DOCUMENT_STATE}). */
        public Builder documentStateTopic(String topic) {
            this.documentStateTopic = topic;
            return this;
        }

        /**
         * The events topic {@link #streams()} reads and subscribes to (default {@value TopicNames#STREAM_EVENTS}): the
         * processor's {@code streams.topic.events}.
         */
        public Builder eventsTopic(String topic) {
            this.eventsTopic = topic;
            return this;
        }

        /**
         * The most events one append of {@link #streams()} may carry (default {@value StreamAppend#DEFAULT_MAX_EVENTS},
         * the processor's default {@code streams.max.events}): set it to the processor's. More is refused with {@link
         * Invalid} 413 {@code PAYLOAD_TOO_LARGE} and not sent.
         */
        public Builder maxAppendEvents(int maxAppendEvents) {
            if (maxAppendEvents < 1) {
                throw new IllegalArgumentException("maxAppendEvents must be at least 1, was " + maxAppendEvents);
            }
            this.maxAppendEvents = maxAppendEvents;
            return this;
        }

        /**
         * The largest append of {@link #streams()}, as the JSON written to the requests topic (default {@value
         * StreamAppend#DEFAULT_MAX_APPEND_BYTES}, the processor's default {@code streams.max.append.bytes}; {@value
         * StreamAppend#MIN_APPEND_LIMIT}..{@value StreamAppend#MAX_APPEND_LIMIT}): set it to the processor's. A larger
         * one is refused with {@link Invalid} 413 {@code PAYLOAD_TOO_LARGE} and not sent.
         */
        public Builder maxAppendBytes(int maxAppendBytes) {
            if (maxAppendBytes < StreamAppend.MIN_APPEND_LIMIT || maxAppendBytes > StreamAppend.MAX_APPEND_LIMIT) {
                throw new IllegalArgumentException("maxAppendBytes must be between " + StreamAppend.MIN_APPEND_LIMIT
                        + " and " + StreamAppend.MAX_APPEND_LIMIT + ", was " + maxAppendBytes);
            }
            this.maxAppendBytes = maxAppendBytes;
            return this;
        }

        /** How long and how often to keep trying (default {@link RetryPolicy#defaults()}). */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = retryPolicy;
            return this;
        }

        /** Observes every send of an update (and of an append to a stream) and its outcome (default: none). */
        public Builder sendListener(SendListener sendListener) {
            this.sendListener = sendListener;
            return this;
        }

        /**
         * The largest transfer sent, as JSON (default 16384, the processor's default {@code
         * inventory.max.request.bytes}; 1024..1048576): set it to the processor's. A larger one is refused with
         * {@link Invalid} and not sent.
         */
        public Builder maxRequestBytes(int maxRequestBytes) {
            this.maxRequestBytes = SendChecks.requestLimit(maxRequestBytes);
            return this;
        }

        /**
         * The largest document or merge patch {@link #documents()} sends, as compact JSON ({@link
         * DocumentRequest#sizeOf}; default {@value DocumentRequest#DEFAULT_MAX_DOCUMENT_BYTES}, the product's
         * default; {@value DocumentRequest#MIN_DOCUMENT_LIMIT}..{@value DocumentRequest#MAX_DOCUMENT_LIMIT}): set it
         * to the processor's {@code documents.max.document.bytes}. A larger one is refused with {@link Invalid} 413
         * {@code PAYLOAD_TOO_LARGE} and not sent.
         */
        public Builder maxDocumentBytes(int maxDocumentBytes) {
            this.maxDocumentBytes = SendChecks.documentLimit(maxDocumentBytes);
            return this;
        }

        /** Round-trip and late-reply hooks, for metrics. */
        public Builder listener(RequestReplyListener listener) {
            this.listener = listener;
            return this;
        }

        /** Connects: creates the reply topic if missing and is ready to send when this returns. */
        public KafkaInventory start() throws Exception {
            Objects.requireNonNull(properties.get("bootstrap.servers"), "bootstrapServers");
            Objects.requireNonNull(retryPolicy, "retryPolicy");
            Objects.requireNonNull(sendListener, "sendListener");
            KafkaClients clients = new KafkaClients(properties, "inventory-client-" + instanceId);
            KafkaRequestReply requestReply = new KafkaRequestReply(
                    clients,
                    new KafkaRequestReply.Settings(
                            topics.requests(),
                            topics.replyPrefix() + instanceId,
                            replyPartitions,
                            replyReplication,
                            replyRetention,
                            requestTimeout,
                            maxPending),
                    listener);
            requestReply.start();
            StateReader state = null;
            DocumentStateReader documentState = null;
            StreamEventReader events;
            try {
                state = new StateReader(clients, topics.state(), Duration.ofSeconds(30));
                documentState = new DocumentStateReader(clients, documentStateTopic, Duration.ofSeconds(30));
                events = new StreamEventReader(clients, eventsTopic, Duration.ofSeconds(30));
            } catch (RuntimeException e) {
                requestReply.stop();
                if (state != null) {
                    state.close();
                }
                if (documentState != null) {
                    documentState.close();
                }
                throw e;
            }
            return new KafkaInventory(clients, requestReply, state, documentState, events, this);
        }
    }

    /** One send through the request/reply core, one read through the state reader. */
    private record Direct(KafkaRequestReply requestReply, StateReader state, Duration timeout, int maxRequestBytes)
            implements Transport {

        @Override
        public Optional<InventoryRecord> read(String storeId, String productId) {
            try {
                // A deleted record answers as not found, as the gateway's 404 does.
                return state.read(new RecordKey(storeId, productId)).filter(record -> !record.deleted());
            } catch (KafkaException e) {
                throw new Unavailable("state topic not readable: " + e, e);
            }
        }

        @Override
        public Outcome send(UpdateRequest request) {
            SendChecks.check(request);
            return requestReply.exchange(List.of(request), timeout).get(0);
        }

        @Override
        public Outcome send(TransferRequest transfer) {
            SendChecks.check(transfer, maxRequestBytes);
            return requestReply.exchange(transfer, timeout);
        }
    }
}
