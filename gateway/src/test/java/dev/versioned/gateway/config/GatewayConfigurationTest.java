package dev.versioned.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.versioned.gateway.GatewayApplication;
import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.ResourceConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.util.DataSize;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GatewayConfigurationTest {

    private final YamlConfigurationFactory<GatewayConfiguration> factory = new YamlConfigurationFactory<>(
            GatewayConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");

    /** gateway/config/gateway.yml as the gateway reads it, environment substitution included. */
    private GatewayConfiguration shipped() throws Exception {
        return factory.build(
                new SubstitutingSourceProvider(
                        new FileConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)),
                Path.of("config/gateway.yml").toString());
    }

    @Test
    @DisplayName("the example configuration is valid, with the demo key limited to store-1 and the seed's port")
    void exampleConfig() throws Exception {
        GatewayConfiguration config = shipped();
        assertThat(config.getApiKeys()).anySatisfy(key -> {
            assertThat(key.getKey()).isEqualTo(System.getenv().getOrDefault("GATEWAY_DEMO_KEY", "demo"));
            assertThat(key.getStores()).containsExactly("store-1");
        });
        assertThat(config.getRequestTimeout().toSeconds()).isEqualTo(10);
        assertThat(config.replyTopic()).startsWith("inventory.replies.");
        assertThat(((AbstractServerFactory) config.getServerFactory())
                        .getGzipFilterFactory()
                        .getMinimumEntitySize())
                .as("single-update answers are not worth compressing")
                .isEqualTo(DataSize.kibibytes(4));
    }

    @Test
    @DisplayName("given the shipped configuration, the pending bound leaves half of the request threads free")
    void shippedPendingBoundLeavesThreadsFree() throws Exception {
        // given the shipped configuration
        GatewayConfiguration config = shipped();
        // then each waiting request can hold its thread and as many threads are left to shed the rest
        int maxThreads = ((AbstractServerFactory) config.getServerFactory()).getMaxThreads();
        assertThat(config.getMaxPendingRequests())
                .isEqualTo(GatewayConfiguration.DEFAULT_MAX_PENDING_REQUESTS)
                .isLessThanOrEqualTo(maxThreads / 2);
    }

    @Test
    @DisplayName("given a pending bound above half of the request threads, the configuration is refused at start-up")
    void pendingBoundAboveThreadsRefused() {
        // given maxPendingRequests 600 with maxThreads 1024, when it is loaded, then it is refused and says why
        assertThatThrownBy(() -> factory.build(new ResourceConfigurationSourceProvider(), "pending-above-threads.yml"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining(GatewayConfiguration.PENDING_BOUND_MESSAGE);
    }

    @Test
    @DisplayName("a configuration without API keys is refused at start-up")
    void apiKeysRequired() {
        assertThatThrownBy(() -> factory.build(new ResourceConfigurationSourceProvider(), "no-keys.yml"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("apiKeys");
    }

    @Test
    @DisplayName("KAFKA_* environment variables become client properties; bootstrap servers come from the config")
    void environmentProperties() {
        KafkaConfig kafka = new KafkaConfig();
        kafka.setBootstrapServers("broker:9093");
        kafka.setProperties(Map.of("client.rack", "a"));
        Map<String, String> props = kafka.clientProperties(
                Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_JAAS_CONFIG", "x", "HOME", "/root"));
        assertThat(props)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", "x")
                .containsEntry("client.rack", "a")
                .containsEntry("bootstrap.servers", "broker:9093")
                .doesNotContainKey("home");
    }

    @Test
    @DisplayName("given the shipped configuration, then it serves customers and wallets, open to both demo keys")
    void givenShippedConfiguration_thenServesExampleCollectionsToDemoKeys() throws Exception {
        GatewayConfiguration config = shipped();
        assertThat(config.getDocuments().collectionSet()).containsExactly("customers", "wallets");
        assertThat(config.getDocuments().getMaxDocumentBytes()).isEqualTo(DocumentsConfig.DEFAULT_MAX_DOCUMENT_BYTES);
        assertThat(config.getDocuments().getStateTopic()).isEqualTo(DocumentsConfig.DEFAULT_STATE_TOPIC);
        assertThat(config.getApiKeys())
                .extracting(ApiKeyConfig::getCollections)
                .containsExactly(List.of("customers", "wallets"), List.of("*"));
    }

    @Test
    @DisplayName("given a collection name the processor cannot have, when loaded, then refused naming the rule")
    void givenBadCollectionName_whenLoaded_thenRefused() {
        assertThatThrownBy(() -> inline("documents: {collections: [Wallets]}"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("documents.collections must name collections as the processor does");
    }

    @Test
    @DisplayName("given a collection named twice, when loaded, then refused")
    void givenRepeatedCollection_whenLoaded_thenRefused() {
        assertThatThrownBy(() -> inline("documents: {collections: [wallets, wallets]}"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("each once");
    }

    @Test
    @DisplayName("given a document limit below the processor's range, when loaded, then refused naming the setting")
    void givenTinyDocumentLimit_whenLoaded_thenRefused() {
        assertThatThrownBy(() -> inline("documents: {collections: [wallets], maxDocumentBytes: 100}"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("documents.maxDocumentBytes must be at least 1024");
    }

    @Test
    @DisplayName("given a state topic that is no topic name, when loaded, then refused naming the setting")
    void givenBadStateTopic_whenLoaded_thenRefused() {
        assertThatThrownBy(() -> inline("documents: {collections: [wallets], stateTopic: 'no spaces'}"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("documents.stateTopic");
    }

    @Test
    @DisplayName("given a key with collections and no stores, when loaded, then it is valid; with neither, refused")
    void givenKeyScopes_whenLoaded_thenCollectionsAloneSufficeButNoneIsRefused() throws Exception {
        assertThat(inline("documents: {collections: [wallets]}", "collections: [wallets]")
                        .getApiKeys()
                        .get(0)
                        .getStores())
                .isEmpty();
        assertThatThrownBy(() -> inline("documents: {collections: [wallets]}", "ratePerSecond: 1"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("an API key needs stores, collections or categories");
    }

    @Test
    @DisplayName("given a key with stream categories alone, when loaded, then it is valid with those categories")
    void givenKeyWithCategoriesAlone_whenLoaded_thenValid() throws Exception {
        assertThat(inline("instanceId: t", "categories: [account, order]")
                        .getApiKeys()
                        .get(0)
                        .getCategories())
                .containsExactly("account", "order");
    }

    @Test
    @DisplayName(
            "given the streams settings, when loaded, then the processor's defaults hold; over its limits, refused")
    void givenStreamsSettings_whenLoaded_thenDefaultsAndLimits() throws Exception {
        StreamsConfig streams = inline("instanceId: t").getStreams();
        assertThat(streams.getEventsTopic()).isEqualTo("streams.events");
        assertThat(streams.getMaxEvents()).isEqualTo(100);
        assertThat(streams.getMaxAppendBytes()).isEqualTo(262_144);
        assertThatThrownBy(() -> inline("streams: {maxEvents: 1001}"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("streams.maxEvents must be between 1 and 1000");
        assertThatThrownBy(() -> inline("streams: {eventsTopic: 'no spaces'}"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("streams.eventsTopic");
    }

    /** A key that must never show in a configuration error. */
    private static final String SECRET = "leaked-secret-8Hw3";

    /** The configuration factory of the gateway's own bootstrap, as {@code server} and {@code check} use it. */
    private static YamlConfigurationFactory<GatewayConfiguration> gatewayFactory() {
        Bootstrap<GatewayConfiguration> bootstrap = new Bootstrap<>(new GatewayApplication());
        new GatewayApplication().initialize(bootstrap);
        return (YamlConfigurationFactory<GatewayConfiguration>) bootstrap
                .getConfigurationFactoryFactory()
                .create(GatewayConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");
    }

    /** Configurations with a key next to their problem, and what the error must name instead of it. */
    static Stream<Arguments> keyNextToProblem() {
        return Stream.of(
                // a key substituted into the configuration that starts with a character YAML reserves
                Arguments.of(
                        "instanceId: test\napiKeys:\n  - key: `" + SECRET + "\n    name: k\n    stores: [store-1]\n",
                        "not valid YAML at line 3"),
                Arguments.of(
                        "apiKeys:\n  - {key: k, name: k, stores: [store-1], ratePerSecond: " + SECRET + "}\n",
                        "apiKeys.[0].ratePerSecond"),
                // a key where a setting's name goes (a flow mapping of a key alone)
                Arguments.of(
                        "apiKeys:\n  - {" + SECRET + ", name: k, stores: [store-1]}\n",
                        "Unrecognized field under apiKeys.[0]"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("keyNextToProblem")
    @DisplayName("given a configuration with a key next to its problem, when loaded by the gateway, then the error"
            + " names the file and the place, and quotes neither the line nor the key")
    void givenKeyNextToProblem_whenLoaded_thenErrorQuotesNoKey(String yaml, String names) {
        assertThatThrownBy(() -> gatewayFactory().build(path -> stream(yaml), "gateway.yml"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("gateway.yml has an error")
                .hasMessageContaining(names)
                .hasMessageNotContaining(SECRET)
                .hasNoCause();
    }

    @Test
    @DisplayName("given a configured key with a burst and no rate, when loaded, then refused naming the rule the key"
            + " file is held to as well")
    void givenBurstWithoutRate_whenLoaded_thenRefused() {
        assertThatThrownBy(() -> inline("", "stores: [store-1], burst: 5"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("burst needs a ratePerSecond");
        assertThatThrownBy(() -> inline("", "stores: [store-1], ratePerSecond: 0"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("ratePerSecond must be a positive number");
    }

    private static java.io.InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A configuration of {@code yaml} and one API key with {@code keyScope} (stores [store-1] by default). */
    private GatewayConfiguration inline(String yaml, String... keyScope) throws Exception {
        String scope = keyScope.length == 0 ? "stores: [store-1]" : keyScope[0];
        String text = yaml + "\napiKeys:\n  - {key: k, name: k, " + scope + "}\n";
        return factory.build(path -> new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "inline.yml");
    }
}
