package dev.versioned.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.schemas.ReplyHeaders;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.UpdateResult;
import dev.versioned.schemas.WireSerdes;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Results go to the reply address a request carries, and always to the results topic. */
class ReplyRoutingTest extends TopologySpec {

    @Test
    @DisplayName(
            "the reply goes to the topic named in the reply-topic header, with the correlation id as header and field")
    void replyToHeaderTopic() {
        String otherGateway = "inventory.replies.gw-2";
        var replies2 = fixture.driver()
                .createOutputTopic(
                        otherGateway, Serdes.String().deserializer(), WireSerdes.UPDATE_RESULT.deserializer());
        byte[] value = WireSerdes.UPDATE_REQUEST.toBytes(UpdateRequest.set("store-1", "SKU-1", 3, 0, "k"));
        fixture.sendRaw("SKU-1", value, TopologyFixture.headers("c-77", otherGateway));

        TestRecord<String, UpdateResult> reply = replies2.readRecord();
        assertThat(reply.key()).isEqualTo("SKU-1");
        assertThat(reply.value().correlationId()).contains("c-77");
        assertThat(new String(
                        reply.headers().lastHeader(ReplyHeaders.CORRELATION_ID).value(), StandardCharsets.UTF_8))
                .isEqualTo("c-77");
        assertThat(reply.headers().lastHeader(ReplyHeaders.REPLY_TOPIC))
                .as("routing headers are not echoed")
                .isNull();
        assertThat(fixture.replies().isEmpty())
                .as("not sent to the other gateway's topic")
                .isTrue();
    }

    @Test
    @DisplayName("every outcome is on the results topic, keyed by productId, with its correlation id")
    void everyOutcomeOnResults() {
        String id = fixture.send(UpdateRequest.set("store-1", "SKU-1", 3, 0, "k"));

        TestRecord<String, UpdateResult> result = fixture.results().readRecord();
        assertThat(result.key()).isEqualTo("SKU-1");
        assertThat(result.value().correlationId()).contains(id);
    }

    @Test
    @DisplayName("a request without reply-topic (an upstream producer) gets its result on the results topic only")
    void noReplyAddress() {
        byte[] value = WireSerdes.UPDATE_REQUEST.toBytes(UpdateRequest.set("store-1", "SKU-1", 3, 0, "k"));
        fixture.sendRaw("SKU-1", value, TopologyFixture.headers("c-up", null));

        assertThat(fixture.results().readValue().correlationId()).contains("c-up");
        assertThat(fixture.replies().isEmpty()).isTrue();
    }

    @Test
    @DisplayName("a request without any header is decided and its result has no correlation id")
    void noHeadersAtAll() {
        byte[] value = WireSerdes.UPDATE_REQUEST.toBytes(UpdateRequest.set("store-1", "SKU-1", 3, 0, "k"));
        fixture.sendRaw("SKU-1", value, new RecordHeaders());

        UpdateResult result = fixture.results().readValue();
        assertThat(result.applied()).isTrue();
        assertThat(result.correlationId()).isEmpty();
    }

    @Test
    @DisplayName(
            "the router sends to the requested partition, and falls back to key partitioning when it does not exist")
    void partitionChoice() {
        ReplyRouter router = new ReplyRouter();
        EncodedResult any = EncodedResult.of(UpdateResult.rejected(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                dev.versioned.schemas.ResultCode.INVALID_REQUEST,
                "x"));
        Reply toTwo = new Reply(new ReplyAddress("inventory.replies.a", Optional.of(2)), any.json());
        Reply toNine = new Reply(new ReplyAddress("inventory.replies.a", Optional.of(9)), any.json());
        Reply unspecified = new Reply(new ReplyAddress("inventory.replies.a", Optional.empty()), any.json());

        assertThat(router.partitions("inventory.replies.a", "k", toTwo, 4)).contains(Set.of(2));
        assertThat(router.partitions("inventory.replies.a", "k", toNine, 4)).isEmpty();
        assertThat(router.partitions("inventory.replies.a", "k", unspecified, 4))
                .isEmpty();
        assertThat(router.extract("k", toTwo, null)).isEqualTo("inventory.replies.a");
    }

    @Test
    @DisplayName("a malformed reply-partition header is INVALID_HEADER")
    void badPartitionHeader() {
        RecordHeaders headers = TopologyFixture.headers("c-p", TopologyFixture.REPLY_TOPIC);
        headers.add(ReplyHeaders.REPLY_PARTITION, "two".getBytes(StandardCharsets.UTF_8));
        byte[] value = WireSerdes.UPDATE_REQUEST.toBytes(UpdateRequest.set("store-1", "SKU-1", 3, 0, "k"));
        fixture.sendRaw("SKU-1", value, headers);

        assertThat(fixture.deadLetters().readValue().message()).contains("reply-partition");
        assertThat(fixture.replies().readValue().code())
                .as("the reply topic itself was valid: the caller is told")
                .isEqualTo(dev.versioned.schemas.ResultCode.INVALID_REQUEST);
    }
}
