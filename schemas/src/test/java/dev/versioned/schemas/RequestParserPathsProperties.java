package dev.versioned.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The parser's one-pass path for valid requests and its tree path give the same answer for every input:
 * the fast path may only ever say "valid" where the tree path says the same, with the same request.
 */
class RequestParserPathsProperties {

    private static final List<String> NAMES = List.of(
            "storeId",
            "productId",
            "operation",
            "delta",
            "quantity",
            "version",
            "idempotencyKey",
            "extra",
            "Delta",
            "nested");

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "\"store-1\"",
                        "\"SKU-1\"",
                        "\"ADJUST\"",
                        "\"SET\"",
                        "\"adjust\"",
                        "\"k 1\"",
                        "\"\"",
                        "\"a/b\"",
                        "\"é\"",
                        "\"\\u0001\"",
                        "\"nullable\""),
                Arbitraries.longs().between(-3, 3).map(String::valueOf),
                Arbitraries.of(
                        "0",
                        "-0",
                        "1.5",
                        "1e2",
                        "1.0",
                        "1000000000000000",
                        "1000000000000001",
                        "99999999999999999999",
                        "-1000000000000001",
                        "true",
                        "false",
                        "null",
                        "[]",
                        "[1]",
                        "{}",
                        "{\"a\":1}",
                        "\"5\"",
                        "0x10",
                        "01",
                        "NaN"),
                Arbitraries.strings()
                        .ofMaxLength(8)
                        .map(s -> "\"" + s.replace("\\", "").replace("\"", "") + "\""));
    }

    @Provide
    Arbitrary<String> inputs() {
        Arbitrary<String> field =
                Combinators.combine(Arbitraries.of(NAMES), values()).as((name, value) -> "\"" + name + "\":" + value);
        Arbitrary<String> object = field.list().ofMaxSize(9).map(fields -> "{" + String.join(",", fields) + "}");
        Arbitrary<String> valid = Combinators.combine(
                        Arbitraries.longs().between(-5, 5),
                        Arbitraries.longs().between(0, 3),
                        Arbitraries.of("k-1", "key 2", "x"))
                .as((delta, version, key) -> "{\"storeId\":\"store-1\",\"productId\":\"SKU-1\",\"delta\":" + delta
                        + ",\"version\":" + version + ",\"idempotencyKey\":\"" + key + "\"}");
        Arbitrary<String> validWithExtra =
                Combinators.combine(valid, field).as((v, f) -> v.substring(0, v.length() - 1) + "," + f + "}");
        Arbitrary<String> decorated = Combinators.combine(
                        Arbitraries.oneOf(object, valid, validWithExtra),
                        Arbitraries.of("", " ", "\n", "x", "}", "{}", " null", ",", "]"))
                .as((body, tail) -> body + tail);
        return Arbitraries.oneOf(
                object,
                valid,
                validWithExtra,
                decorated,
                Arbitraries.of("[]", "\"s\"", "1", "true", "{", "{\"storeId\"", " {\"a\":1} "));
    }

    @Property(tries = 3000)
    void bothPathsGiveTheSameAnswer(@ForAll("inputs") String input) {
        byte[] bytes = input.getBytes(StandardCharsets.UTF_8);

        assertThat(RequestParser.parse(bytes, 1 << 20)).as(input).isEqualTo(RequestParser.parseViaTree(bytes));
    }
}
