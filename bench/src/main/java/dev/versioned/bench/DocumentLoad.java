package dev.versioned.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.versioned.processor.documents.CollectionSchema;
import dev.versioned.schemas.DocumentRequest;
import dev.versioned.schemas.WireFormat;
import java.util.Random;

/**
 * The documents of the documents bench: {@value BenchMode#PRODUCTS} ids of the collection {@value #COLLECTION},
 * each about 1 KB as compact JSON ({@code name} of {@value #NAME_CHARS} characters, an {@code email}, a
 * {@code seq}). A write replaces the name and the seq, so every request carries about 1 KB, and so does every
 * document the write makes.
 *
 * <p>The collection is registered for the bench because the example {@code customers} schema caps a name at
 * 200 characters; its schema is the customers' one with room for the longer name, and a {@code seq} that must be
 * a non-negative integer: the processor checks the same kinds of constraints (required member, string length,
 * email pattern, integer range) on every write.
 */
final class DocumentLoad {

    static final String COLLECTION = "bench-customers";
    static final int NAME_CHARS = 1_000;

    static final String SCHEMA = """
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "required": ["name"],
             "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 2000},
               "email": {"type": "string", "pattern": "^[^@\\\\s]+@[^@\\\\s]+$"},
               "seq": {"type": "integer", "minimum": 0}}}""";

    /** A fixed filler, so that every name has the same length and the run the same bytes. */
    private static final String FILLER = filler();

    private DocumentLoad() {}

    static CollectionSchema schema() {
        return CollectionSchema.fromJson(COLLECTION, SCHEMA);
    }

    static String id(int i) {
        return String.format("cust-%04d", i % BenchMode.PRODUCTS);
    }

    /** The index of an id or product key (both end in their four-digit index). */
    static int index(String key) {
        return Integer.parseInt(key.substring(key.length() - 4));
    }

    /** The name of the {@code seq}-th write: its number, then the filler up to {@value #NAME_CHARS} characters. */
    static String name(long seq) {
        String n = Long.toString(seq);
        return n + FILLER.substring(n.length());
    }

    /** The whole document after the {@code seq}-th write of id {@code i}. */
    static ObjectNode document(int i, long seq) {
        ObjectNode doc = WireFormat.mapper().createObjectNode();
        doc.put("name", name(seq));
        doc.put("email", id(i) + "@example.com");
        doc.put("seq", seq);
        return doc;
    }

    /** What a write changes: the name and the seq (a JSON merge patch). */
    static ObjectNode patch(long seq) {
        ObjectNode patch = WireFormat.mapper().createObjectNode();
        patch.put("name", name(seq));
        patch.put("seq", seq);
        return patch;
    }

    /**
     * The write of id {@code i} by a writer that holds it at {@code version}: a {@code PUT} creating it at 0,
     * then conditional {@code PATCH}es at the version the previous write made.
     */
    static DocumentRequest request(int i, long version, long seq, String key) {
        return version == 0
                ? DocumentRequest.put(COLLECTION, id(i), document(i, seq), 0, key)
                : DocumentRequest.patch(COLLECTION, id(i), patch(seq), version, key);
    }

    private static String filler() {
        Random random = new Random(42);
        StringBuilder s = new StringBuilder(NAME_CHARS);
        String letters = "abcdefghijklmnopqrstuvwxyz     ";
        while (s.length() < NAME_CHARS) {
            s.append(letters.charAt(random.nextInt(letters.length())));
        }
        return s.toString();
    }
}
