package dev.versioned.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Pins the names of the deployed topology's nodes and stores, how the nodes connect, and the topics they
 * read and write. Kafka Streams names state directories, changelog topics and committed offsets after
 * them: renaming one in a running deployment loses its state, so a rename must fail here first.
 */
class TopologyNamesTest {

    private static final TopologyDescription DESCRIPTION = UpdateTopology.build(
                    TopologyFixture.settings(), KafkaBoundary.singlePartition())
            .describe();

    @Test
    @DisplayName("the node name constants are the deployed names")
    void constantsAreTheDeployedNames() {
        assertThat(List.of(
                        TopologyNames.REQUESTS_SOURCE,
                        TopologyNames.UPDATE_PROCESSOR,
                        TopologyNames.RESULTS_SINK,
                        TopologyNames.STATE_SINK,
                        TopologyNames.REPLY_SINK,
                        TopologyNames.DEAD_LETTER_SINK,
                        TopologyNames.REQUEST_FORWARD_SINK,
                        TopologyNames.DOCUMENT_RESULTS_SINK,
                        TopologyNames.DOCUMENT_STATE_SINK,
                        TopologyNames.STREAM_EVENTS_SINK))
                .containsExactly(
                        "update-requests-source",
                        "update-processor",
                        "update-results-sink",
                        "inventory-state-sink",
                        "update-replies-sink",
                        "dead-letters-sink",
                        "requests-forward-sink",
                        "document-results-sink",
                        "document-state-sink",
                        "stream-events-sink");
    }

    @Test
    @DisplayName("one sub-topology, no global store: a source, the processor with its four stores, eight sinks")
    void nodesStoresAndTopics() {
        assertThat(DESCRIPTION.globalStores()).isEmpty();
        assertThat(DESCRIPTION.subtopologies()).hasSize(1);

        assertThat(nodes())
                .containsExactlyInAnyOrder(
                        "source update-requests-source topics=[inventory.requests] <- [] -> [update-processor]",
                        "processor update-processor stores=[document-store, idempotency-store, inventory-store, stream-store]"
                                + " <- [update-requests-source]"
                                + " -> [dead-letters-sink, document-results-sink, document-state-sink, inventory-state-sink,"
                                + " requests-forward-sink, stream-events-sink, update-replies-sink, update-results-sink]",
                        "sink document-results-sink topic=documents.results <- [update-processor] -> []",
                        "sink document-state-sink topic=documents.state <- [update-processor] -> []",
                        "sink stream-events-sink topic=streams.events <- [update-processor] -> []",
                        "sink update-results-sink topic=inventory.results <- [update-processor] -> []",
                        "sink inventory-state-sink topic=inventory.state <- [update-processor] -> []",
                        "sink dead-letters-sink topic=inventory.dead-letters <- [update-processor] -> []",
                        "sink update-replies-sink topic=(ReplyRouter) <- [update-processor] -> []",
                        "sink requests-forward-sink topic=inventory.requests <- [update-processor] -> []");
    }

    /** Each node as one line: kind, name, what it reads or writes, its predecessors and successors. */
    private static List<String> nodes() {
        return DESCRIPTION.subtopologies().iterator().next().nodes().stream()
                .map(TopologyNamesTest::line)
                .toList();
    }

    private static String line(TopologyDescription.Node node) {
        String what;
        if (node instanceof TopologyDescription.Source source) {
            what = "source " + node.name() + " topics=" + new TreeSet<>(source.topicSet());
        } else if (node instanceof TopologyDescription.Processor processor) {
            what = "processor " + node.name() + " stores=" + new TreeSet<>(processor.stores());
        } else if (node instanceof TopologyDescription.Sink sink) {
            what = "sink " + node.name() + " topic="
                    + (sink.topic() != null
                            ? sink.topic()
                            : "(" + sink.topicNameExtractor().getClass().getSimpleName() + ")");
        } else {
            what = "unexpected " + node.getClass().getSimpleName() + " " + node.name();
        }
        return what + " <- " + names(node.predecessors()) + " -> " + names(node.successors());
    }

    private static Set<String> names(Set<TopologyDescription.Node> nodes) {
        return nodes.stream().map(TopologyDescription.Node::name).collect(Collectors.toCollection(TreeSet::new));
    }
}
