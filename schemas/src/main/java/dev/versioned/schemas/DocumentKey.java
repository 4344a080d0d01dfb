package dev.versioned.schemas;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The identity of one document: its collection and its id. The id is the Kafka record key of its requests
 * (one writer per id); {@link #asString()} keys the document's state.
 *
 * @param collection the collection's name, {@link #COLLECTION}
 * @param id the document's id, 1..128 characters of {@code [A-Za-z0-9._:-]} as store and product ids
 */
public record DocumentKey(String collection, String id) {

    /** Collection names: a lower-case letter, then up to 63 lower-case letters, digits and dashes. */
    public static final Pattern COLLECTION = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    /** {@link #COLLECTION} in words, for the messages that refuse a name. */
    public static final String COLLECTION_RULE = "a lower-case letter then up to 63 of [a-z0-9-]";

    /**
     * The metric label that stands for every collection not configured (or not readable): no collection can be
     * named so, since a name starts with a letter.
     */
    public static final String OTHER_COLLECTIONS = "_other";

    public DocumentKey {
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(id, "id");
    }

    /** Whether {@code name} is a legal collection name. */
    public static boolean isCollection(String name) {
        return name != null && COLLECTION.matcher(name).matches();
    }

    /** {@code collection/id}: unambiguous, since neither may contain a slash. */
    public String asString() {
        return collection + RecordKey.SEPARATOR + id;
    }

    @Override
    public String toString() {
        return asString();
    }
}
