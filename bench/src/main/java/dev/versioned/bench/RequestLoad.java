package dev.versioned.bench;

import dev.versioned.schemas.ReplyHeaders;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.WireSerdes;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.function.IntFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The pre-produced input of the throughput runs: {@code n} conditional ADJUST requests over
 * {@value BenchMode#PRODUCTS} products, round robin, each carrying the version its product will have
 * when it is decided (per-product sequential versions, 0 first), so that every request applies. Each
 * carries a correlation id and a reply topic, as the gateway's requests do.
 */
final class RequestLoad {

    static final String STORE = "store-1";

    private RequestLoad() {}

    static String product(int i) {
        return String.format("SKU-%04d", i % BenchMode.PRODUCTS);
    }

    /** The i-th request: product i mod 1000, at version i div 1000 (what that product holds by then). */
    static UpdateRequest request(int i) {
        return UpdateRequest.adjust(STORE, product(i), 1, i / BenchMode.PRODUCTS, "k-" + i);
    }

    /** The load's producer settings: acks=all, idempotent (per-key order is kept), large batches. */
    static Properties producerProps(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "131072");
        return props;
    }

    /** Produces the load ({@link #producerProps}); returns records/s of producing. */
    static double produce(String bootstrap, String topic, String replyTopic, int n) {
        return produce(bootstrap, topic, replyTopic, n, i -> {
            UpdateRequest request = request(i);
            return Map.entry(request.productId(), WireSerdes.UPDATE_REQUEST.toBytes(request));
        });
    }

    /**
     * Produces {@code n} requests, the i-th being {@code keyAndValue.apply(i)}, each with the correlation id
     * {@code c-i} and the reply topic ({@link #producerProps}); returns records/s of producing.
     */
    static double produce(
            String bootstrap,
            String topic,
            String replyTopic,
            int n,
            IntFunction<Map.Entry<String, byte[]>> keyAndValue) {
        Properties props = producerProps(bootstrap);
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < n; i++) {
                Map.Entry<String, byte[]> request = keyAndValue.apply(i);
                ProducerRecord<String, byte[]> record =
                        new ProducerRecord<>(topic, request.getKey(), request.getValue());
                record.headers().add(ReplyHeaders.CORRELATION_ID, ("c-" + i).getBytes(StandardCharsets.UTF_8));
                record.headers().add(ReplyHeaders.REPLY_TOPIC, replyTopic.getBytes(StandardCharsets.UTF_8));
                producer.send(record, (md, e) -> {
                    if (e != null) {
                        System.err.println("produce failed: " + e);
                    }
                });
            }
            producer.flush();
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }
}
