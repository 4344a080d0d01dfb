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
            "inventory.requests", "inventory.results", "inventory.state", "inventory.dead-letters",
            "inventory.replies.");

    public TopicNames {
        for (String name : new String[] {requests, results, state, deadLetters, replyPrefix}) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("topic names must not be blank");
            }
        }
    }
}
