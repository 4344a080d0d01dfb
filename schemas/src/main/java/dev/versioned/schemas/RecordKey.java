package dev.versioned.schemas;

/**
 * Identity of an inventory record, and its one string form: {@code storeId/productId}.
 *
 * <p>The separator {@code /} is not allowed in either id, so the form is unambiguous; it is the key
 * of the state topic and of the processor's stores.
 */
public record RecordKey(String storeId, String productId) {

    public static final char SEPARATOR = '/';

    /** The string form used as a Kafka key and a store key. */
    public String asString() {
        return storeId + SEPARATOR + productId;
    }

    /** Parses {@link #asString()}; throws {@link IllegalArgumentException} on anything else. */
    public static RecordKey parse(String key) {
        int at = key.indexOf(SEPARATOR);
        if (at <= 0 || at == key.length() - 1 || key.indexOf(SEPARATOR, at + 1) >= 0) {
            throw new IllegalArgumentException("not a record key (storeId/productId): " + key);
        }
        return new RecordKey(key.substring(0, at), key.substring(at + 1));
    }

    @Override
    public String toString() {
        return asString();
    }
}
