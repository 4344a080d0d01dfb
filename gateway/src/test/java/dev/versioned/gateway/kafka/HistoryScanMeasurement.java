package dev.versioned.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.client.kafka.KafkaClients;
import dev.versioned.testkit.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What one history request costs: the time {@link HistoryReader} takes to scan a results partition of
 * {@value #RECORDS} results, written transactionally as the processor writes them (a commit every
 * {@value #PER_TRANSACTION}), on the test broker. Not part of the suite: it prints its figures and asserts only
 * what it read. Run it with
 * {@code mvn -pl gateway test -Dtest=HistoryScanMeasurement -Dhistory.measure=true}.
 *
 * <p>Two partitions: one of other products' results (each skipped by its key, without parsing), and one of the
 * product's own refusals (each parsed, none taken): the cheapest and the dearest record to scan past.
 */
@EnabledIfSystemProperty(named = "history.measure", matches = "true")
class HistoryScanMeasurement {

    private static final int RECORDS = 100_000;
    private static final int PER_TRANSACTION = 500;
    private static final int RUNS = 5;
    private static final String PRODUCT = "SKU-MEASURED";

    private final TestKafka kafka = TestKafka.shared();

    @Test
    @DisplayName("scan of a partition of other products' results: ms per 100k records")
    void otherProducts() {
        measure("other products", i -> "SKU-" + i, false);
    }

    @Test
    @DisplayName("scan of a partition of the product's own refusals: ms per 100k records")
    void ownRefusals() {
        measure("own refusals", i -> PRODUCT, true);
    }

    private void measure(String what, java.util.function.IntFunction<String> product, boolean refusals) {
        String topic = TestKafka.unique("history-measure");
        kafka.createTopics(1, topic);
        fill(topic, product, refusals);
        HistoryReader reader = new HistoryReader(
                new KafkaClients(clientProperties(), "history-measure"),
                topic,
                Integer.MAX_VALUE,
                Duration.ofMinutes(1),
                1);
        try {
            long[] millis = new long[RUNS];
            for (int run = 0; run < RUNS; run++) {
                long start = System.nanoTime();
                HistoryPage page = reader.read(new HistoryQuery("store-1", PRODUCT, 1, Optional.empty(), 100))
                        .orElseThrow();
                millis[run] = (System.nanoTime() - start) / 1_000_000;
                assertThat(page.entries()).isEmpty();
                assertThat(page.complete()).isTrue();
                assertThat(page.scanned()).isEqualTo(RECORDS);
            }
            long[] sorted = millis.clone();
            Arrays.sort(sorted);
            System.out.printf(
                    "history scan, %s: %d records, runs %s ms, median %d ms (%d ms per 100k)%n",
                    what, RECORDS, Arrays.toString(millis), sorted[RUNS / 2], sorted[RUNS / 2] * 100_000L / RECORDS);
        } finally {
            reader.stop();
        }
    }

    private Map<String, String> clientProperties() {
        Map<String, String> props = new HashMap<>(kafka.clientProperties());
        props.put("bootstrap.servers", kafka.bootstrapServers());
        return props;
    }

    /** Results shaped like the processor's (about 300 bytes), in transactions of {@value #PER_TRANSACTION}. */
    private void fill(String topic, java.util.function.IntFunction<String> product, boolean refusals) {
        Map<String, Object> props = new HashMap<>(clientProperties());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TestKafka.unique("history-measure-tx"));
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            for (int i = 0; i < RECORDS; i++) {
                if (i % PER_TRANSACTION == 0) {
                    producer.beginTransaction();
                }
                String id = product.apply(i);
                producer.send(new ProducerRecord<>(topic, id, result(id, i, refusals)));
                if (i % PER_TRANSACTION == PER_TRANSACTION - 1) {
                    producer.commitTransaction();
                }
            }
        }
    }

    private static byte[] result(String productId, int i, boolean refusal) {
        String decision = refusal
                ? "\"applied\":false,\"code\":\"VERSION_CONFLICT\",\"replayed\":false,\"expectedVersion\":" + i
                        + ",\"currentVersion\":" + (i + 1) + ",\"currentQuantity\":" + i
                        + ",\"error\":\"version " + i + " is not the current version " + (i + 1) + "\""
                : "\"applied\":true,\"code\":\"APPLIED\",\"replayed\":false,\"newQuantity\":" + i + ",\"newVersion\":"
                        + (i + 1) + ",\"lastUpdated\":\"2026-01-01T00:00:00Z\",\"expectedVersion\":" + i;
        return ("{\"correlationId\":\"c0a8f6a2-3e0b-4d0c-9f5e-" + String.format("%012d", i)
                        + "\",\"storeId\":\"store-1\"" + ",\"productId\":\"" + productId
                        + "\",\"idempotencyKey\":\"key-" + i + "\"," + decision + "}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
