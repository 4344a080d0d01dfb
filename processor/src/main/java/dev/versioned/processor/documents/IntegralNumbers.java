package dev.versioned.processor.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * A document as the schema validator must see it: every number whose value is an integer but which was written
 * as a decimal ({@code 1e300}, {@code 2.0}) becomes an integer node of the same value.
 *
 * <p>Why: documents are read exactly (decimals as {@link BigDecimal}), and JSON Schema counts {@code 1e300} as an
 * integer, but the validator compares an integer-typed value against an integer bound through
 * {@link JsonNode#asLong()}, which wraps a decimal beyond a long's range ({@code -1e300} passed {@code minimum: 0}).
 * An integer node beyond a long is compared as a {@link java.math.BigInteger}, exactly. The stored document keeps
 * the numbers as written; only the validator sees this form. Numbers are bounded before this (a document's numbers
 * lie within a double's range), so no conversion here makes more than about 309 digits.
 */
final class IntegralNumbers {

    private IntegralNumbers() {}

    /** {@code node} with integral decimals as integer nodes: {@code node} itself when it has none. */
    static JsonNode asIntegers(JsonNode node) {
        if (node.isBigDecimal() || node.isDouble() || node.isFloat()) {
            BigDecimal value = node.decimalValue();
            return isIntegral(value) ? JsonNodeFactory.instance.numberNode(value.toBigIntegerExact()) : node;
        }
        if (node.isObject()) {
            ObjectNode copy = null;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                JsonNode converted = asIntegers(member.getValue());
                if (converted != member.getValue()) {
                    copy = copy == null ? ((ObjectNode) node).deepCopy() : copy;
                    copy.set(member.getKey(), converted);
                }
            }
            return copy == null ? node : copy;
        }
        if (node.isArray()) {
            ArrayNode copy = null;
            for (int i = 0; i < node.size(); i++) {
                JsonNode converted = asIntegers(node.get(i));
                if (converted != node.get(i)) {
                    copy = copy == null ? ((ArrayNode) node).deepCopy() : copy;
                    copy.set(i, converted);
                }
            }
            return copy == null ? node : copy;
        }
        return node;
    }

    private static boolean isIntegral(BigDecimal value) {
        return value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
    }
}
