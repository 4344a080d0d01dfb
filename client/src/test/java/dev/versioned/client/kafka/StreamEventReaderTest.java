package dev.versioned.client.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.schemas.KeyPartitions;
import dev.versioned.schemas.StreamEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link StreamEventReader} on the real broker: events written to a 3-partition events topic as the processor writes
 * them (key = the stream, on the partition of its name, in position order), interleaved with other streams'.
 */
class StreamEventReaderTest {

    private final EventsTopic events = new EventsTopic(3);
    private final StreamEventReader reader = new StreamEventReader(events.clients, events.name, Duration.ofSeconds(30));

    @AfterEach
    void close() {
        reader.close();
    }

    @Test
    @DisplayName("given interleaved streams, a forward read returns the stream's events from a position, with their"
            + " global positions")
    void forward() throws Exception {
        // given
        events.append("account-1", "account-2", "account-1", "order-1", "account-1", "account-2");
        // when
        StreamEventReader.Slice slice = reader.read("account-1", 1, 10, true);
        // then
        assertThat(slice.version()).contains(2L);
        assertThat(slice.events()).extracting(StreamEvent::position).containsExactly(1L, 2L);
        assertThat(slice.events()).allSatisfy(event -> {
            assertThat(event.stream()).isEqualTo("account-1");
            assertThat(event.globalPosition())
                    .hasValueSatisfying(
                            global -> assertThat(global).startsWith(KeyPartitions.partitionOf("account-1", 3) + "@"));
        });
    }

    @Test
    @DisplayName("given a stream, a backward read goes down from a position, at most limit events")
    void backward() throws Exception {
        events.append("account-3", "account-3", "account-3", "account-3");

        StreamEventReader.Slice slice = reader.read("account-3", Long.MAX_VALUE, 3, false);

        assertThat(slice.events()).extracting(StreamEvent::position).containsExactly(3L, 2L, 1L);
    }

    @Test
    @DisplayName("given a read, events appended after it are seen by the next read and version")
    void laterAppendsSeen() throws Exception {
        events.append("account-4");
        assertThat(reader.version("account-4")).contains(0L);

        events.append("account-4", "account-4");

        assertThat(reader.version("account-4")).contains(2L);
        assertThat(reader.read("account-4", 0, 10, true).events()).hasSize(3);
    }

    @Test
    @DisplayName("a stream without events has no version and an empty read")
    void noStream() {
        assertThat(reader.version("account-none")).isEmpty();
        assertThat(reader.read("account-none", 0, 10, true).events()).isEmpty();
    }

    @Test
    @DisplayName("the position is read from an event's JSON without reading the rest")
    void positionOnly() {
        byte[] json = "{\"stream\":\"a-1\",\"data\":{\"position\":9,\"x\":[1,{\"position\":8}]},\"position\":4}"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(StreamEventReader.position(json)).contains(4L);
        assertThat(StreamEventReader.position("[]".getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
    }
}
