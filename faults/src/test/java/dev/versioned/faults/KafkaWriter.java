package dev.versioned.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * An upstream producer writing straight to the requests topic with its own reply topic. Any result for
 * the operation's idempotency key is its answer (a late reply to an earlier attempt is as good as any).
 */
final class KafkaWriter extends Writer implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> replies;
    private final String replyTopic;

    KafkaWriter(String name, String bootstrap, String replyTopic, Ledger ledger, AtomicBoolean running, long seed) {
        super(name, ledger, running, seed);
        this.replyTopic = replyTopic;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        replies = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
        TopicPartition partition = new TopicPartition(replyTopic, 0);
        replies.assign(List.of(partition));
        replies.seekToEnd(List.of(partition));
        replies.position(partition); // seekToEnd is lazy: fix the position before the first request
    }

    @Override
    protected Optional<JsonNode> attempt(String productId, ObjectNode request) throws InterruptedException {
        String key = request.path("idempotencyKey").asText();
        ProducerRecord<String, String> record = new ProducerRecord<>("inventory.requests", productId, request.toString());
        record.headers().add("correlation-id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add("reply-topic", replyTopic.getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(record).get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            return Optional.empty(); // unknown: the broker may or may not have it
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> reply : replies.poll(Duration.ofMillis(200))) {
                try {
                    JsonNode result = JSON.readTree(reply.value());
                    if (key.equals(result.path("idempotencyKey").asText())) {
                        return Optional.of(result);
                    }
                } catch (IOException e) {
                    ledger.unexpected.add(name + ": unreadable reply " + reply.value());
                }
            }
        }
        return Optional.empty();
    }

    @Override
    protected long read(String productId) {
        return 0; // no read path over Kafka: a conflict tells the current version
    }

    @Override
    protected boolean isKafka() {
        return true;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        replies.close();
    }
}
