package dev.versioned.processor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.versioned.processor.ProcessorApp;
import dev.versioned.processor.config.DocumentSettings;
import dev.versioned.processor.config.ProcessorSettings;
import dev.versioned.processor.config.StreamSettings;
import dev.versioned.schemas.DocumentResult;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.StreamEvent;
import dev.versioned.schemas.StreamResult;
import dev.versioned.schemas.TopicNames;
import dev.versioned.schemas.UpdateResult;
import dev.versioned.schemas.WireSerdes;
import dev.versioned.testkit.TestKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented non-Java upstream producer ({@code examples/kcat/update-via-kafka.sh}) against the real
 * broker and processor. CI installs kcat ({@code .ci/run}); there this test fails rather than skips
 * when kcat is missing.
 */
class KcatUpstreamProducerTest {

    private static final Path SCRIPT =
            Path.of("..", "examples", "kcat", "update-via-kafka.sh").toAbsolutePath();
    private static final Path APPEND_SCRIPT =
            Path.of("..", "examples", "kcat", "append-via-kafka.sh").toAbsolutePath();
    private static final TestKafka KAFKA = TestKafka.shared();
    private static TopicNames topics;
    private static DocumentSettings documents;
    private static String eventsTopic;
    private static String replyTopic;
    private static ProcessorApp processor;

    @TempDir
    static Path stateDir;

