package dev.versioned.client;

import dev.versioned.schemas.StreamEvent;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * How {@link Streams#update} turns a stream's events into the state a decision is made from: the state of a stream
 * without events, and the state after one more event. {@link Streams#update} folds each event once, in position
 * order, into the state it started from ({@link #initial()} is called once per call), so a mutable state is fine when
 * {@link #initial()} makes a new one each time.
 *
 * @param <S> the state
 */
public interface StreamFold<S> {

    /** The state of a stream without events. */
    S initial();

    /** The state after {@code event}, the stream's next one. */
    S apply(S state, StreamEvent event);

    /** A fold from an immutable initial state (a number, a record) and a step. */
    static <S> StreamFold<S> of(S initial, BiFunction<S, StreamEvent, S> step) {
        Objects.requireNonNull(step, "step");
        return new StreamFold<>() {
            @Override
            public S initial() {
                return initial;
            }

            @Override
            public S apply(S state, StreamEvent event) {
                return step.apply(state, event);
            }
        };
    }
}
