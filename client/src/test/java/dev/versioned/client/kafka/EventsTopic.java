package dev.versioned.client.kafka;

import dev.versioned.schemas.StreamEvent;
import dev.versioned.schemas.WireFormat;
import dev.versioned.schemas.WireSerdes;
import dev.versioned.testkit.TestKafka;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * An events topic of its own on the shared test broker, written as the processor writes it: key = the stream, each
 * stream's events in position order from 0.
 */
public final class EventsTopic {

    public final String name = TestKafka.unique("events");
    public final KafkaClients clients;
    private final Map<String, Long> positions = new HashMap<>();

    public EventsTopic(int partitions) {
        TestKafka kafka = TestKafka.shared();
        kafka.createTopics(partitions, name);
        clients = new KafkaClients(Map.of("bootstrap.servers", kafka.bootstrapServers()), "events-test");
    }

    /** Appends one event to each stream named, in order, each at its stream's next position. */
    public void append(String... streams) throws Exception {
        try (KafkaProducer<String, byte[]> producer = clients.producer(5_000)) {
            for (String stream : streams) {
                long position = positions.merge(stream, 1L, Long::sum) - 1;
                StreamEvent event = new StreamEvent(
                        stream,
                        position,
                        stream + "-" + position,
                        "Deposited",
                        WireFormat.mapper().createObjectNode().put("amount", position),
                        Optional.empty(),
                        Instant.now(),
                        Optional.empty());
                producer.send(new ProducerRecord<>(name, stream, WireSerdes.STREAM_EVENT.toBytes(event)))
                        .get(10, TimeUnit.SECONDS);
            }
        }
    }
}