    @BeforeAll
    static void start() {
        boolean kcat = new java.io.File("/usr/bin/kcat").canExecute() || onPath("kcat");
        if (!kcat && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("kcat is required on CI: .ci/run installs it with apt-get");
        }
        Assumptions.assumeTrue(kcat, "kcat is not installed (apt-get install -y kcat)");
        topics = TestTopics.create(KAFKA, "kcat", 2);
        String suffix = topics.requests();
        documents = new DocumentSettings(
                        "documents.results-" + suffix,
                        "documents.state-" + suffix,
                        DocumentSettings.DEFAULT_MAX_DOCUMENT_BYTES,
                        Map.of())
                .withExampleCollections();
        KAFKA.createTopics(2, documents.resultsTopic());
        KAFKA.createTopics(2, Map.of("cleanup.policy", "compact"), documents.stateTopic());
        eventsTopic = "streams.events-" + suffix;
        replyTopic = topics.replyPrefix() + "kcat";
        KAFKA.createTopics(2, eventsTopic);
        KAFKA.createTopics(1, replyTopic);
        processor = new ProcessorApp(ProcessorSettings.defaults(KAFKA.bootstrapServers())
                .withTopics(topics)
                .withDocuments(documents)
                .withStreams(StreamSettings.DEFAULTS.withEventsTopic(eventsTopic))
                .withKafka(StreamsConfig.APPLICATION_ID_CONFIG, "processor-" + suffix)
                .withKafka(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString())
                .withKafka(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "20"));
        processor.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> processor.state() == KafkaStreams.State.RUNNING);
    }

    @AfterAll
    static void stop() {
        if (processor != null) {
            processor.close();
        }
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (new java.io.File(dir, command).canExecute()) {
                return true;
            }
        }
        return false;
    }

    private static String run(String productId, String json) throws IOException, InterruptedException {
        return run(productId, json, topics.results());
    }

    /** Runs the script with this key and request, reading the outcome from {@code resultsTopic}. */
    private static String run(String key, String json, String resultsTopic) throws IOException, InterruptedException {
        return runScript(
                SCRIPT,
                key,
                json,
                Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers(),
                        "INVENTORY_TOPIC_REQUESTS", topics.requests(),
                        "INVENTORY_TOPIC_RESULTS", resultsTopic));
    }

    /** Runs {@code script KEY JSON} with these variables; returns what it printed, once it exited 0. */
    private static String runScript(Path script, String key, String json, Map<String, String> environment)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), key, json);
        builder.environment().putAll(environment);
        builder.redirectErrorStream(false);
        Process process = builder.start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS))
                    .as("script finished")
                    .isTrue();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(process.exitValue()).as("exit status; stderr: " + err).isZero();
            return out;
        } finally {
            // This script and the kcat it started, by their own handles, if they are still there.
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    @Test
    @DisplayName("kcat produces a request keyed by productId and finds its committed outcome by correlation id")
    void producesAndReadsItsResult() throws Exception {
        String created = run(
                "SKU-KCAT",
                "{\"storeId\":\"store-1\",\"productId\":\"SKU-KCAT\",\"quantity\":10,\"version\":0,\"idempotencyKey\":\"kcat-1\"}");
        String adjusted = run(
                "SKU-KCAT",
                "{\"storeId\":\"store-1\",\"productId\":\"SKU-KCAT\",\"delta\":-4,\"version\":1,\"idempotencyKey\":\"kcat-2\"}");

        UpdateResult first = WireSerdes.UPDATE_RESULT.fromBytes(created.getBytes(StandardCharsets.UTF_8));
        UpdateResult second = WireSerdes.UPDATE_RESULT.fromBytes(adjusted.getBytes(StandardCharsets.UTF_8));
        assertThat(first.code()).isEqualTo(ResultCode.APPLIED);
        assertThat(second.newQuantity()).contains(6L);
        assertThat(second.newVersion()).contains(2L);
    }

    /** Runs the append script with this stream and append, reading the outcome from the reply topic. */
    private static StreamResult append(String stream, String json) throws IOException, InterruptedException {
        String out = runScript(
                APPEND_SCRIPT,
                stream,
                json,
                Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers(),
                        "INVENTORY_TOPIC_REQUESTS", topics.requests(),
                        "REPLY_TOPIC", replyTopic));
        return WireSerdes.STREAM_RESULT.fromBytes(out.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName(
            "kcat appends to a stream keyed by its name: opened at -1, a deposit at 0, a stale deposit refused with the actual version; the events topic holds positions 0 and 1")
    void appendsToAStream() throws Exception {
        StreamResult opened = append(
                "account-kcat",
                "{\"stream\":\"account-kcat\",\"expectedVersion\":-1,\"idempotencyKey\":\"a-1\","
                        + "\"events\":[{\"type\":\"Opened\",\"data\":{\"owner\":\"ada\"}}]}");
        StreamResult deposited = append(
                "account-kcat",
                "{\"stream\":\"account-kcat\",\"expectedVersion\":0,\"idempotencyKey\":\"a-2\","
                        + "\"events\":[{\"type\":\"Deposited\",\"data\":{\"amount\":100}}]}");
        StreamResult stale = append(
                "account-kcat",
                "{\"stream\":\"account-kcat\",\"expectedVersion\":0,\"idempotencyKey\":\"a-3\","
                        + "\"events\":[{\"type\":\"Deposited\",\"data\":{\"amount\":5}}]}");

        assertThat(opened.code()).isEqualTo(ResultCode.APPLIED);
        assertThat(deposited.firstPosition()).contains(1L);
        assertThat(stale.code()).isEqualTo(ResultCode.STREAM_VERSION_CONFLICT);
        assertThat(stale.actualVersion()).contains(1L);
        assertThat(stale.lastEvent().orElseThrow().data().path("amount").asInt())
                .isEqualTo(100);
        assertThat(eventsOf("account-kcat", 2))
                .extracting(StreamEvent::position)
                .containsExactly(0L, 1L);
    }

    @Test
    @DisplayName(
            "kcat's malformed append is answered INVALID_REQUEST naming the member, and the next append is decided")
    void malformedAppendIsRefused() throws Exception {
        StreamResult refused = append(
                "account-bad",
                "{\"stream\":\"account-bad\",\"idempotencyKey\":\"b-1\",\"events\":[{\"type\":\"Opened\"}]}");
        StreamResult opened = append(
                "account-bad",
                "{\"stream\":\"account-bad\",\"idempotencyKey\":\"b-2\",\"events\":[{\"type\":\"Opened\",\"data\":{}}]}");

        assertThat(refused.code()).isEqualTo(ResultCode.INVALID_REQUEST);
        assertThat(refused.error().orElseThrow()).contains("events[0].data is required");
        assertThat(opened.code()).isEqualTo(ResultCode.APPLIED);
    }

    /** The committed events of {@code stream} on the events topic, once there are {@code count}. */
    private static java.util.List<StreamEvent> eventsOf(String stream, int count) {
        java.util.Properties props = new java.util.Properties();
        props.put(org.apache.kafka.clients.consumer.ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(org.apache.kafka.clients.consumer.ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(org.apache.kafka.clients.consumer.ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        java.util.List<StreamEvent> events = new java.util.ArrayList<>();
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(
                props,
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            consumer.assign(consumer.partitionsFor(eventsTopic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(eventsTopic, p.partition()))
                    .toList());
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (stream.equals(record.key())) {
                        events.add(WireSerdes.STREAM_EVENT.fromBytes(record.value()));
                    }
                }
                return events.size() >= count;
            });
        }
        return events;
    }

    private static UpdateResult result(String json) {
        return WireSerdes.UPDATE_RESULT.fromBytes(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("kcat produces a transfer across two stores and a delete; both are decided like the Java path's")
    void producesTransferAndDelete() throws Exception {
        run(
                "SKU-MOVE",
                "{\"storeId\":\"store-1\",\"productId\":\"SKU-MOVE\",\"quantity\":10,\"version\":0,\"idempotencyKey\":\"m-1\"}");
        run(
                "SKU-MOVE",
                "{\"storeId\":\"store-2\",\"productId\":\"SKU-MOVE\",\"quantity\":1,\"version\":0,\"idempotencyKey\":\"m-2\"}");

        // the results topic holds one result per item, with the transfer's correlation id: the first is store-1's
        UpdateResult moved = result(run(
                "SKU-MOVE",
                "{\"operation\":\"TRANSFER\",\"productId\":\"SKU-MOVE\",\"idempotencyKey\":\"m-3\",\"items\":["
                        + "{\"storeId\":\"store-1\",\"delta\":-4,\"version\":1},"
                        + "{\"storeId\":\"store-2\",\"delta\":4,\"version\":1}]}"));
        UpdateResult deleted = result(
                run(
                        "SKU-MOVE",
                        "{\"operation\":\"DELETE\",\"storeId\":\"store-2\",\"productId\":\"SKU-MOVE\",\"version\":2,\"idempotencyKey\":\"m-4\"}"));
        UpdateResult oneItem = result(run(
                "SKU-MOVE",
                "{\"operation\":\"TRANSFER\",\"productId\":\"SKU-MOVE\",\"idempotencyKey\":\"m-5\",\"items\":["
                        + "{\"storeId\":\"store-1\",\"delta\":-1,\"version\":2}]}"));

        assertThat(moved.code()).isEqualTo(ResultCode.APPLIED);
        assertThat(moved.storeId()).contains("store-1");
        assertThat(moved.newQuantity()).contains(6L);
        assertThat(moved.newVersion()).contains(2L);
        assertThat(deleted.code()).isEqualTo(ResultCode.APPLIED);
        assertThat(deleted.operation()).contains(dev.versioned.schemas.Operation.DELETE);
        assertThat(deleted.newVersion()).contains(3L);
        assertThat(oneItem.code()).isEqualTo(ResultCode.INVALID_REQUEST);
        assertThat(oneItem.error().orElseThrow()).contains("2 to 100 items");
    }

    private static DocumentResult document(String key, String json) throws IOException, InterruptedException {
        return WireSerdes.DOCUMENT_RESULT.fromBytes(
                run(key, json, documents.resultsTopic()).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName(
            "kcat writes a wallet document keyed by its id: create, patch, a stale patch refused with the current document, a negative balance refused at /balance")
    void producesDocumentRequests() throws Exception {
        DocumentResult created = document(
                "w-kcat",
                "{\"collection\":\"wallets\",\"id\":\"w-kcat\",\"operation\":\"PUT\",\"version\":0,"
                        + "\"idempotencyKey\":\"w-1\",\"document\":{\"name\":\"Ada\",\"balance\":10}}");
        DocumentResult paid = document(
                "w-kcat",
                "{\"collection\":\"wallets\",\"id\":\"w-kcat\",\"operation\":\"PATCH\",\"version\":1,"
                        + "\"idempotencyKey\":\"w-2\",\"patch\":{\"balance\":4}}");
        DocumentResult stale = document(
                "w-kcat",
                "{\"collection\":\"wallets\",\"id\":\"w-kcat\",\"operation\":\"PATCH\",\"version\":1,"
                        + "\"idempotencyKey\":\"w-3\",\"patch\":{\"name\":\"Eve\"}}");
        DocumentResult overdrawn = document(
                "w-kcat",
                "{\"collection\":\"wallets\",\"id\":\"w-kcat\",\"operation\":\"PATCH\",\"version\":2,"
                        + "\"idempotencyKey\":\"w-4\",\"patch\":{\"balance\":-1}}");

        assertThat(created.code()).isEqualTo(ResultCode.APPLIED);
        assertThat(paid.version()).contains(2L);
        assertThat(paid.document().orElseThrow().path("balance").asLong()).isEqualTo(4L);
        assertThat(stale.code()).isEqualTo(ResultCode.VERSION_CONFLICT);
        assertThat(stale.currentDocument().orElseThrow().path("balance").asLong())
                .isEqualTo(4L);
        assertThat(overdrawn.code()).isEqualTo(ResultCode.CONSTRAINT_VIOLATION);
        assertThat(overdrawn.violation())
                .hasValueSatisfying(v -> assertThat(v.path()).isEqualTo("/balance"));
    }
}
