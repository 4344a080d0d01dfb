package dev.versioned.client;

import dev.versioned.client.kafka.Outcome;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resend rules of a {@link RetryPolicy}, written once for updates, transfers and documents: an unknown
 * outcome is resent with the same key (safe: the service applies a key at most once), "nothing written" after a
 * backoff, until the outcome is definite or the deadline passes.
 */
final class Resends {

    private static final Logger LOG = LoggerFactory.getLogger(Resends.class);

    /** A definite answer and how many resends it took. */
    record Definite<T>(T answer, int resends) {}

    private final RetryPolicy policy;

    Resends(RetryPolicy policy) {
        this.policy = policy;
    }

    RetryPolicy policy() {
        return policy;
    }

    /** The deadline of a call starting now. */
    long deadline() {
        return policy.clock().nanoTime() + policy.deadline().toNanos();
    }

    /**
     * Sends until {@code definite} reads an answer from the outcome. Ends at the deadline with {@code unknown} if
     * any send may have been written, else {@link Unavailable}.
     */
    <T> Definite<T> until(
            Supplier<Outcome> sendOnce,
            Function<Outcome, Optional<T>> definite,
            String key,
            Function<String, OutcomeUnknown> unknownOutcome,
            long deadline) {
        boolean maybeWritten = false;
        for (int send = 1; ; send++) {
            Outcome outcome = sendOnce.get();
            Optional<T> answer = definite.apply(outcome);
            if (answer.isPresent()) {
                return new Definite<>(answer.get(), send - 1);
            }
            String reason;
            if (outcome instanceof Outcome.Unknown unknown) {
                maybeWritten = true;
                reason = unknown.reason();
            } else if (outcome instanceof Outcome.NotWritten notWritten) {
                reason = notWritten.reason();
            } else if (outcome instanceof Outcome.Shed shed) {
                reason = shed.reason();
            } else {
                throw new IllegalStateException("a decided outcome of another kind of request: " + outcome);
            }
            LOG.debug("send {} of key {} not decided ({}); resending", send, key, reason);
            Duration backoff = policy.wait(send, outcome.retryAfter());
            boolean unknown = maybeWritten;
            String why = reason;
            if (!fits(backoff, deadline)) {
                throw unknown
                        ? unknownOutcome.apply(why + " (deadline " + policy.deadline() + " reached)")
                        : new Unavailable(
                                "nothing was written: " + why + " (deadline " + policy.deadline() + " reached)");
            }
            sleep(
                    backoff,
                    () -> unknown
                            ? unknownOutcome.apply("interrupted")
                            : new Unavailable("interrupted; nothing was written"));
        }
    }

    /** Reads, reading again after a backoff while it is {@link Unavailable}, until the deadline. */
    <T> T read(Supplier<T> readOnce, long deadline) {
        for (int tries = 1; ; tries++) {
            try {
                return readOnce.get();
            } catch (Unavailable e) {
                Duration backoff = policy.wait(tries, e.retryAfter());
                if (!fits(backoff, deadline)) {
                    throw e;
                }
                sleep(backoff, () -> e);
            }
        }
    }

    boolean fits(Duration wait, long deadline) {
        return policy.clock().nanoTime() + wait.toNanos() < deadline;
    }

    void sleep(Duration wait, Supplier<? extends InventoryException> onInterrupt) {
        try {
            policy.clock().sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw onInterrupt.get();
        }
    }
}
