package dev.versioned.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The canonical text of a JSON tree: one text per JSON value, whatever its member order; values kept exactly. */
class CanonicalJsonTest {

    private static String canonical(String json) throws Exception {
        JsonNode node = WireFormat.mapper().readTree(json);
        StringBuilder out = new StringBuilder();
        CanonicalJson.write(node, out);
        return out.toString();
    }

    @Test
    void membersAreInNameOrderAtEveryDepthAndArraysKeepTheirs() throws Exception {
        assertThat(canonical("{\"b\":[3,1],\"a\":{\"y\":true,\"x\":null}}"))
                .isEqualTo("{\"a\":{\"x\":null,\"y\":true},\"b\":[3,1]}");
    }

    @Test
    void stringsAreEscapedAsJson() throws Exception {
        assertThat(canonical("{\"q\\\"\":\"line\\nbreak \\u0001 é\"}"))
                .isEqualTo("{\"q\\\"\":\"line\\nbreak \\u0001 é\"}");
    }

    @Test
    void numbersKeepTheirExactValueAndOneValueHasOneText() throws Exception {
        assertThat(canonical("[1,1.0,1.00,123456789012345678901234567890,0.1,1e400]"))
                .isEqualTo("[1,1,1,123456789012345678901234567890,0.1,1E+400]");
    }

    @Test
    void theSameEventsInAnotherMemberOrderHaveTheSameFingerprints() throws Exception {
        StreamAppend a = WireSerdes.STREAM_APPEND.fromBytes(
                "{\"stream\":\"s-1\",\"idempotencyKey\":\"k\",\"events\":[{\"type\":\"A\",\"data\":{\"x\":1,\"y\":[2]}}]}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        StreamAppend b = WireSerdes.STREAM_APPEND.fromBytes(
                "{\"events\":[{\"data\":{\"y\":[2],\"x\":1},\"type\":\"A\"}],\"idempotencyKey\":\"k\",\"stream\":\"s-1\"}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        StreamAppend other = WireSerdes.STREAM_APPEND.fromBytes(
                "{\"stream\":\"s-1\",\"idempotencyKey\":\"k\",\"events\":[{\"type\":\"A\",\"data\":{\"x\":1,\"y\":[2,3]}}]}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(Fingerprint.ofAppend(a, a.eventIds())).isEqualTo(Fingerprint.ofAppend(b, b.eventIds()));
        assertThat(Fingerprint.of(a)).isNotEqualTo(Fingerprint.of(other));
        assertThat(Fingerprint.ofEvents(a)).isNotEqualTo(Fingerprint.ofEvents(other));
    }
}
