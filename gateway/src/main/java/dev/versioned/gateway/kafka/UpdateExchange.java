package dev.versioned.gateway.kafka;

import dev.versioned.client.kafka.Outcome;
import dev.versioned.schemas.TransferRequest;
import dev.versioned.schemas.UpdateRequest;
import java.time.Duration;
import java.util.List;

/** Sends updates and waits for their outcomes, in request order. {@link RequestReplyClient} over Kafka. */
@FunctionalInterface
public interface UpdateExchange {
    List<Outcome> exchange(List<UpdateRequest> requests, Duration timeout);

    /**
     * Sends one transfer and waits for its outcome. An exchange that only carries updates (a resource test's)
     * does not override this, and refuses.
     */
    default Outcome exchange(TransferRequest transfer, Duration timeout) {
        throw new UnsupportedOperationException("this exchange carries updates only");
    }
}
