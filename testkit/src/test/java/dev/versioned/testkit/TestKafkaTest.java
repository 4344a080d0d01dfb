package dev.versioned.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.utils.Exit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TestKafkaTest {

    @AfterEach
    void clearProperties() {
        System.clearProperty(TestKafka.EXTERNAL_PROPERTY);
        System.clearProperty(TestKafka.MODE_PROPERTY);
    }

    @Test
    @DisplayName("kafka.bootstrap.servers selects an external cluster, and nothing is started")
    void externalMode() {
        System.setProperty(TestKafka.EXTERNAL_PROPERTY, "far-away:9092");

        try (TestKafka kafka = TestKafka.start(1)) {
            assertThat(kafka.runningMode()).isEqualTo(TestKafka.Mode.EXTERNAL);
            assertThat(kafka.bootstrapServers()).isEqualTo("far-away:9092");
            assertThat(kafka.embedded()).isEmpty();
        }
    }

    @Test
    @DisplayName("kafka.test.mode forces a mode")
    void forcedMode() {
        System.setProperty(TestKafka.MODE_PROPERTY, "embedded");

        assertThat(TestKafka.mode()).isEqualTo(TestKafka.Mode.EMBEDDED);
    }

    @Test
    @DisplayName(
            "a 3-broker cluster with replication 3 and min.insync.replicas 2 keeps accepting acks=all writes after losing a broker")
    void survivesBrokerLoss() throws Exception {
        System.setProperty(TestKafka.MODE_PROPERTY, "embedded");
        try (TestKafka kafka = TestKafka.start(3)) {
            String topic = TestKafka.unique("replicated");
            kafka.createTopics(3, Map.of("min.insync.replicas", "2"), topic);
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
            props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(topic, "k", "before")).get(30, TimeUnit.SECONDS);

                KafkaClusterTestKit kit = kafka.embedded().orElseThrow();
                int victim = kit.brokers().keySet().iterator().next();
                kit.brokers().get(victim).shutdown();

                for (int i = 0; i < 20; i++) {
                    assertThat(producer.send(new ProducerRecord<>(topic, "k" + i, "after"))
                                    .get(30, TimeUnit.SECONDS)
                                    .offset())
                            .isGreaterThanOrEqualTo(0);
                }
            }
        }
    }

    @Test
    @DisplayName(
            "an embedded node's halt fails close() instead of ending the JVM, and closing deletes the data directory")
    void haltIsRefusedAndReported() {
        System.setProperty(TestKafka.MODE_PROPERTY, "embedded");
        TestKafka kafka = TestKafka.start(1);
        Path dataDir = Path.of(kafka.embedded().orElseThrow().nodes().baseDirectory());
        assertThat(dataDir.getFileName().toString())
                .as("our own directory, not Kafka's temporary one that a JVM exit hook deletes under a live broker")
                .startsWith("test-kafka-");

        // What a broker does when all its log directories have failed.
        assertThatThrownBy(() -> Exit.halt(1, "simulated: all log dirs have failed"))
                .hasMessageContaining("Exit.halt(1)");

        assertThatThrownBy(kafka::close)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("simulated: all log dirs have failed");
        assertThat(Files.exists(dataDir)).as("data directory deleted on close").isFalse();
    }

    @Test
    @DisplayName(
            "a secured broker lets the super user create a topic, and refuses a user without ACLs and a wrong password")
    void securedBrokerAuthenticatesAndAuthorizes() throws Exception {
        SaslPlainUsers users = new SaslPlainUsers("admin", Map.of("admin", "admin-secret", "alice", "alice-secret"));
        try (TestKafka kafka = TestKafka.startSecured(users)) {
            String topic = TestKafka.unique("secured");

            kafka.createTopics(1, topic);

            try (KafkaProducer<String, String> alice = producer(kafka, users.clientProperties("alice"))) {
                assertThatThrownBy(() -> alice.send(new ProducerRecord<>(topic, "k", "v"))
                                .get(30, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(TopicAuthorizationException.class);
            }
            Map<String, String> wrongPassword = new java.util.HashMap<>(users.clientProperties("alice"));
            wrongPassword.put(
                    "sasl.jaas.config", users.clientJaasConfig("alice").replace("alice-secret", "guess"));
            try (KafkaProducer<String, String> intruder = producer(kafka, wrongPassword)) {
                assertThatThrownBy(() -> intruder.send(new ProducerRecord<>(topic, "k", "v"))
                                .get(30, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(SaslAuthenticationException.class);
            }
        }
    }

    private static KafkaProducer<String, String> producer(TestKafka kafka, Map<String, String> login) {
        Properties props = new Properties();
        props.putAll(login);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }
}
