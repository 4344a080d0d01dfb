package dev.versioned.processor.topology;

/**
 * Names of the topology's nodes. Written once; renaming a node or store of a running deployment loses
 * its state, so these never change.
 */
public final class TopologyNames {
    public static final String REQUESTS_SOURCE = "update-requests-source";
    public static final String UPDATE_PROCESSOR = "update-processor";
    public static final String RESULTS_SINK = "update-results-sink";
    public static final String STATE_SINK = "inventory-state-sink";
    public static final String REPLY_SINK = "update-replies-sink";
    public static final String DEAD_LETTER_SINK = "dead-letters-sink";
    public static final String DOCUMENT_RESULTS_SINK = "document-results-sink";
    public static final String DOCUMENT_STATE_SINK = "document-state-sink";
    public static final String STREAM_EVENTS_SINK = "stream-events-sink";
    /** Back to the requests topic, for a request on the wrong partition for its key. */
    public static final String REQUEST_FORWARD_SINK = "requests-forward-sink";

    private TopologyNames() {}
}
