package dev.versioned.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How the requests topic's parser reads appends: every expectation form, every field rule, the kinds told apart. */
class StreamAppendParsingTest {

    private static final int LIMIT = 65_536;

    private static ParsedRequest parse(String json) {
        return RequestParser.parseAny(json.getBytes(StandardCharsets.UTF_8), 4_096, LIMIT, LIMIT);
    }

    private static String append(String expected, String events) {
        return "{\"stream\":\"account-1\"," + (expected == null ? "" : "\"expectedVersion\":" + expected + ",")
                + "\"idempotencyKey\":\"k1\",\"events\":" + events + "}";
    }

    private static final String ONE = "[{\"type\":\"Opened\",\"data\":{}}]";

    @ParameterizedTest
    @CsvSource({"3,3", "0,0", "-1,-1", "'\"any\"',any", "'\"exists\"',exists"})
    void everyExpectationFormIsRead(String wire, String text) {
        ParsedRequest parsed = parse(append(wire, ONE));

        assertThat(parsed).isInstanceOf(ParsedRequest.ValidAppend.class);
        assertThat(((ParsedRequest.ValidAppend) parsed).append().expected().text())
                .isEqualTo(text);
    }

    @Test
    void anAbsentExpectationIsAny() {
        ParsedRequest parsed = parse(append(null, ONE));

        assertThat(((ParsedRequest.ValidAppend) parsed).append().expected()).isEqualTo(ExpectedVersion.ANY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"latest\"", "\"3\"", "-2", "1.0", "true", "{}", "99999999999999999999"})
    void anyOtherExpectationIsRefusedNamingTheAcceptedForms(String wire) {
        ParsedRequest parsed = parse(append(wire, ONE));

        assertThat(parsed).isInstanceOf(ParsedRequest.InvalidAppend.class);
        ParsedRequest.InvalidAppend invalid = (ParsedRequest.InvalidAppend) parsed;
        assertThat(invalid.message()).contains("expectedVersion");
        assertThat(invalid.stream()).contains("account-1");
        assertThat(invalid.idempotencyKey()).contains("k1");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "[]|events is required",
                "[{\"data\":{}}]|events[0].type is required",
                "[{\"type\":\"a b\",\"data\":{}}]|events[0].type must be",
                "[{\"type\":\"A\"}]|events[0].data is required",
                "[{\"type\":\"A\",\"data\":[1]}]|events[0].data must be a JSON object",
                "[{\"type\":\"A\",\"data\":{},\"metadata\":3}]|events[0].metadata must be a JSON object",
                "[{\"type\":\"A\",\"data\":{},\"id\":\"not-a-uuid\"}]|events[0].id must be a UUID",
                "[{\"type\":\"A\",\"data\":{},\"id\":7}]|events[0].id must be a string",
                "[5]|events[0] must be a JSON object",
                "{}|events must be an array"
            })
    void aMalformedEventIsRefusedNamingItsMember(String events, String message) {
        ParsedRequest parsed = parse(append("0", events));

        assertThat(parsed).isInstanceOf(ParsedRequest.InvalidAppend.class);
        assertThat(((ParsedRequest.InvalidAppend) parsed).message()).contains(message);
    }

    @Test
    void twoEventsWithOneIdAreRefused() {
        String id = "6f1c0d1e-0000-4000-8000-000000000001";
        ParsedRequest parsed = parse(append(
                "0",
                "[{\"type\":\"A\",\"data\":{},\"id\":\"" + id + "\"},{\"type\":\"B\",\"data\":{},\"id\":\""
                        + id.toUpperCase() + "\"}]"));

        assertThat(((ParsedRequest.InvalidAppend) parsed).message()).contains("events[1].id repeats");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-account", "a b", "", "a/b"})
    void aStreamNameOutsideTheRulesIsRefused(String stream) {
        ParsedRequest parsed = parse("{\"stream\":\"" + stream + "\",\"idempotencyKey\":\"k\",\"events\":" + ONE + "}");

        assertThat(((ParsedRequest.InvalidAppend) parsed).message()).contains("stream must be");
    }

    @Test
    void theCategoryIsWhatPrecedesTheFirstDash() {
        assertThat(StreamAppend.categoryOf("account-42-b")).isEqualTo("account");
        assertThat(StreamAppend.categoryOf("ledger")).isEqualTo("ledger");
    }

    @Test
    void anAppendWhoseEventDataNamesACollectionIsStillAnAppend() {
        ParsedRequest parsed = parse(append("0", "[{\"type\":\"A\",\"data\":{\"collection\":\"wallets\"}}]"));

        assertThat(parsed).isInstanceOf(ParsedRequest.ValidAppend.class);
    }

    @Test
    void aDocumentWhoseBodyNamesAStreamIsStillADocumentRequest() {
        ParsedRequest parsed = parse("{\"collection\":\"wallets\",\"id\":\"w1\",\"operation\":\"PUT\",\"version\":0,"
                + "\"idempotencyKey\":\"k\",\"document\":{\"stream\":\"x\"}}");

        assertThat(parsed).isInstanceOf(ParsedRequest.ValidDocument.class);
    }

    @Test
    void anAppendOverItsLimitIsOversizedAndStillNamesItsStream() {
        String big = append("0", "[{\"type\":\"A\",\"data\":{\"t\":\"" + "x".repeat(62_000) + "\"}}]");

        ParsedRequest parsed = RequestParser.parseAny(big.getBytes(StandardCharsets.UTF_8), 4_096, LIMIT, 100_000);
        ParsedRequest over = RequestParser.parseAny(big.getBytes(StandardCharsets.UTF_8), 4_096, LIMIT, 60_000);

        assertThat(parsed).isInstanceOf(ParsedRequest.ValidAppend.class);
        assertThat(over).isInstanceOf(ParsedRequest.InvalidAppend.class);
        assertThat(((ParsedRequest.InvalidAppend) over).reason()).isEqualTo(DeadLetterReason.OVERSIZED);
        assertThat(((ParsedRequest.InvalidAppend) over).stream()).contains("account-1");
    }

    @Test
    void anAppendOverEveryLimitIsOversizedUnreadButStillAnAppend() {
        String big = append("0", "[{\"type\":\"A\",\"data\":{\"t\":\"" + "x".repeat(70_000) + "\"}}]");

        ParsedRequest over = RequestParser.parseAny(big.getBytes(StandardCharsets.UTF_8), 4_096, LIMIT, 60_000);

        assertThat(over).isInstanceOf(ParsedRequest.InvalidAppend.class);
        assertThat(((ParsedRequest.InvalidAppend) over).reason()).isEqualTo(DeadLetterReason.OVERSIZED);
    }

    @Test
    void theFingerprintTellsAResendFromAnotherAppendAndIgnoresMemberOrder() {
        StreamAppend a = ((ParsedRequest.ValidAppend)
                        parse(append("0", "[{\"type\":\"A\",\"data\":{\"x\":1,\"y\":2}}]")))
                .append();
        StreamAppend reordered = ((ParsedRequest.ValidAppend)
                        parse(append("0", "[{\"type\":\"A\",\"data\":{\"y\":2,\"x\":1}}]")))
                .append();
        StreamAppend other = ((ParsedRequest.ValidAppend)
                        parse(append("1", "[{\"type\":\"A\",\"data\":{\"x\":1,\"y\":2}}]")))
                .append();

        assertThat(Fingerprint.of(a)).isEqualTo(Fingerprint.of(reordered));
        assertThat(Fingerprint.of(a)).isNotEqualTo(Fingerprint.of(other));
        assertThat(Fingerprint.ofEvents(a)).isEqualTo(Fingerprint.ofEvents(other));
    }
}
