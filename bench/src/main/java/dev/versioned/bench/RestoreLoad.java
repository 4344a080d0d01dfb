package dev.versioned.bench;

import dev.versioned.schemas.RecordKey;
import dev.versioned.schemas.ReplyHeaders;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.WireSerdes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * The requests that fill a processor's stores for the restore bench: one create per record (a conditional SET
 * at version 0, over {@value StateTopicFill#STORES} stores as {@link StateTopicFill#key} numbers them), then,
 * for every tenth record, a conditional ADJUST at version 1 (a second transition in the record), and for every
 * tenth other one an unconditional ADJUST (a keyed idempotency entry, as refusals and unconditional updates
 * leave). Keyed by productId like the gateway's requests, each with a correlation id and a reply topic.
 */
final class RestoreLoad {

    /** One pass over the records: every {@code step}-th from {@code first}, each given one request. */
    private record Pass(long first, long step, BiFunction<RecordKey, Long, UpdateRequest> request) {}

    private RestoreLoad() {}

    /** Requests {@link #produce} writes for {@code records} records. */
    static long requests(long records) {
        return records + (records + 9) / 10 + (records + 4) / 10;
    }

    /** Produces the fill (acks=all, idempotent: per-product order is kept); returns requests/s of producing. */
    static double produce(String bootstrap, String topic, String replyTopic, long records) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            // Creates of every record, then the second transitions, then the keyed entries.
            List<Pass> passes = List.of(
                    new Pass(0, 1, (key, i) -> UpdateRequest.set(key.storeId(), key.productId(), 100, 0, "c-" + i)),
                    new Pass(0, 10, (key, i) -> UpdateRequest.adjust(key.storeId(), key.productId(), -1, 1, "a-" + i)),
                    new Pass(
                            5,
                            10,
                            (key, i) ->
                                    UpdateRequest.unconditionalAdjust(key.storeId(), key.productId(), 2, "u-" + i)));
            for (Pass pass : passes) {
                for (long i = pass.first(); i < records; i += pass.step()) {
                    send(producer, topic, replyTopic, pass.request().apply(StateTopicFill.key(i), i), failed);
                }
            }
            producer.flush();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " requests could not be produced");
        }
        return requests(records) / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * Creates of new products, one on each of the requests topic's partitions (the producer's default
     * partitioner: murmur2 of the productId), to see when every partition is served again.
     */
    static List<UpdateRequest> probes(String tag, int partitions) {
        List<UpdateRequest> probes = new ArrayList<>();
        boolean[] covered = new boolean[partitions];
        for (int n = 0; probes.size() < partitions; n++) {
            String product = "PROBE-" + tag + "-" + n;
            int partition = Utils.toPositive(Utils.murmur2(product.getBytes(StandardCharsets.UTF_8))) % partitions;
            if (!covered[partition]) {
                covered[partition] = true;
                probes.add(UpdateRequest.set("store-000", product, 1, 0, "p-" + tag + "-" + n));
            }
        }
        return probes;
    }

    /** Sends requests as {@link #produce} does and waits for their acks. */
    static void send(String bootstrap, String topic, String replyTopic, List<UpdateRequest> requests) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        AtomicLong failed = new AtomicLong();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            requests.forEach(r -> send(producer, topic, replyTopic, r, failed));
            producer.flush();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException("probes could not be produced");
        }
    }

    private static void send(
            KafkaProducer<String, byte[]> producer,
            String topic,
            String replyTopic,
            UpdateRequest request,
            AtomicLong failed) {
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(topic, request.productId(), WireSerdes.UPDATE_REQUEST.toBytes(request));
        record.headers()
                .add(ReplyHeaders.CORRELATION_ID, ("c-" + request.idempotencyKey()).getBytes(StandardCharsets.UTF_8));
        record.headers().add(ReplyHeaders.REPLY_TOPIC, replyTopic.getBytes(StandardCharsets.UTF_8));
        producer.send(record, (md, e) -> {
            if (e != null && failed.getAndIncrement() == 0) {
                System.err.println("produce failed: " + e);
            }
        });
    }
}
