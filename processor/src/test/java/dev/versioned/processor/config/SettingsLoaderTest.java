package dev.versioned.processor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.versioned.processor.topology.StreamsProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {

    @TempDir
    Path dir;

    private static final Map<String, String> BOOTSTRAP = Map.of("KAFKA_BOOTSTRAP_SERVERS", "broker:9092");

    @Test
    @DisplayName(
            "defaults: exactly-once, 24 h retention, 16 KiB requests, unconditional updates off, no default serdes")
    void defaults() {
        ProcessorSettings settings = SettingsLoader.load(Optional.empty(), BOOTSTRAP);

        Properties props = StreamsProperties.of(settings);
        assertThat(props.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
                .isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(props.getProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)).isEqualTo("broker:9092");
        assertThat(props).doesNotContainKey(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG);
        assertThat(settings.idempotencyRetention()).isEqualTo(Duration.ofHours(24));
        assertThat(settings.maxRequestBytes()).isEqualTo(16_384);
        assertThat(settings.unconditionalAdjustEnabled()).isFalse();
    }

    @Test
    @DisplayName("poll.ms is half the commit interval, at most 100 ms, unless it is set")
    void pollFollowsTheCommitInterval() {
        ProcessorSettings defaults = SettingsLoader.load(Optional.empty(), BOOTSTRAP);

        assertThat(StreamsProperties.of(defaults).getProperty(StreamsConfig.POLL_MS_CONFIG))
                .isEqualTo("50");
        assertThat(StreamsProperties.of(defaults.withKafka(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "10"))
                        .getProperty(StreamsConfig.POLL_MS_CONFIG))
                .isEqualTo("5");
        assertThat(StreamsProperties.of(defaults.withKafka(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "1000"))
                        .getProperty(StreamsConfig.POLL_MS_CONFIG))
                .isEqualTo("100");
        assertThat(StreamsProperties.of(defaults.withKafka(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "10")
                                .withKafka(StreamsConfig.POLL_MS_CONFIG, "30"))
                        .getProperty(StreamsConfig.POLL_MS_CONFIG))
                .isEqualTo("30");
    }

    @Test
    @DisplayName(
            "failover in seconds: a 6 s session with a heartbeat every 1.5 s and a 6 s transaction timeout, unless set")
    void failoverDefaults() {
        ProcessorSettings defaults = SettingsLoader.load(Optional.empty(), BOOTSTRAP);

        assertThat(StreamsProperties.of(defaults))
                .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000")
                .containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1500")
                .containsEntry(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "6000");
        ProcessorSettings overridden = SettingsLoader.load(
                Optional.empty(),
                Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", "broker:9092",
                        "KAFKA_SESSION_TIMEOUT_MS", "45000",
                        "KAFKA_HEARTBEAT_INTERVAL_MS", "3000",
                        "KAFKA_TRANSACTION_TIMEOUT_MS", "10000"));
        assertThat(StreamsProperties.of(overridden))
                .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "45000")
                .containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "3000")
                .containsEntry(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "10000");
    }

    @Test
    @DisplayName("the group's consumer and the transactional producer get the failover defaults")
    void failoverDefaultsReachTheClients() {
        StreamsConfig config =
                new StreamsConfig(StreamsProperties.of(SettingsLoader.load(Optional.empty(), BOOTSTRAP)));

        Map<String, Object> consumer = config.getMainConsumerConfigs("group", "client", 0);
        assertThat(consumer)
                .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000")
                .containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1500");
        assertThat(config.getProducerConfigs("client"))
                .containsEntry(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "6000");
    }

    @Test
    @DisplayName("the environment overrides the file, and a double underscore stands for a dash")
    void environmentWins() throws IOException {
        Path file = dir.resolve("processor.properties");
        Files.writeString(file, """
                kafka.bootstrap.servers=file:9092
                inventory.idempotency.retention=2h
                inventory.topic.dead-letters=file-dlq
                """);

        ProcessorSettings settings = SettingsLoader.load(
                Optional.of(file),
                Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", "env:9092",
                        "INVENTORY_TOPIC_DEAD__LETTERS", "env-dlq",
                        "INVENTORY_UNCONDITIONAL__ADJUST_ENABLED", "true",
                        "PATH", "/usr/bin"));

        assertThat(settings.kafka()).containsEntry("bootstrap.servers", "env:9092");
        assertThat(settings.topics().deadLetters()).isEqualTo("env-dlq");
        assertThat(settings.idempotencyRetention()).isEqualTo(Duration.ofHours(2));
        assertThat(settings.unconditionalAdjustEnabled()).isTrue();
    }

    @Test
    @DisplayName("any Kafka client property passes through with the kafka. prefix removed")
    void kafkaPropertiesPassThrough() {
        ProcessorSettings settings = SettingsLoader.fromMap(Map.of(
                "kafka.bootstrap.servers", "b:9093",
                "kafka.security.protocol", "SASL_SSL",
                "kafka.commit.interval.ms", "10"));

        assertThat(StreamsProperties.of(settings))
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "10");
    }

    @Test
    @DisplayName("a missing bootstrap server is a clear error")
    void bootstrapRequired() {
        assertThatThrownBy(() -> SettingsLoader.load(Optional.empty(), Map.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("kafka.bootstrap.servers is required");
    }

    @Test
    @DisplayName("an INVENTORY_* environment variable that names no setting is ignored, not refused")
    void foreignEnvironmentVariablesAreIgnored() {
        // given what Kubernetes injects for a Service named "inventory", beside a real setting
        Map<String, String> env = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS",
                "broker:9092",
                "INVENTORY_SERVICE_HOST",
                "10.0.0.7",
                "INVENTORY_PORT",
                "tcp://10.0.0.7:80",
                "INVENTORY_MAX_REQUEST_BYTES",
                "2048");

        // when the settings are loaded
        ProcessorSettings settings = SettingsLoader.load(Optional.empty(), env);

        // then the setting is taken and the foreign variables are named as ignored
        assertThat(settings.maxRequestBytes()).isEqualTo(2048);
        assertThat(SettingsLoader.ignoredEnvironment(env)).containsExactly("INVENTORY_PORT", "INVENTORY_SERVICE_HOST");
    }

    @Test
    @DisplayName("a misspelt key in the properties file is still refused")
    void misspeltFileKeyIsRefused() throws IOException {
        Path file = dir.resolve("processor.properties");
        Files.writeString(file, "kafka.bootstrap.servers=b:1\ninventory.idempotency.retenion=1h\n");

        assertThatThrownBy(() -> SettingsLoader.load(Optional.of(file), Map.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("inventory.idempotency.retenion");
    }

    @Test
    @DisplayName("an unknown setting is refused rather than silently ignored")
    void unknownSetting() {
        assertThatThrownBy(() ->
                        SettingsLoader.fromMap(Map.of("kafka.bootstrap.servers", "b:1", "inventory.retention", "1h")))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("inventory.retention");
    }

    @Test
    @DisplayName("a malformed duration names its key")
    void badDuration() {
        assertThatThrownBy(() -> SettingsLoader.fromMap(
                        Map.of("kafka.bootstrap.servers", "b:1", "inventory.idempotency.retention", "a day")))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("inventory.idempotency.retention");
    }

    @Test
    @DisplayName("a retention under a minute is refused")
    void tooShortRetention() {
        assertThatThrownBy(() -> SettingsLoader.fromMap(
                        Map.of("kafka.bootstrap.servers", "b:1", "inventory.idempotency.retention", "30s")))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("at least 1 minute");
    }

    @Test
    @DisplayName("a processing guarantee weaker than exactly-once is refused: it could apply a request twice")
    void atLeastOnceRefused() {
        assertThatThrownBy(() -> SettingsLoader.fromMap(
                        Map.of("kafka.bootstrap.servers", "b:1", "kafka.processing.guarantee", "at_least_once")))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("exactly_once_v2");
    }

    @Test
    @DisplayName("an invalid topic name is refused")
    void badTopicName() {
        assertThatThrownBy(() -> SettingsLoader.fromMap(
                        Map.of("kafka.bootstrap.servers", "b:1", "inventory.topic.results", "results topic")))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("results topic");
    }

    @Test
    @DisplayName("a non-boolean flag is refused")
    void badBoolean() {
        assertThatThrownBy(() -> SettingsLoader.fromMap(
                        Map.of("kafka.bootstrap.servers", "b:1", "inventory.unconditional-adjust.enabled", "yes")))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("true or false");
    }

    @Test
    @DisplayName("the admin endpoint is on, on port 8070, unless configured otherwise")
    void adminEndpointDefaults() {
        // when nothing about the admin endpoint is configured
        ProcessorSettings settings = SettingsLoader.load(Optional.empty(), BOOTSTRAP);

        // then it is enabled on port 8070
        assertThat(settings.adminEnabled()).isTrue();
        assertThat(settings.adminPort()).isEqualTo(8070);
    }

    @Test
    @DisplayName("INVENTORY_ADMIN_ENABLED and INVENTORY_ADMIN_PORT configure the admin endpoint")
    void adminEndpointFromEnvironment() {
        // given both variables
        Map<String, String> env = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "broker:9092",
                "INVENTORY_ADMIN_ENABLED", "false",
                "INVENTORY_ADMIN_PORT", "0");

        // when the settings are loaded
        ProcessorSettings settings = SettingsLoader.load(Optional.empty(), env);

        // then both are taken, and neither is reported as an unknown variable
        assertThat(settings.adminEnabled()).isFalse();
        assertThat(settings.adminPort()).isZero();
        assertThat(SettingsLoader.ignoredEnvironment(env)).isEmpty();
    }

    @Test
    @DisplayName("an admin port outside 0..65535 is refused, naming the key and the range")
    void adminPortOutOfRangeIsRefused() {
        assertThatThrownBy(() -> SettingsLoader.fromMap(
                        Map.of("kafka.bootstrap.servers", "b:1", "inventory.admin.port", "70000")))
                .isInstanceOf(SettingsException.class)
                .hasMessage("inventory.admin.port must be between 0 (a free port) and 65535, was 70000");
    }

    @Test
    @DisplayName("an admin port that is not a number is refused, naming the key")
    void adminPortNotANumberIsRefused() {
        assertThatThrownBy(() -> SettingsLoader.fromMap(
                        Map.of("kafka.bootstrap.servers", "b:1", "inventory.admin.port", "http")))
                .isInstanceOf(SettingsException.class)
                .hasMessage("inventory.admin.port must be an integer, was 'http'");
    }

    @Test
    @DisplayName("an admin switch that is not a boolean is refused, naming the key")
    void adminEnabledNotABooleanIsRefused() {
        assertThatThrownBy(() -> SettingsLoader.fromMap(
                        Map.of("kafka.bootstrap.servers", "b:1", "inventory.admin.enabled", "on")))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("inventory.admin.enabled must be true or false");
    }

    @Test
    @DisplayName("documents.collection.<name>.schema declares a collection with the JSON Schema in that file")
    void collectionFromSchemaFile() {
        ProcessorSettings settings = SettingsLoader.load(
                Optional.empty(),
                Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", "broker:9092",
                        "DOCUMENTS_COLLECTION_WALLETS_SCHEMA", "classpath:collections/wallets.schema.json",
                        "DOCUMENTS_MAX_DOCUMENT_BYTES", "2048"));

        assertThat(settings.documents().collections()).containsOnlyKeys("wallets");
        assertThat(settings.documents().maxDocumentBytes()).isEqualTo(2048);
        assertThat(settings.documents().resultsTopic()).isEqualTo("documents.results");
    }

    @Test
    @DisplayName("no collection is configured by default")
    void noCollectionsByDefault() {
        assertThat(SettingsLoader.load(Optional.empty(), BOOTSTRAP).documents().collections())
                .isEmpty();
    }

    @Test
    @DisplayName("an invalid collection schema stops start-up with the key, the collection and the reason")
    void invalidSchemaIsRefused() throws IOException {
        Path schema = Files.writeString(dir.resolve("bad.json"), "{\"type\":\"integer-ish\"}");

        assertThatThrownBy(() -> SettingsLoader.fromMap(Map.of(
                        "kafka.bootstrap.servers",
                        "broker:9092",
                        "documents.collection.wallets.schema",
                        schema.toString())))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("documents.collection.wallets.schema")
                .hasMessageContaining("not a valid JSON Schema 2020-12");
    }

    @Test
    @DisplayName("a collection name that breaks the naming rule is refused")
    void badCollectionNameIsRefused() {
        assertThatThrownBy(() -> SettingsLoader.fromMap(Map.of(
                        "kafka.bootstrap.servers", "broker:9092", "documents.collection.Wallets.schema", "x.json")))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("collection name 'Wallets'");
    }
}
