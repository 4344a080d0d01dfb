package dev.versioned.schemas;

/**
 * The topics of the product. Names are configuration; these are the defaults, written once.
 *
 * @param requests update requests, key = productId, value = {@link UpdateRequest} JSON
 * @param results every outcome (audit log), key = productId, value = {@link UpdateResult} JSON
 * @param state compacted latest record, key = {@link RecordKey#asString()}, value = {@link InventoryRecord}
 * @param deadLetters requests that could not be accepted, key = original key, value = {@link DeadLetter}
 * @param replyPrefix every reply topic named in a request's headers must start with this
 */
public record TopicNames(String requests, String results, String state, String deadLetters, String replyPrefix) {

    public static final TopicNames DEFAULTS = new TopicNames(
            "inventory.requests",
            "inventory.results",
            "inventory.state",
            "inventory.dead-letters",
            "inventory.replies.");

    /** Default name of the documents' results topic: every document outcome, key = id. */
    public static final String DOCUMENT_RESULTS = "documents.results";

    /** Default name of the documents' compacted state topic, key = {@code collection/id}. */
    public static final String DOCUMENT_STATE = "documents.state";

    /**
     * Default name of the streams' events topic: every appended event, key = stream, value = {@link StreamEvent};
     * kept forever (the events are the source of truth).
     */
    public static final String STREAM_EVENTS = "streams.events";

    /** Kafka's rule for a topic name (also used for the reply prefix): the one place it is written. */
    public static final String NAME_PATTERN = "[a-zA-Z0-9._-]{1,249}";

    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile(NAME_PATTERN);

    /** Whether {@code name} is a legal Kafka topic name ({@link #NAME_PATTERN}). */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    public TopicNames {
        for (String name : new String[] {requests, results, state, deadLetters, replyPrefix}) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("topic names must not be blank");
            }
        }
    }
}
