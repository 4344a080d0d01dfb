package dev.versioned.examples.projection;

import dev.versioned.schemas.WireSerdes;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.state.Stores;

/**
 * The projection's topology and configuration.
 *
 * <pre>
 * streams.events ─► events ─► balance-folder ─► balances ─► account-balances (compacted)
 *   key = stream               store: account-balances-store
 *   value = StreamEvent          (account → AccountBalance, RocksDB, changelogged)
 * </pre>
 *
 * Node and store names must not change in a running deployment: the store's changelog topic is named after the
 * application id and the store.
 */
public final class BalanceTopology {

    public static final String STORE = "account-balances-store";

    private BalanceTopology() {}

    public static Topology build(ProjectionSettings settings) {
        Topology topology = new Topology();
        topology.addSource(
                "events",
                Serdes.String().deserializer(),
                WireSerdes.STREAM_EVENT.deserializer(),
                settings.eventsTopic());
        topology.addProcessor("balance-folder", BalanceFolder::new, "events");
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(STORE), Serdes.String(), AccountBalance.SERDE),
                "balance-folder");
        topology.addSink(
                "balances",
                settings.balancesTopic(),
                Serdes.String().serializer(),
                AccountBalance.SERDE.serializer(),
                "balance-folder");
        return topology;
    }

    /**
     * Exactly-once read-process-write: each transaction holds the balances written, the store's changelog records
     * and the offsets of the events read; the consumer reads only committed events. An event that cannot be read
     * as a {@code StreamEvent} is logged and skipped instead of stopping the projection.
     *
     * <p>Failover in seconds rather than Kafka's defaults: an instance killed without leaving its group holds its
     * partitions until its 6 s session expires (45 s by default).
     */
    public static Properties properties(ProjectionSettings settings) {
        Properties props = new Properties();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        props.put(
                StreamsConfig.STATE_DIR_CONFIG,
                settings.stateDir().toAbsolutePath().toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueExceptionHandler.class.getName());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000");
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1500");
        return props;
    }
}
