package dev.versioned.processor.topology;

import dev.versioned.processor.config.ProcessorSettings;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams configuration the topology runs with. It lives beside the Kafka Streams plug-ins it
 * names ({@link ClampedTimestampExtractor}, {@link ReplyDeliveryHandler}, {@link ProcessingFailureHandler}), so
 * that the settings themselves ({@link ProcessorSettings}) know nothing of the topology.
 */
public final class StreamsProperties {

    private StreamsProperties() {}

    /**
     * The product's defaults (exactly-once, no default serdes, the clamping timestamp extractor, the
     * production exception handler that marks unwritable reply topics and counts failed sends per record, the
     * processing exception handler that remembers which record a failure was about), overridden by every
     * {@code kafka.*} key of the settings.
     *
     * <p>{@code poll.ms}, unless set, is half the commit interval (at most Kafka Streams' default of 100 ms):
     * a stream thread with nothing to read blocks that long in {@code poll}, and a commit that fell due
     * meanwhile, with the answers of everything decided before it, waits for it. At the default, one
     * writer's read-modify-write cycle took about 110 ms at a 10 ms commit interval instead of about 18.
     *
     * <p>Failover: an instance that dies without leaving the group (kill -9, a lost host) holds its
     * partitions until its session expires, and nobody decides them meanwhile. Kafka's default session of
     * 45 s is replaced by {@link ProcessorSettings#DEFAULT_SESSION_TIMEOUT_MS} with a heartbeat every
     * {@link ProcessorSettings#DEFAULT_HEARTBEAT_INTERVAL_MS}, and the transaction the dead instance left
     * open, which holds the partitions' committed offsets until the broker aborts it, times out after
     * {@link ProcessorSettings#DEFAULT_TRANSACTION_TIMEOUT_MS} instead of Kafka Streams' 10 s. Heartbeats
     * come from the consumer's own thread, so a slow record does not end a session; a pause of the whole
     * JVM or a broker that does not answer for that long does, and costs one rebalance (see
     * docs/operations.md, Failover).
     */
    public static Properties of(ProcessorSettings settings) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, ProcessorSettings.DEFAULT_APPLICATION_ID);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        props.put(
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(ProcessorSettings.DEFAULT_SESSION_TIMEOUT_MS));
        props.put(
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
                String.valueOf(ProcessorSettings.DEFAULT_HEARTBEAT_INTERVAL_MS));
        props.put(
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                String.valueOf(ProcessorSettings.DEFAULT_TRANSACTION_TIMEOUT_MS));
        props.put(StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG, ClampedTimestampExtractor.class.getName());
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, ReplyDeliveryHandler.class.getName());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, ProcessingFailureHandler.class.getName());
        props.put(ReplyDeliveryHandler.REPLY_PREFIX_CONFIG, settings.topics().replyPrefix());
        props.putAll(settings.kafka());
        String commit =
                props.getProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG).trim();
        // An unparseable interval is left to Kafka Streams' own validation, which names the key.
        if (!settings.kafka().containsKey(StreamsConfig.POLL_MS_CONFIG) && commit.matches("[0-9]{1,18}")) {
            props.put(
                    StreamsConfig.POLL_MS_CONFIG,
                    String.valueOf(Math.max(1, Math.min(100, Long.parseLong(commit) / 2))));
        }
        return props;
    }
}
