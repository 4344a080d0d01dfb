package dev.versioned.schemas;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * A JSON tree as canonical text, written straight from the tree: object members in name order, no whitespace,
 * strings escaped as JSON writes them, numbers with their exact value (decimals are {@code BigDecimal}s, their
 * trailing zeros stripped when read: {@code 1.0} and {@code 1} are one value and one text). The same JSON value, whatever the order of its members, gives the same text. Used
 * for appends' fingerprints, where walking the tree costs a fraction of binding it to maps and writing those.
 */
final class CanonicalJson {

    private CanonicalJson() {}

    static void write(JsonNode node, StringBuilder out) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<String> names = new ArrayList<>(node.size());
                for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                    names.add(it.next());
                }
                Collections.sort(names);
                out.append('{');
                for (int i = 0; i < names.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    quote(names.get(i), out);
                    out.append(':');
                    write(node.get(names.get(i)), out);
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(node.get(i), out);
                }
                out.append(']');
            }
            case STRING -> quote(node.textValue(), out);
            case NUMBER -> out.append(node.numberValue());
            case BOOLEAN -> out.append(node.booleanValue());
            case NULL -> out.append("null");
            default -> out.append(node);
        }
    }

    private static void quote(String text, StringBuilder out) {
        out.append('"');
        JsonStringEncoder.getInstance().quoteAsString(text, out);
        out.append('"');
    }
}
