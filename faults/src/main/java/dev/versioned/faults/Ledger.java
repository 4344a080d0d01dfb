package dev.versioned.faults;

import dev.versioned.client.SendListener;
import dev.versioned.client.kafka.Outcome;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.UpdateResult;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the writers sent and what they were told: the claims the checker holds the topics to. Filled by a
 * {@link SendListener} on each writer's client, so it sees every send the shipped retry loop makes (first
 * sends, resends of the same key, new keys after a conflict) and every answer, replays included.
 */
final class Ledger {

    /** One request put on the wire by a writer's client: the key's attempt and which send of it. */
    record Sent(
            String storeId,
            String productId,
            String key,
            long delta,
            long version,
            int attempt,
            int send,
            boolean viaKafka) {
        String id() {
            return Checker.id(storeId, productId, key);
        }
    }

    /**
     * A definite answer a writer's client received for one send; -1 for a field the answer does not carry.
     * A replay carries the first decision of its key again.
     */
    record Answer(
            String storeId,
            String productId,
            String key,
            String code,
            boolean replayed,
            long newVersion,
            long newQuantity,
            long currentVersion,
            long currentQuantity,
            boolean viaKafka) {
        String id() {
            return Checker.id(storeId, productId, key);
        }
    }

    // per send
    final AtomicLong sends = new AtomicLong();
    final AtomicLong resends = new AtomicLong();
    final AtomicLong newKeysAfterConflict = new AtomicLong();
    final AtomicLong unknownOutcomes = new AtomicLong();
    final AtomicLong notWritten = new AtomicLong();
    final AtomicLong answered = new AtomicLong();
    final AtomicLong replays = new AtomicLong();
    final AtomicLong conflicts = new AtomicLong();
    // per operation (one call of update)
    final AtomicLong operations = new AtomicLong();
    final AtomicLong operationsApplied = new AtomicLong();
    final AtomicLong operationsConflicted = new AtomicLong();
    final AtomicLong operationsRefused = new AtomicLong();
    final AtomicLong operationsUnavailable = new AtomicLong();
    final Queue<Sent> sent = new ConcurrentLinkedQueue<>();
    final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
    final Queue<String> unresolved = new ConcurrentLinkedQueue<>();
    final Queue<String> unexpected = new ConcurrentLinkedQueue<>();

    /** Definite answers so far: the measure of progress under faults. */
    long decided() {
        return answered.get();
    }

    /** Records every send of a writer's client, and what each came to. */
    SendListener listener(boolean viaKafka) {
        return new SendListener() {
            @Override
            public void sending(Send send) {
                UpdateRequest r = send.request();
                sent.add(new Sent(
                        r.storeId(),
                        r.productId(),
                        r.idempotencyKey(),
                        r.delta().orElse(Long.MIN_VALUE),
                        r.version().orElse(-1L),
                        send.attempt(),
                        send.send(),
                        viaKafka));
                sends.incrementAndGet();
                if (send.isResend()) {
                    resends.incrementAndGet();
                } else if (send.attempt() > 1) {
                    newKeysAfterConflict.incrementAndGet();
                }
            }

            @Override
            public void sent(Send send, Outcome outcome) {
                if (outcome instanceof Outcome.Decided decided) {
                    answer(decided.result(), viaKafka);
                } else if (outcome instanceof Outcome.Unknown) {
                    unknownOutcomes.incrementAndGet();
                } else {
                    notWritten.incrementAndGet();
                }
            }
        };
    }

    private void answer(UpdateResult r, boolean viaKafka) {
        answers.add(new Answer(
                r.storeId().orElse("?"),
                r.productId().orElse("?"),
                r.idempotencyKey().orElse("?"),
                r.code().name(),
                r.replayed(),
                orNone(r.newVersion()),
                orNone(r.newQuantity()),
                orNone(r.currentVersion()),
                orNone(r.currentQuantity()),
                viaKafka));
        answered.incrementAndGet();
        if (r.replayed()) {
            replays.incrementAndGet();
        }
        if (r.code().name().equals("VERSION_CONFLICT")) {
            conflicts.incrementAndGet();
        }
    }

    private static long orNone(Optional<Long> value) {
        return value.orElse(-1L);
    }

    List<Sent> sentSnapshot() {
        return List.copyOf(sent);
    }

    List<Answer> answersSnapshot() {
        return List.copyOf(answers);
    }

    @Override
    public String toString() {
        return "operations=" + operations + " (applied=" + operationsApplied + " conflicted=" + operationsConflicted
                + " refused=" + operationsRefused + " unavailable=" + operationsUnavailable + ") sends=" + sends
                + " resends=" + resends + " newKeysAfterConflict=" + newKeysAfterConflict + " unknownOutcomes="
                + unknownOutcomes + " notWritten=" + notWritten + " answers=" + answered + " replays=" + replays
                + " conflicts=" + conflicts + " unresolved=" + unresolved.size() + " unexpected=" + unexpected.size();
    }
}
