package dev.versioned.processor.it;

import dev.versioned.processor.config.ProcessorSettings;
import dev.versioned.schemas.TopicNames;
import dev.versioned.testkit.TestKafka;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;

/**
 * A processor's own topics on the shared test broker, named as deployed but with a fresh tag
 * ({@code inventory.requests-<tag>}, ...), so that tests do not meet each other's records.
 */
public final class TestTopics {

    private TestTopics() {}

    /**
     * Creates the topics: requests and results with {@code partitions}, the state topic compacted with as many,
     * the dead letters with one.
     */
    public static TopicNames create(TestKafka kafka, String prefix, int partitions) {
        String tag = TestKafka.unique(prefix);
        TopicNames topics = new TopicNames(
                "inventory.requests-" + tag,
                "inventory.results-" + tag,
                "inventory.state-" + tag,
                "inventory.dead-letters-" + tag,
                "inventory.replies-" + tag + ".");
        kafka.createTopics(partitions, topics.requests(), topics.results());
        kafka.createTopics(partitions, Map.of("cleanup.policy", "compact"), topics.state());
        kafka.createTopics(1, topics.deadLetters());
        return topics;
    }

    /** The defaults on this broker with these topics, an application id of their own and a 20 ms commit interval. */
    public static ProcessorSettings settings(TestKafka kafka, TopicNames topics, Path stateDir) {
        return ProcessorSettings.defaults(kafka.bootstrapServers())
                .withTopics(topics)
                .withKafka(StreamsConfig.APPLICATION_ID_CONFIG, "processor-" + topics.requests())
                .withKafka(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString())
                .withKafka(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "20");
    }
}
