package dev.versioned.gateway.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the gateway reaches Kafka: bootstrap servers, topic names and any Kafka client property.
 *
 * <p>{@code properties} is passed to every client (producer, consumers, admin): TLS, SASL, client ids,
 * timeouts. An environment variable {@code KAFKA_X_Y} also sets property {@code x.y} (a double underscore
 * stands for a dash), the same convention as the processor, so one environment configures both.
 * The settings the gateway's guarantees rest on (acks, idempotence, isolation level) are enforced by
 * {@link dev.versioned.client.kafka.KafkaClients} whatever is configured here.
 */
public class KafkaConfig {

    @NotBlank
    private String bootstrapServers = "localhost:9092";

    @NotNull
    private Map<String, String> properties = new LinkedHashMap<>();

    @Valid
    @NotNull
    private TopicsConfig topics = new TopicsConfig();

    @JsonProperty
    public String getBootstrapServers() {
        return bootstrapServers;
    }

    @JsonProperty
    public void setBootstrapServers(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    @JsonProperty
    public Map<String, String> getProperties() {
        return properties;
    }

    @JsonProperty
    public void setProperties(Map<String, String> properties) {
        this.properties = properties;
    }

    @JsonProperty
    public TopicsConfig getTopics() {
        return topics;
    }

    @JsonProperty
    public void setTopics(TopicsConfig topics) {
        this.topics = topics;
    }

    /** Configured properties, then {@code KAFKA_*} environment variables, then the bootstrap servers. */
    public Map<String, String> clientProperties(Map<String, String> environment) {
        Map<String, String> merged = new TreeMap<>(properties);
        environment.forEach((name, value) -> {
            if (name.startsWith("KAFKA_") && name.length() > "KAFKA_".length()) {
                merged.put(propertyName(name.substring("KAFKA_".length())), value);
            }
        });
        merged.put("bootstrap.servers", bootstrapServers);
        return merged;
    }

    static String propertyName(String envSuffix) {
        return envSuffix
                .toLowerCase(Locale.ROOT)
                .replace("__", "\u0000")
                .replace('_', '.')
                .replace('\u0000', '-');
    }
}
