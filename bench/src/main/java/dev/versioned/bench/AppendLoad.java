package dev.versioned.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.versioned.schemas.ExpectedVersion;
import dev.versioned.schemas.NewEvent;
import dev.versioned.schemas.StreamAppend;
import dev.versioned.schemas.WireSerdes;
import java.util.List;
import java.util.Map;

/**
 * The pre-produced input of the streams part (f): {@code n} appends of one event each over {@value #STREAMS}
 * streams, round robin, each at the stream's exact expected version when it is decided ({@code -1} for a stream's
 * first append, then 0, 1, ...), so that every append applies. Each carries a correlation id and a reply topic, as
 * the gateway's requests do, and is keyed by its stream, as the gateway keys an append.
 *
 * <p>The event is a {@code Deposited} of about 100 bytes of JSON (type and data) and no id of its own (the processor derives
 * it from the stream, the idempotency key and the index, as for an append through the gateway without ids).
 */
final class AppendLoad {

    static final int STREAMS = 1_000;
    static final String TYPE = "Deposited";
    private static final String NOTE = "salary for november, ref 00000000";

    private AppendLoad() {}

    /** Stream i mod 1000: {@code account-0042}, of the category {@code account}. */
    static String stream(int i) {
        return String.format("account-%04d", i % STREAMS);
    }

    /**
     * The event's data, {@code {"amount":...,"currency":"EUR","note":...}}: 74 bytes of JSON, so that the event as
     * sent ({@code {"type":"Deposited","data":...}}) is about 100.
     */
    static ObjectNode data(long seq) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("amount", 100 + seq % 900);
        data.put("currency", "EUR");
        data.put("note", NOTE);
        return data;
    }

    /** The i-th append: stream i mod 1000, expected version i div 1000 - 1 (what the stream holds by then). */
    static StreamAppend append(int i) {
        return StreamAppend.of(
                stream(i), ExpectedVersion.of(i / STREAMS - 1L), "a-" + i, List.of(NewEvent.of(TYPE, data(i))));
    }

    /** Produces the appends, keyed by stream ({@link RequestLoad#produce}); returns records/s of producing. */
    static double produce(String bootstrap, String topic, String replyTopic, int n) {
        return RequestLoad.produce(bootstrap, topic, replyTopic, n, i -> {
            StreamAppend append = append(i);
            return Map.entry(append.stream(), WireSerdes.STREAM_APPEND.toBytes(append));
        });
    }
}
