package dev.versioned.stack.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.versioned.processor.ProcessorApp;
import dev.versioned.processor.config.DocumentSettings;
import dev.versioned.processor.config.SettingsLoader;
import dev.versioned.schemas.ReplyHeaders;
import dev.versioned.schemas.TopicNames;
import dev.versioned.stack.FreePorts;
import dev.versioned.stack.GatewayLauncher;
import dev.versioned.stack.StackTopics;
import dev.versioned.testkit.SaslPlainUsers;
import dev.versioned.testkit.TestKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ACLs of {@code docs/kafka-acls.md} are enough for the processor, a gateway and an upstream producer to
 * do their work, and keep each of them out of what is not theirs. One broker that authenticates with
 * SASL/PLAIN and denies whatever no ACL allows; as its super user, the topics and exactly the documented ACLs
 * ({@link DocumentedAcls}); then the real processor as {@code processor} and the real gateway as
 * {@code gateway-1}, each configured through its own pass-through of Kafka client properties.
 */
@DisplayName("Kafka ACLs: the documented least-privilege set is enough, and refuses what is not a principal's")
class KafkaAclsTest {

    private static final TopicNames TOPICS = TopicNames.DEFAULTS;
    private static final String GATEWAY_1_REPLIES = TOPICS.replyPrefix() + "gateway-1";
    /** A reply topic the operator created for the upstream producer's requests; read here as the super user. */
    private static final String UPSTREAM_REPLIES = TOPICS.replyPrefix() + "upstream";

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private static final SaslPlainUsers USERS = new SaslPlainUsers(
            "admin",
            Map.of(
                    "admin", "admin-secret",
                    "processor", "processor-secret",
                    "gateway-1", "gateway-1-secret",
                    "gateway-2", "gateway-2-secret",
                    "upstream", "upstream-secret"));

