package dev.versioned.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RequestParserTest {

    private static ParsedRequest parse(String json) {
        return RequestParser.parse(json.getBytes(StandardCharsets.UTF_8), 1_024);
    }

    @Test
    @DisplayName("a value over the size limit is OVERSIZED, before any parsing")
    void oversized() {
        byte[] big = new byte[1_025];
        assertThat(RequestParser.parse(big, 1_024))
                .isInstanceOfSatisfying(
                        ParsedRequest.Invalid.class,
                        invalid -> assertThat(invalid.reason()).isEqualTo(DeadLetterReason.OVERSIZED));
    }

    @Test
    @DisplayName("bytes that are not JSON are UNPARSEABLE")
    void unparseable() {
        assertThat(RequestParser.parse(new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef}, 1_024))
                .isInstanceOfSatisfying(
                        ParsedRequest.Invalid.class,
                        invalid -> assertThat(invalid.reason()).isEqualTo(DeadLetterReason.UNPARSEABLE));
        assertThat(RequestParser.parse(new byte[0], 1_024)).isInstanceOf(ParsedRequest.Invalid.class);
    }

    @Test
    @DisplayName("a schema-invalid request keeps the ids it carried, so its rejection can name the record")
    void invalidKeepsIds() {
        assertThat(parse("{\"storeId\":\"s\",\"productId\":\"p\",\"idempotencyKey\":\"k\",\"version\":1}"))
                .isInstanceOfSatisfying(ParsedRequest.Invalid.class, invalid -> {
                    assertThat(invalid.reason()).isEqualTo(DeadLetterReason.SCHEMA_INVALID);
                    assertThat(invalid.message()).contains("exactly one of delta");
                    assertThat(invalid.productId()).contains("p");
                    assertThat(invalid.storeId()).contains("s");
                    assertThat(invalid.idempotencyKey()).contains("k");
                });
    }

    @Test
    @DisplayName("a fractional delta is refused rather than truncated")
    void fractionalDelta() {
        assertThat(parse(
                        "{\"storeId\":\"s\",\"productId\":\"p\",\"idempotencyKey\":\"k\",\"delta\":1.5,\"version\":1}"))
                .isInstanceOfSatisfying(
                        ParsedRequest.Invalid.class,
                        invalid -> assertThat(invalid.message()).contains("delta"));
    }

    @Test
    @DisplayName("a duplicated field is refused rather than last-one-wins")
    void duplicateField() {
        assertThat(
                        parse(
                                "{\"storeId\":\"s\",\"productId\":\"p\",\"idempotencyKey\":\"k\",\"delta\":1,\"delta\":9,\"version\":1}"))
                .isInstanceOf(ParsedRequest.Invalid.class);
    }

    @Test
    @DisplayName("the operation is implied by which amount is present")
    void impliedOperation() {
        assertThat(
                        parse(
                                "{\"storeId\":\"s\",\"productId\":\"p\",\"idempotencyKey\":\"k\",\"quantity\":3,\"version\":1}"))
                .isInstanceOfSatisfying(
                        ParsedRequest.Valid.class,
                        valid ->
                                assertThat(valid.request().effectiveOperation()).isEqualTo(Operation.SET));
    }

    private static ParsedRequest parseAny(String json) {
        return RequestParser.parseAny(json.getBytes(StandardCharsets.UTF_8), 1_024, 4_096);
    }

    @Test
    @DisplayName("a request with a collection member is a document request, whatever else it carries")
    void collectionMarksADocumentRequest() {
        assertThat(parseAny("{\"collection\":\"wallets\",\"id\":\"w-1\",\"operation\":\"DELETE\","
                        + "\"version\":2,\"idempotencyKey\":\"k\"}"))
                .isInstanceOf(ParsedRequest.ValidDocument.class);
        assertThat(parseAny("{\"collection\":\"wallets\",\"storeId\":\"s\",\"productId\":\"p\",\"quantity\":1,"
                        + "\"version\":0,\"idempotencyKey\":\"k\"}"))
                .isInstanceOfSatisfying(
                        ParsedRequest.InvalidDocument.class,
                        invalid -> assertThat(invalid.collection()).contains("wallets"));
    }

    @Test
    @DisplayName("a document request may be larger than an update's limit, up to the document limit")
    void documentRequestsHaveTheirOwnLimit() {
        String name = "x".repeat(2_000);
        String put = "{\"collection\":\"customers\",\"id\":\"c-1\",\"operation\":\"PUT\",\"version\":0,"
                + "\"idempotencyKey\":\"k\",\"document\":{\"name\":\"" + name + "\"}}";

        assertThat(parseAny(put)).isInstanceOf(ParsedRequest.ValidDocument.class);
        assertThat(RequestParser.parseAny(put.getBytes(StandardCharsets.UTF_8), 1_024, 2_048))
                .isInstanceOfSatisfying(
                        ParsedRequest.Invalid.class,
                        invalid -> assertThat(invalid.reason()).isEqualTo(DeadLetterReason.OVERSIZED));
    }
}
