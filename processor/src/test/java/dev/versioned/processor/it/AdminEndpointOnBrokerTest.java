package dev.versioned.processor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.versioned.processor.ProcessorApp;
import dev.versioned.processor.admin.AdminServer;
import dev.versioned.schemas.ReplyHeaders;
import dev.versioned.schemas.TopicNames;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.WireSerdes;
import dev.versioned.testkit.TestKafka;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The admin endpoint of a running processor, over real HTTP on a real port, on the real broker. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminEndpointOnBrokerTest {

    private final TestKafka kafka = TestKafka.shared();
    private TopicNames topics;
    private ProcessorApp processor;
    private AdminServer admin;
    private AdminHttp http;
    private KafkaProducer<String, byte[]> producer;

    @BeforeAll
    void startProcessorWithAdminEndpoint(@TempDir Path stateDir) {
        // Dotted names, as deployed: the consumer then also reports lag under a deprecated underscored name.
        topics = TestTopics.create(kafka, "admin", 2);
        processor = new ProcessorApp(TestTopics.settings(kafka, topics, stateDir));
        admin = AdminServer.start(processor.health(), processor.meterRegistry(), 0);
        http = new AdminHttp(admin.port());
        processor.start();
        await("ready")
                .atMost(Duration.ofSeconds(60))
                .until(() -> http.get("/health/ready").statusCode() == 200);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    void stop() {
        producer.close();
        admin.close();
        processor.close();
    }

    private String scrape() {
        HttpResponse<String> response = http.get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    @Test
    @DisplayName("GET /health/live answers 200 UP with the client's state and its running stream threads")
    void liveWhileRunning() {
        // when liveness is asked of a running processor
        HttpResponse<String> live = http.get("/health/live");

        // then it is UP, RUNNING, with its one stream thread
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(AdminHttp.json(live))
                .containsExactly(
                        Map.entry("status", "UP"), Map.entry("state", "RUNNING"), Map.entry("aliveThreads", 1));
    }

    @Test
    @DisplayName("GET /health/ready answers 200 UP once the client runs and nothing is restoring")
    void readyWhenRunningAndRestored() {
        // when readiness is asked of a processor that runs and has restored its stores
        HttpResponse<String> ready = http.get("/health/ready");

        // then it is UP
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(AdminHttp.json(ready)).containsEntry("status", "UP").containsEntry("state", "RUNNING");
    }

    @Test
    @DisplayName("GET /metrics serves the Prometheus text format with every processor series, labelled")
    void metricsNameEveryProcessorSeries() {
        // when the metrics are scraped
        HttpResponse<String> response = http.get("/metrics");

        // then they are Prometheus text with every series of the processor, each outcome and event among them
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
        String scrape = response.body();
        for (String outcome : List.of(
                "applied",
                "replayed",
                "invalid_request",
                "version_required",
                "idempotency_key_reused",
                "version_conflict",
                "insufficient_stock",
                "quantity_out_of_range")) {
            assertThat(AdminHttp.value(scrape, "inventory_processor_outcomes_total{outcome=\"" + outcome + "\"}"))
                    .as(outcome)
                    .isPresent();
        }
        for (String event : List.of("forwarded_wrong_partition", "reply_skipped", "processing_failed", "given_up")) {
            assertThat(AdminHttp.value(scrape, "inventory_processor_boundary_events_total{event=\"" + event + "\"}"))
                    .as(event)
                    .isPresent();
        }
        assertThat(AdminHttp.value(scrape, "inventory_processor_dead_lettered_total"))
                .isPresent();
        assertThat(AdminHttp.value(scrape, "inventory_processor_idempotency_store_entries"))
                .isPresent();
        assertThat(AdminHttp.value(scrape, "inventory_processor_ready")).contains(1.0);
        assertThat(AdminHttp.value(scrape, "inventory_processor_alive_stream_threads"))
                .contains(1.0);
        assertThat(AdminHttp.value(scrape, "inventory_processor_thread_replacements_total"))
                .contains(0.0);
    }

    @Test
    @DisplayName("an applied update raises inventory_processor_outcomes_total{outcome=\"applied\"}")
    void appliedUpdateIsCounted() {
        // given the applied count now
        String applied = "inventory_processor_outcomes_total{outcome=\"applied\"}";
        double before = AdminHttp.value(scrape(), applied).orElseThrow();

        // when an update that applies is sent
        UpdateRequest create = UpdateRequest.set("store-1", TestKafka.unique("SKU"), 3, 0, "k-applied");
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(topics.requests(), create.productId(), WireSerdes.UPDATE_REQUEST.toBytes(create));
        record.headers().add(ReplyHeaders.CORRELATION_ID, "c-applied".getBytes(StandardCharsets.UTF_8));
        producer.send(record);
        producer.flush();

        // then the count rises by one
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(AdminHttp.value(scrape(), applied)).contains(before + 1));
    }

    @Test
    @DisplayName(
            "Kafka Streams' metrics (lag, commits, process rate, RocksDB) and the JVM's are exported through Micrometer")
    void kafkaAndJvmMetricsAreExported() {
        // when the processor has run a while (Micrometer binds new Kafka metrics every 10 s)
        // then its Kafka Streams, consumer, RocksDB and JVM metrics are in the scrape
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(scrape())
                        .containsPattern(
                                "(?m)^kafka_consumer_fetch_manager_records_lag\\{[^}]*partition=\"0\"[^}]*topic=\""
                                        + topics.requests() + "\"")
                        .containsPattern("(?m)^kafka_stream_thread_commit_latency_avg\\{")
                        .containsPattern("(?m)^kafka_stream_thread_commit_latency_max\\{")
                        .containsPattern("(?m)^kafka_stream_thread_commit_rate\\{")
                        .containsPattern("(?m)^kafka_stream_thread_process_rate\\{")
                        .containsPattern(
                                "(?m)^kafka_stream_state_estimate_num_keys\\{[^}]*rocksdb_state_id=\"idempotency-store\"")
                        .containsPattern("(?m)^kafka_producer_record_send_total\\{")
                        .containsPattern("(?m)^jvm_memory_used_bytes\\{area=\"heap\"")
                        .containsPattern("(?m)^jvm_gc_memory_allocated_bytes_total ")
                        .containsPattern("(?m)^jvm_threads_live_threads ")
                        .containsPattern("(?m)^process_cpu_usage "));
    }

    @Test
    @DisplayName("any other path answers 404")
    void anythingElseIsNotFound() {
        assertThat(http.get("/health").statusCode()).isEqualTo(404);
        assertThat(http.get("/metrics/x").statusCode()).isEqualTo(404);
        assertThat(http.get("/").statusCode()).isEqualTo(404);
    }
}