    private static TestKafka kafka;
    private static Path stateDir;
    private static ProcessorApp processor;
    private static Server gateway;
    private static int gatewayPort;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startTheStackUnderAcls() throws Exception {
        kafka = TestKafka.startSecured(USERS);
        try (Admin admin = kafka.admin()) {
            StackTopics.ensure(admin, TOPICS, (short) 1);
            admin.createTopics(List.of(new NewTopic(UPSTREAM_REPLIES, 1, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            List<AclBinding> acls = DocumentedAcls.read();
            admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
            // The broker serves ACLs from its metadata: once it lists them all, it also enforces them.
            await().atMost(DEADLINE)
                    .until(() -> admin.describeAcls(AclBindingFilter.ANY)
                            .values()
                            .get(10, TimeUnit.SECONDS)
                            .containsAll(acls));
        }
        stateDir = Files.createTempDirectory("kafka-acls-processor-");
        processor = startProcessor();
        gateway = startGateway();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        try {
            if (gateway != null) {
                gateway.stop();
            }
        } finally {
            try {
                if (processor != null) {
                    processor.close();
                }
            } finally {
                try {
                    if (kafka != null) {
                        kafka.close();
                    }
                } finally {
                    if (stateDir != null) {
                        Utils.delete(stateDir.toFile());
                    }
                }
            }
        }
    }

    /** The processor as its deployment would run it: every Kafka setting from {@code KAFKA_*} variables. */
    private static ProcessorApp startProcessor() {
        Map<String, String> environment = new HashMap<>();
        environment.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        environment.put("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
        environment.put("KAFKA_SASL_MECHANISM", SaslPlainUsers.MECHANISM);
        environment.put("KAFKA_SASL_JAAS_CONFIG", USERS.clientJaasConfig("processor"));
        environment.put("KAFKA_STATE_DIR", stateDir.toString());
        environment.put("INVENTORY_ADMIN_ENABLED", "false");
        environment.put("DOCUMENTS_COLLECTION_WALLETS_SCHEMA", "classpath:collections/wallets.schema.json");
        ProcessorApp app = new ProcessorApp(SettingsLoader.load(Optional.empty(), environment));
        try {
            app.start();
            await().atMost(DEADLINE)
                    .failFast(() -> app.state() == KafkaStreams.State.ERROR)
                    .until(() -> app.state() == KafkaStreams.State.RUNNING);
            return app;
        } catch (RuntimeException | Error e) {
            app.close();
            throw e;
        }
    }

    /**
     * The gateway of the example configuration, as {@code gateway-1}, with the SASL settings in
     * {@code kafka.properties}. Dropwizard's overrides are JVM-wide system properties: they are removed once
     * the configuration has been read, so no later gateway of this JVM inherits them.
     */
    private static Server startGateway() throws Exception {
        gatewayPort = FreePorts.port();
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("instanceId", "gateway-1");
        overrides.put("kafka.bootstrapServers", kafka.bootstrapServers());
        overrides.put("kafka.properties.security\\.protocol", "SASL_PLAINTEXT");
        overrides.put("kafka.properties.sasl\\.mechanism", SaslPlainUsers.MECHANISM);
        overrides.put("kafka.properties.sasl\\.jaas\\.config", USERS.clientJaasConfig("gateway-1"));
        overrides.put("replyTopicReplicationFactor", "1");
        overrides.put("server.applicationConnectors[0].port", String.valueOf(gatewayPort));
        overrides.put("server.adminConnectors[0].port", String.valueOf(FreePorts.port()));
        try {
            return GatewayLauncher.start(
                    Path.of("..").toAbsolutePath().normalize().resolve("gateway/config/gateway.yml"), overrides);
        } finally {
            overrides.keySet().forEach(key -> System.clearProperty("dw." + key));
        }
    }

    @Test
    @DisplayName("the processor decides a request that the upstream principal wrote, and writes its result and reply")
    void processorDecidesAnUpstreamRequest() throws Exception {
        String correlationId = UUID.randomUUID().toString();
        ProducerRecord<String, String> request = new ProducerRecord<>(
                TOPICS.requests(),
                "SKU-ACL-UPSTREAM",
                "{\"storeId\":\"store-1\",\"productId\":\"SKU-ACL-UPSTREAM\",\"quantity\":40,\"version\":0,"
                        + "\"idempotencyKey\":\"" + correlationId + "\"}");
        request.headers().add(ReplyHeaders.CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
        request.headers().add(ReplyHeaders.REPLY_TOPIC, UPSTREAM_REPLIES.getBytes(StandardCharsets.UTF_8));

        try (KafkaProducer<String, String> upstream = producer("upstream")) {
            upstream.send(request).get(30, TimeUnit.SECONDS);
        }

        assertThat(awaitRecord(TOPICS.results(), correlationId)).contains("\"code\":\"APPLIED\"");
        assertThat(awaitRecord(UPSTREAM_REPLIES, correlationId)).contains("\"code\":\"APPLIED\"");
    }

    @Test
    @DisplayName(
            "the processor decides a document write that the upstream principal wrote, and writes its result, state and reply")
    void processorDecidesAnUpstreamDocumentWrite() throws Exception {
        String correlationId = UUID.randomUUID().toString();
        ProducerRecord<String, String> request = new ProducerRecord<>(
                TOPICS.requests(),
                "w-acl",
                "{\"collection\":\"wallets\",\"id\":\"w-acl\",\"operation\":\"PUT\",\"version\":0,"
                        + "\"document\":{\"name\":\"Ada\",\"balance\":3},\"idempotencyKey\":\"" + correlationId
                        + "\"}");
        request.headers().add(ReplyHeaders.CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
        request.headers().add(ReplyHeaders.REPLY_TOPIC, UPSTREAM_REPLIES.getBytes(StandardCharsets.UTF_8));

        try (KafkaProducer<String, String> upstream = producer("upstream")) {
            upstream.send(request).get(30, TimeUnit.SECONDS);
        }

        assertThat(awaitRecord(DocumentSettings.DEFAULT_RESULTS_TOPIC, correlationId))
                .contains("\"code\":\"APPLIED\"");
        assertThat(awaitRecord(UPSTREAM_REPLIES, correlationId)).contains("\"collection\":\"wallets\"");
    }

    @Test
    @DisplayName(
            "the processor decides an append to a stream that the upstream principal wrote, and writes its event and reply")
    void processorDecidesAnUpstreamAppend() throws Exception {
        String correlationId = UUID.randomUUID().toString();
        ProducerRecord<String, String> request = new ProducerRecord<>(
                TOPICS.requests(),
                "account-acl",
                "{\"stream\":\"account-acl\",\"expectedVersion\":-1,\"idempotencyKey\":\"" + correlationId
                        + "\",\"events\":[{\"type\":\"Opened\",\"data\":{\"by\":\"" + correlationId + "\"}}]}");
        request.headers().add(ReplyHeaders.CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
        request.headers().add(ReplyHeaders.REPLY_TOPIC, UPSTREAM_REPLIES.getBytes(StandardCharsets.UTF_8));

        try (KafkaProducer<String, String> upstream = producer("upstream")) {
            upstream.send(request).get(30, TimeUnit.SECONDS);
        }

        assertThat(awaitRecord(UPSTREAM_REPLIES, correlationId))
                .contains("\"code\":\"APPLIED\"")
                .contains("\"stream\":\"account-acl\"");
    }

    @Test
    @DisplayName("the gateway, as its own principal, answers an update over HTTP with the processor's decision")
    void gatewayAnswersOverHttp() throws Exception {
        HttpRequest update = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + gatewayPort + "/v1/inventory/updates"))
                .header("X-API-Key", "demo")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"storeId\":\"store-1\",\"productId\":\"SKU-ACL-GATEWAY\","
                        + "\"quantity\":7,\"version\":0,\"idempotencyKey\":\"acl-gateway-1\"}"))
                .timeout(Duration.ofSeconds(30))
                .build();

        HttpResponse<String> response = http.send(update, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"applied\":true").contains("\"newQuantity\":7");
    }

    @Test
    @DisplayName("the upstream principal cannot write a reply topic")
    void upstreamCannotWriteAReplyTopic() {
        try (KafkaProducer<String, String> upstream = producer("upstream")) {
            assertThatThrownBy(() -> upstream.send(new ProducerRecord<>(GATEWAY_1_REPLIES, "SKU-1", "{}"))
                            .get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    @DisplayName("the upstream principal cannot read a reply topic")
    void upstreamCannotReadAReplyTopic() {
        assertReadRefused("upstream", GATEWAY_1_REPLIES);
    }

    @Test
    @DisplayName("gateway-2 cannot read gateway-1's reply topic")
    void oneGatewayCannotReadAnothersReplies() {
        assertReadRefused("gateway-2", GATEWAY_1_REPLIES);
    }

    @Test
    @DisplayName("gateway-2 cannot create gateway-1's reply topic: refused, though the topic exists")
    void oneGatewayCannotCreateAnothersReplyTopic() {
        Properties props = new Properties();
        props.putAll(login("gateway-2"));
        props.put("bootstrap.servers", kafka.bootstrapServers());
        try (Admin gateway2 = Admin.create(props)) {
            assertThatThrownBy(() -> gateway2.createTopics(List.of(new NewTopic(GATEWAY_1_REPLIES, 1, (short) 1)))
                            .all()
                            .get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @ParameterizedTest(name = "the upstream principal cannot write {0}")
    @ValueSource(strings = {"inventory.results", "inventory.state"})
    void upstreamCannotWriteTheProcessorsOutputs(String topic) {
        try (KafkaProducer<String, String> upstream = producer("upstream")) {
            assertThatThrownBy(() -> upstream.send(new ProducerRecord<>(topic, "SKU-1", "{}"))
                            .get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    private static void assertReadRefused(String user, String topic) {
        try (KafkaConsumer<String, String> consumer = consumer(login(user))) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));

            // The refusal comes with the first fetch position or fetch, whichever poll sends it.
            await().atMost(DEADLINE)
                    .untilAsserted(() -> assertThatThrownBy(() -> consumer.poll(Duration.ofMillis(500)))
                            .isInstanceOf(TopicAuthorizationException.class)
                            .satisfies(e -> assertThat(((TopicAuthorizationException) e).unauthorizedTopics())
                                    .containsExactly(topic)));
        }
    }

    /** The value of the committed record of {@code topic} with this correlation id, read as the super user. */
    private static String awaitRecord(String topic, String correlationId) {
        Map<String, String> admin = new HashMap<>(kafka.clientProperties());
        try (KafkaConsumer<String, String> consumer = consumer(admin)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            String[] found = new String[1];
            await().atMost(DEADLINE).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    Header header = record.headers().lastHeader(ReplyHeaders.CORRELATION_ID);
                    if (header != null && new String(header.value(), StandardCharsets.UTF_8).equals(correlationId)) {
                        found[0] = record.value();
                    }
                }
                return found[0] != null;
            });
            return found[0];
        }
    }

    private static Map<String, String> login(String user) {
        return USERS.clientProperties(user);
    }

    private static KafkaProducer<String, String> producer(String user) {
        Properties props = new Properties();
        props.putAll(login(user));
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "20000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "25000");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(Map<String, String> login) {
        Properties props = new Properties();
        props.putAll(login);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }
}
