package dev.versioned.processor.topology;

import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.UpdateRequest;
import java.util.HashMap;
import java.util.Map;

/**
 * The rules of conditional ADJUST written as plainly as possible, with no code shared with the
 * processor: the oracle of {@link InterleavingProperties}.
 */
final class ReferenceModel {

    record Outcome(ResultCode code, boolean replayed, long quantity, long version) {}

    private record Seen(long delta, long version, Outcome outcome) {}

    private final Map<String, long[]> records = new HashMap<>();
    private final Map<String, Seen> keys = new HashMap<>();

    Outcome apply(UpdateRequest request) {
        String record = request.storeId() + "|" + request.productId();
        long delta = request.delta().orElseThrow();
        long version = request.version().orElseThrow();
        Seen seen = keys.get(record + "|" + request.idempotencyKey());
        if (seen != null) {
            if (seen.delta() == delta && seen.version() == version) {
                Outcome first = seen.outcome();
                return new Outcome(first.code(), true, first.quantity(), first.version());
            }
            return new Outcome(ResultCode.IDEMPOTENCY_KEY_REUSED, false, 0, 0);
        }
        long[] state = records.computeIfAbsent(record, r -> new long[] {0, 0});
        Outcome outcome;
        if (version != state[1]) {
            outcome = new Outcome(ResultCode.VERSION_CONFLICT, false, state[0], state[1]);
        } else if (state[0] + delta < 0) {
            outcome = new Outcome(ResultCode.INSUFFICIENT_STOCK, false, state[0], state[1]);
        } else {
            state[0] += delta;
            state[1] += 1;
            outcome = new Outcome(ResultCode.APPLIED, false, state[0], state[1]);
        }
        keys.put(record + "|" + request.idempotencyKey(), new Seen(delta, version, outcome));
        return outcome;
    }
}
