package dev.versioned.examples.projection;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.versioned.schemas.StreamEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Events as the processor writes them on the events topic. */
final class Events {

    private Events() {}

    static StreamEvent event(String stream, long position, String type, ObjectNode data) {
        return new StreamEvent(
                stream,
                position,
                UUID.randomUUID().toString(),
                type,
                data,
                Optional.empty(),
                Instant.now(),
                Optional.empty());
    }

    static StreamEvent opened(String stream, long position) {
        return event(stream, position, "Opened", JsonNodeFactory.instance.objectNode());
    }

    static StreamEvent deposited(String stream, long position, BigDecimal amount) {
        return event(stream, position, "Deposited", amount(amount));
    }

    static StreamEvent withdrawn(String stream, long position, BigDecimal amount) {
        return event(stream, position, "Withdrawn", amount(amount));
    }

    static ObjectNode amount(BigDecimal amount) {
        return JsonNodeFactory.instance.objectNode().put("amount", amount);
    }
}
