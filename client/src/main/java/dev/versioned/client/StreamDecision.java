package dev.versioned.client;

import dev.versioned.schemas.NewEvent;
import java.util.List;

/**
 * What {@link Streams#update} should append, given the state folded from the stream and the version it was folded
 * at. Called again after a conflict, with the state that includes what another writer appended meanwhile: keep it a
 * pure function of its arguments. What it throws ends the call unchanged, with nothing appended by that attempt (a
 * business refusal, such as a withdrawal beyond the balance, is thrown from here).
 *
 * @param <S> the state
 */
@FunctionalInterface
public interface StreamDecision<S> {

    /**
     * The events to append at {@code version}, in order; an empty list when there is nothing to do.
     *
     * @param version the stream's version the state was folded at: its last event's position, {@code -1} when the
     *     stream has no events yet
     */
    List<NewEvent> decide(S state, long version);
}
