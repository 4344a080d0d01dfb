package dev.versioned.processor.config;

import dev.versioned.schemas.TopicNames;
import dev.versioned.schemas.UpdateRequest;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything the processor is configured with, validated once at start-up.
 *
 * <p>Keys ({@link #load} reads them from a properties file, then from the environment):
 * <ul>
 *   <li>{@code inventory.topic.requests|results|state|dead-letters}, {@code inventory.topic.reply-prefix}:
 *       topic names (defaults in {@link TopicNames#DEFAULTS})</li>
 *   <li>{@code inventory.idempotency.retention}: how long an outcome is replayed, e.g. {@code 24h}
 *       (default), {@code 30m}, {@code PT2H}</li>
 *   <li>{@code inventory.max.request.bytes}: larger requests are dead-lettered (default 16384)</li>
 *   <li>{@code inventory.unconditional-adjust.enabled}: accept ADJUST without a version (default false)</li>
 *   <li>{@code inventory.admin.enabled}: serve the admin endpoint, {@code /health/live}, {@code /health/ready} and
 *       {@code /metrics} (default true)</li>
 *   <li>{@code inventory.admin.port}: its port (default 8070; 0 takes a free port, for tests)</li>
 *   <li>{@code documents.collection.<name>.schema}: declares collection {@code <name>} with the JSON Schema
 *       (2020-12) in that file ({@code classpath:collections/wallets.schema.json} for an example the jar
 *       ships), which every document of the collection must satisfy</li>
 *   <li>{@code documents.max.document.bytes}: the largest document a write may make (default 65536)</li>
 *   <li>{@code documents.topic.results|state}: the documents' topics (defaults in {@link DocumentSettings})</li>
 *   <li>{@code streams.topic.events}, {@code streams.max.events}, {@code streams.max.append.bytes}: the events
 *       topic, the most events of one append (default 100) and its largest request (default 262144 bytes)</li>
 *   <li>{@code kafka.*}: any Kafka Streams or client property, prefix removed
 *       ({@code kafka.bootstrap.servers}, {@code kafka.security.protocol}, ...)</li>
 * </ul>
 * An environment variable {@code INVENTORY_X_Y}, {@code DOCUMENTS_X_Y} or {@code KAFKA_X_Y} sets key
 * {@code inventory.x.y}, {@code documents.x.y} or {@code kafka.x.y}; a double underscore stands for a dash ({@code INVENTORY_TOPIC_DEAD__LETTERS}). An unknown
 * {@code inventory.*} key in the file is refused; an {@code INVENTORY_*} variable that names no setting is
 * ignored with a warning, since platforms inject variables of their own.
 */
public record ProcessorSettings(
        TopicNames topics,
        Duration idempotencyRetention,
        int maxRequestBytes,
        boolean unconditionalAdjustEnabled,
        boolean adminEnabled,
        int adminPort,
        Map<String, String> kafka,
        DocumentSettings documents,
        StreamSettings streams) {

    public static final Duration DEFAULT_RETENTION = Duration.ofHours(24);
    public static final int DEFAULT_MAX_REQUEST_BYTES = UpdateRequest.DEFAULT_MAX_REQUEST_BYTES;
    public static final String DEFAULT_APPLICATION_ID = "inventory-processor";
    public static final int DEFAULT_ADMIN_PORT = 8070;
    /**
     * {@code session.timeout.ms}: how long the group waits for a silent instance before its partitions move.
     * 6 s is the broker's smallest by default ({@code group.min.session.timeout.ms}); Kafka's own default is 45 s.
     */
    public static final int DEFAULT_SESSION_TIMEOUT_MS = 6_000;
    /** {@code heartbeat.interval.ms}: a quarter of the session, so that three lost heartbeats do not end it. */
    public static final int DEFAULT_HEARTBEAT_INTERVAL_MS = 1_500;
    /**
     * {@code transaction.timeout.ms}: how long the broker keeps a dead instance's open transaction (and with it
     * its partitions' committed offsets) before aborting it; Kafka Streams' default is 10 s. A transaction spans
     * one commit interval (100 ms by default), so 6 s is a wide margin.
     */
    public static final int DEFAULT_TRANSACTION_TIMEOUT_MS = 6_000;

    /** Settings with the default streams settings. */
    public ProcessorSettings(
            TopicNames topics,
            Duration idempotencyRetention,
            int maxRequestBytes,
            boolean unconditionalAdjustEnabled,
            boolean adminEnabled,
            int adminPort,
            Map<String, String> kafka,
            DocumentSettings documents) {
        this(
                topics,
                idempotencyRetention,
                maxRequestBytes,
                unconditionalAdjustEnabled,
                adminEnabled,
                adminPort,
                kafka,
                documents,
                StreamSettings.DEFAULTS);
    }

    public ProcessorSettings {
        kafka = Map.copyOf(kafka);
        for (String topic : new String[] {topics.requests(), topics.results(), topics.state(), topics.deadLetters()}) {
            requireTopic(topic);
        }
        if (!TopicNames.isValidName(topics.replyPrefix())) {
            throw new SettingsException(
                    "inventory.topic.reply-prefix '" + topics.replyPrefix() + "' must be characters of [a-zA-Z0-9._-]");
        }
        if (idempotencyRetention.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new SettingsException(
                    "inventory.idempotency.retention must be at least 1 minute, was " + idempotencyRetention);
        }
        if (maxRequestBytes < 1_024 || maxRequestBytes > 1_048_576) {
            throw new SettingsException(
                    "inventory.max.request.bytes must be between 1024 and 1048576, was " + maxRequestBytes);
        }
        if (adminPort < 0 || adminPort > 65_535) {
            throw new SettingsException(
                    "inventory.admin.port must be between 0 (a free port) and 65535, was " + adminPort);
        }
        String guarantee = kafka.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG);
        if (guarantee != null && !guarantee.equals(StreamsConfig.EXACTLY_ONCE_V2)) {
            // at_least_once would replay decisions after a crash: a request could be applied twice.
            throw new SettingsException("kafka.processing.guarantee must be exactly_once_v2, was " + guarantee);
        }
    }

    /** Settings with defaults and the given bootstrap servers: what tests and the local stack use. */
    public static ProcessorSettings defaults(String bootstrapServers) {
        return new ProcessorSettings(
                TopicNames.DEFAULTS,
                DEFAULT_RETENTION,
                DEFAULT_MAX_REQUEST_BYTES,
                false,
                true,
                DEFAULT_ADMIN_PORT,
                Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                DocumentSettings.NONE,
                StreamSettings.DEFAULTS);
    }

    public ProcessorSettings withTopics(TopicNames newTopics) {
        return new ProcessorSettings(
                newTopics,
                idempotencyRetention,
                maxRequestBytes,
                unconditionalAdjustEnabled,
                adminEnabled,
                adminPort,
                kafka,
                documents,
                streams);
    }

    public ProcessorSettings withRetention(Duration retention) {
        return new ProcessorSettings(
                topics,
                retention,
                maxRequestBytes,
                unconditionalAdjustEnabled,
                adminEnabled,
                adminPort,
                kafka,
                documents,
                streams);
    }

    public ProcessorSettings withUnconditionalAdjust(boolean enabled) {
        return new ProcessorSettings(
                topics,
                idempotencyRetention,
                maxRequestBytes,
                enabled,
                adminEnabled,
                adminPort,
                kafka,
                documents,
                streams);
    }

    /** The admin endpoint on or off, and its port (0: a free one). */
    public ProcessorSettings withAdmin(boolean enabled, int port) {
        return new ProcessorSettings(
                topics,
                idempotencyRetention,
                maxRequestBytes,
                unconditionalAdjustEnabled,
                enabled,
                port,
                kafka,
                documents,
                streams);
    }

    public ProcessorSettings withDocuments(DocumentSettings newDocuments) {
        return new ProcessorSettings(
                topics,
                idempotencyRetention,
                maxRequestBytes,
                unconditionalAdjustEnabled,
                adminEnabled,
                adminPort,
                kafka,
                newDocuments,
                streams);
    }

    public ProcessorSettings withStreams(StreamSettings newStreams) {
        return new ProcessorSettings(
                topics,
                idempotencyRetention,
                maxRequestBytes,
                unconditionalAdjustEnabled,
                adminEnabled,
                adminPort,
                kafka,
                documents,
                newStreams);
    }

    public ProcessorSettings withKafka(String key, String value) {
        Map<String, String> merged = new TreeMap<>(kafka);
        merged.put(key, value);
        return new ProcessorSettings(
                topics,
                idempotencyRetention,
                maxRequestBytes,
                unconditionalAdjustEnabled,
                adminEnabled,
                adminPort,
                merged,
                documents,
                streams);
    }

    private static void requireTopic(String topic) {
        if (!TopicNames.isValidName(topic)) {
            throw new SettingsException("topic name '" + topic + "' must be 1..249 characters of [a-zA-Z0-9._-]");
        }
    }
}
