package dev.versioned.processor.documents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.versioned.schemas.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The test cases of RFC 7396, Appendix A: original, patch, result. */
class MergePatchTest {

    @ParameterizedTest(name = "{0} patched with {1} is {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"a\":\"b\"}          | {\"a\":\"c\"}             | {\"a\":\"c\"}",
                "{\"a\":\"b\"}          | {\"b\":\"c\"}             | {\"a\":\"b\",\"b\":\"c\"}",
                "{\"a\":\"b\"}          | {\"a\":null}              | {}",
                "{\"a\":\"b\",\"b\":\"c\"} | {\"a\":null}            | {\"b\":\"c\"}",
                "{\"a\":[\"b\"]}        | {\"a\":\"c\"}             | {\"a\":\"c\"}",
                "{\"a\":\"c\"}          | {\"a\":[\"b\"]}           | {\"a\":[\"b\"]}",
                "{\"a\":{\"b\":\"c\"}}  | {\"a\":{\"b\":\"d\",\"c\":null}} | {\"a\":{\"b\":\"d\"}}",
                "{\"a\":[{\"b\":\"c\"}]} | {\"a\":[1]}              | {\"a\":[1]}",
                "[\"a\",\"b\"]          | [\"c\",\"d\"]             | [\"c\",\"d\"]",
                "{\"a\":\"b\"}          | [\"c\"]                   | [\"c\"]",
                "{\"a\":\"foo\"}        | null                      | null",
                "{\"a\":\"foo\"}        | \"bar\"                   | \"bar\"",
                "{\"e\":null}           | {\"a\":1}                 | {\"e\":null,\"a\":1}",
                "[1,2]                  | {\"a\":\"b\",\"c\":null}  | {\"a\":\"b\"}",
                "{}                     | {\"a\":{\"bb\":{\"ccc\":null}}} | {\"a\":{\"bb\":{}}}"
            })
    void appliesAsTheRfcSays(String original, String patch, String result) {
        assertThat(MergePatch.apply(json(original), json(patch))).isEqualTo(json(result));
    }

    @org.junit.jupiter.api.Test
    @org.junit.jupiter.api.DisplayName("applying a patch changes neither the target nor the patch")
    void leavesItsArgumentsAlone() {
        JsonNode target = json("{\"a\":{\"b\":1}}");
        JsonNode patch = json("{\"a\":{\"b\":null,\"c\":2}}");

        MergePatch.apply(target, patch);

        assertThat(target).isEqualTo(json("{\"a\":{\"b\":1}}"));
        assertThat(patch).isEqualTo(json("{\"a\":{\"b\":null,\"c\":2}}"));
    }

    private static JsonNode json(String text) {
        try {
            return WireFormat.mapper().readTree(text.trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
