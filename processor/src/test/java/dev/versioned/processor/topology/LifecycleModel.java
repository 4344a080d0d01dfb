package dev.versioned.processor.topology;

import dev.versioned.schemas.ResultCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of updates, soft deletes and transfers written as plainly as possible, with no code shared with
 * the processor: the oracle of {@link LifecycleProperties}. A request is described by plain values; its
 * "fingerprint" is its text.
 */
final class LifecycleModel {

    /** One change of one record: DELETE when {@code delete}, else an ADJUST by {@code delta}. */
    record Change(String store, String product, boolean delete, long delta, long version) {}

    /** What the model says of one record's change. */
    record Outcome(ResultCode code, boolean replayed, long quantity, long version) {}

    private static final class State {
        long quantity;
        long version;
        boolean deleted;
    }

    private record Seen(String fingerprint, Outcome outcome) {}

    private final Map<String, State> records = new HashMap<>();
    private final Map<String, Seen> keys = new HashMap<>();

    /** A single update or delete. */
    Outcome single(Change change, String key) {
        String record = change.store() + "|" + change.product();
        String fingerprint = "single " + change;
        Seen seen = keys.get(record + "|" + key);
        if (seen != null) {
            return seen.fingerprint().equals(fingerprint)
                    ? replay(seen.outcome())
                    : new Outcome(ResultCode.IDEMPOTENCY_KEY_REUSED, false, 0, 0);
        }
        Outcome outcome = decide(change);
        if (outcome.code() == ResultCode.APPLIED) {
            apply(change);
        }
        keys.put(record + "|" + key, new Seen(fingerprint, outcome));
        return outcome;
    }

    /** A transfer: the outcome of each item, in order. */
    List<Outcome> transfer(List<Change> items, String key) {
        String fingerprint = "transfer " + items;
        List<Seen> seen = new ArrayList<>();
        for (Change item : items) {
            seen.add(keys.get(item.store() + "|" + item.product() + "|" + key));
        }
        if (seen.stream().allMatch(s -> s != null && s.fingerprint().equals(fingerprint))) {
            return seen.stream().map(s -> replay(s.outcome())).toList();
        }
        if (seen.stream().anyMatch(s -> s != null)) {
            List<Outcome> refused = new ArrayList<>();
            for (Seen s : seen) {
                refused.add(new Outcome(
                        s != null && !s.fingerprint().equals(fingerprint)
                                ? ResultCode.IDEMPOTENCY_KEY_REUSED
                                : ResultCode.TRANSFER_ABORTED,
                        false,
                        0,
                        0));
            }
            return refused;
        }
        List<Outcome> alone = items.stream().map(this::decide).toList();
        boolean all = alone.stream().allMatch(o -> o.code() == ResultCode.APPLIED);
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Change item = items.get(i);
            Outcome outcome = alone.get(i);
            if (all) {
                apply(item);
            } else if (outcome.code() == ResultCode.APPLIED) {
                State state = state(item);
                outcome = new Outcome(ResultCode.TRANSFER_ABORTED, false, state.quantity, state.version);
            }
            outcomes.add(outcome);
            keys.put(item.store() + "|" + item.product() + "|" + key, new Seen(fingerprint, outcome));
        }
        return outcomes;
    }

    /** The record as the model has it: quantity, version, deleted. */
    long[] record(String store, String product) {
        State state = records.get(store + "|" + product);
        return state == null ? new long[] {0, 0, 0} : new long[] {state.quantity, state.version, state.deleted ? 1 : 0};
    }

    private Outcome decide(Change change) {
        State state = state(change);
        boolean exists = state.version > 0 && !state.deleted;
        if (change.delete()) {
            if (!exists) {
                return refused(ResultCode.NOT_FOUND, state);
            }
            if (change.version() != state.version) {
                return refused(ResultCode.VERSION_CONFLICT, state);
            }
            return new Outcome(ResultCode.APPLIED, false, 0, state.version + 1);
        }
        if (state.deleted && change.version() != state.version) {
            return refused(ResultCode.NOT_FOUND, state);
        }
        if (change.version() != state.version) {
            return refused(ResultCode.VERSION_CONFLICT, state);
        }
        long quantity = state.quantity + change.delta();
        if (quantity < 0) {
            return refused(ResultCode.INSUFFICIENT_STOCK, state);
        }
        return new Outcome(ResultCode.APPLIED, false, quantity, state.version + 1);
    }

    private void apply(Change change) {
        State state = state(change);
        Outcome outcome = decide(change);
        state.quantity = outcome.quantity();
        state.version = outcome.version();
        state.deleted = change.delete();
    }

    private State state(Change change) {
        return records.computeIfAbsent(change.store() + "|" + change.product(), r -> new State());
    }

    private static Outcome refused(ResultCode code, State state) {
        return new Outcome(code, false, state.quantity, state.version);
    }

    private static Outcome replay(Outcome first) {
        return new Outcome(first.code(), true, first.quantity(), first.version());
    }
}
