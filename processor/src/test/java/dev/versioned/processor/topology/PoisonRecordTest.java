package dev.versioned.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.schemas.DeadLetter;
import dev.versioned.schemas.DeadLetterReason;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.UpdateResult;
import dev.versioned.schemas.WireSerdes;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Records that cannot be accepted go to the dead-letter topic; the stream goes on. */
class PoisonRecordTest extends TopologySpec {

    private void thenTheStreamStillWorks() {
        fixture.results().readValuesToList(); // the poison record's own INVALID_REQUEST result
        UpdateResult next = fixture.decide(UpdateRequest.set("store-1", "SKU-OK", 1, 0, "after-poison"));
        assertThat(next.code()).isEqualTo(ResultCode.APPLIED);
    }

    @Test
    @DisplayName("unparseable bytes are dead-lettered as base64 with reason UNPARSEABLE, and answered INVALID_REQUEST")
    void unparseableBytes() {
        byte[] garbage = {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef};
        fixture.sendRaw("SKU-1", garbage, TopologyFixture.headers("c-bin", TopologyFixture.REPLY_TOPIC));

        DeadLetter letter = fixture.deadLetters().readValue();
        assertThat(letter.reason()).isEqualTo(DeadLetterReason.UNPARSEABLE);
        assertThat(letter.payloadEncoding()).isEqualTo("base64");
        assertThat(Base64.getDecoder().decode(letter.payload())).isEqualTo(garbage);
        assertThat(letter.topic()).isEqualTo(fixture.topics.requests());
        assertThat(letter.correlationId()).contains("c-bin");
        UpdateResult reply = fixture.replies().readValue();
        assertThat(reply.code()).isEqualTo(ResultCode.INVALID_REQUEST);
        assertThat(reply.correlationId()).contains("c-bin");
        assertThat(fixture.results().readValue().code()).isEqualTo(ResultCode.INVALID_REQUEST);
        thenTheStreamStillWorks();
    }

    @Test
    @DisplayName("a schema-invalid request is dead-lettered with reason SCHEMA_INVALID and its text kept")
    void schemaInvalid() {
        String json =
                "{\"storeId\":\"store-1\",\"productId\":\"SKU-1\",\"delta\":\"five\",\"version\":1,\"idempotencyKey\":\"k\"}";
        fixture.sendJson("SKU-1", json);

        DeadLetter letter = fixture.deadLetters().readValue();
        assertThat(letter.reason()).isEqualTo(DeadLetterReason.SCHEMA_INVALID);
        assertThat(letter.payload()).isEqualTo(json);
        assertThat(letter.message()).contains("delta");
        thenTheStreamStillWorks();
    }

    @Test
    @DisplayName("an oversized request is dead-lettered with reason OVERSIZED, its payload cut but its size kept")
    void oversized() {
        byte[] big = new byte[100_000];
        java.util.Arrays.fill(big, (byte) 'x');
        fixture.sendRaw("SKU-1", big, TopologyFixture.headers("c-big", null));

        DeadLetter letter = fixture.deadLetters().readValue();
        assertThat(letter.reason()).isEqualTo(DeadLetterReason.OVERSIZED);
        assertThat(letter.payloadBytes()).isEqualTo(100_000);
        assertThat(letter.payload().length()).isLessThanOrEqualTo(DeadLetters.MAX_PAYLOAD_BYTES);
        thenTheStreamStillWorks();
    }

    @Test
    @DisplayName("a request keyed by something other than its productId is dead-lettered with reason KEY_MISMATCH")
    void keyMismatch() {
        byte[] value = WireSerdes.UPDATE_REQUEST.toBytes(UpdateRequest.set("store-1", "SKU-1", 1, 0, "k"));
        fixture.sendRaw("not-the-product", value, TopologyFixture.headers("c-key", TopologyFixture.REPLY_TOPIC));

        assertThat(fixture.deadLetters().readValue().reason()).isEqualTo(DeadLetterReason.KEY_MISMATCH);
        UpdateResult reply = fixture.replies().readValue();
        assertThat(reply.code()).isEqualTo(ResultCode.INVALID_REQUEST);
        assertThat(reply.productId()).contains("SKU-1");
        assertThat(fixture.stored("store-1", "SKU-1")).as("nothing stored").isNull();
        thenTheStreamStillWorks();
    }

    @Test
    @DisplayName("a null key is a KEY_MISMATCH too")
    void nullKey() {
        byte[] value = WireSerdes.UPDATE_REQUEST.toBytes(UpdateRequest.set("store-1", "SKU-1", 1, 0, "k"));
        fixture.sendRaw(null, value, new RecordHeaders());

        assertThat(fixture.deadLetters().readValue().reason()).isEqualTo(DeadLetterReason.KEY_MISMATCH);
        thenTheStreamStillWorks();
    }

    @Test
    @DisplayName("a reply topic outside the reply prefix is INVALID_HEADER: nothing is sent there, nothing applied")
    void replyTopicOutsidePrefix() {
        byte[] value = WireSerdes.UPDATE_REQUEST.toBytes(UpdateRequest.set("store-1", "SKU-1", 1, 0, "k"));
        fixture.sendRaw("SKU-1", value, TopologyFixture.headers("c-hdr", fixture.topics.state()));

        assertThat(fixture.deadLetters().readValue().reason()).isEqualTo(DeadLetterReason.INVALID_HEADER);
        assertThat(fixture.results().readValue().code()).isEqualTo(ResultCode.INVALID_REQUEST);
        assertThat(fixture.state().isEmpty()).isTrue();
        thenTheStreamStillWorks();
    }

    @Test
    @DisplayName("a correlation id that is not UTF-8 text is INVALID_HEADER")
    void binaryCorrelationId() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("correlation-id", new byte[] {(byte) 0xff, (byte) 0xfe});
        byte[] value = WireSerdes.UPDATE_REQUEST.toBytes(UpdateRequest.set("store-1", "SKU-1", 1, 0, "k"));
        fixture.sendRaw("SKU-1", value, headers);

        DeadLetter letter = fixture.deadLetters().readValue();
        assertThat(letter.reason()).isEqualTo(DeadLetterReason.INVALID_HEADER);
        assertThat(letter.headers().get("correlation-id")).startsWith("base64:");
        thenTheStreamStillWorks();
    }

    @Test
    @DisplayName("a valid request produces no dead letter")
    void validRequestIsNotDeadLettered() {
        fixture.decide(UpdateRequest.set("store-1", "SKU-1", 1, 0, "k"));

        assertThat(fixture.deadLetters().isEmpty()).isTrue();
    }

    @Test
    @DisplayName("dead letters keep the original headers")
    void keepsHeaders() {
        fixture.sendRaw(
                "SKU-1",
                "{".getBytes(StandardCharsets.UTF_8),
                TopologyFixture.headers("c-h", TopologyFixture.REPLY_TOPIC));

        assertThat(fixture.deadLetters().readValue().headers())
                .containsEntry("correlation-id", "c-h")
                .containsEntry("reply-topic", TopologyFixture.REPLY_TOPIC);
    }
}
