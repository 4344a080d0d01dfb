package dev.versioned.client;

import dev.versioned.schemas.StreamEvent;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a {@link CategorySubscription} starts reading a partition of the events topic for which its consumer group
 * has no committed offset yet: at the beginning, at the end (only events appended from now on), or at given offsets.
 * Once the group has committed an offset for a partition, that offset wins: a restarted or added member goes on
 * where the group left off. To start again from a checkpoint of your own, subscribe under a new group id.
 */
public sealed interface Checkpoint {

    /** Every event the topic holds. */
    record Beginning() implements Checkpoint {}

    /** Only events appended after the subscription took the partition. */
    record End() implements Checkpoint {}

    /**
     * At these offsets, by partition; a partition not named starts at its beginning.
     *
     * @param offsets the offset of the first event to handle, by partition number
     */
    record Offsets(Map<Integer, Long> offsets) implements Checkpoint {
        public Offsets {
            offsets = Map.copyOf(offsets);
            offsets.forEach((partition, offset) -> {
                if (partition < 0 || offset < 0) {
                    throw new IllegalArgumentException(
                            "partitions and offsets are 0 or more: " + partition + "@" + offset);
                }
            });
        }
    }

    static Checkpoint beginning() {
        return new Beginning();
    }

    static Checkpoint end() {
        return new End();
    }

    /** At these offsets, by partition ({@link Offsets}). */
    static Checkpoint offsets(Map<Integer, Long> offsets) {
        return new Offsets(offsets);
    }

    /**
     * Just after the events at these {@link StreamEvent#globalPosition()}s ({@code <partition>@<offset>}), the last
     * ones a handler saw: each partition at its largest offset + 1.
     */
    static Checkpoint after(Collection<String> globalPositions) {
        Map<Integer, Long> next = new HashMap<>();
        for (String position : Objects.requireNonNull(globalPositions, "globalPositions")) {
            int at = position.indexOf('@');
            if (at < 1) {
                throw new IllegalArgumentException("a global position is <partition>@<offset>: " + position);
            }
            int partition = Integer.parseInt(position.substring(0, at));
            long offset = Long.parseLong(position.substring(at + 1));
            next.merge(partition, offset + 1, Math::max);
        }
        return new Offsets(next);
    }
}
