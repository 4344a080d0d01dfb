package dev.versioned.client.kafka;

import dev.versioned.schemas.DocumentResult;
import dev.versioned.schemas.StreamResult;
import dev.versioned.schemas.UpdateResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Requests waiting for their reply, by correlation id, bounded in number.
 *
 * <p>The discipline of spring-kafka's {@code ReplyingKafkaTemplate}: a future is registered before its
 * request is sent and removed if the send fails; exactly one {@code remove} decides between the reply
 * ({@link #complete}) and the caller's deadline ({@link #abandon}), so a reply is never both delivered and
 * timed out. A reply whose id is not pending any more is "late" (or another instance's): the caller
 * logs it. Each entry holds one permit of the bound, released when the entry is removed by anyone.
 *
 * <p>Each entry remembers what its request asked ({@link ExpectedReply}): a reply with its correlation id but
 * about another update or document, or of the other kind, is {@link Delivery#REJECTED} and leaves the entry
 * waiting, so a reply provoked by someone else's request cannot answer it; the genuine reply, or the deadline,
 * still can. A delivered reply completes the future with its decided outcome ({@link Outcome.Decided} or
 * {@link Outcome.DocumentDecided} or {@link Outcome.StreamDecided}).
 *
 * <p>A reply must also name where the request it answers was written ({@code request-position}, set by the
 * processor): a copy of the request, produced again with the same correlation id, store, product and key by
 * anyone who may write the requests topic, lies at another position, so its refusal cannot answer the original.
 * The position is known from the producer's acknowledgement ({@link #written}); a reply that arrives before it is
 * {@link Delivery#HELD} and judged then.
 */
public final class PendingReplies {

    /** What {@link #complete} did with a reply. */
    public enum Delivery {
        /** Handed to its waiting caller. */
        DELIVERED,
        /** Nobody waits for this correlation id (any more): late, or another instance's. */
        NOT_PENDING,
        /**
         * Someone waits for this correlation id, but for another request (another update, or a copy of the request
         * at another position): dropped, the caller keeps waiting.
         */
        REJECTED,
        /** Kept until the producer acknowledges where the request was written ({@link #written}). */
        HELD
    }

    /** A reply that arrived before its request's position was known. */
    private record Held(Outcome decided, Optional<String> position) {}

    private static final class Entry {
        final CompletableFuture<Outcome> future;
        final ExpectedReply expected;
        /** Where the request was written ({@code partition@offset}); null until the producer says. Guarded by this. */
        private String writtenAt;
        /** Replies that arrived before {@link #writtenAt} was known. Guarded by this. */
        private final List<Held> held = new ArrayList<>(1);

        Entry(CompletableFuture<Outcome> future, ExpectedReply expected) {
            this.future = future;
            this.expected = expected;
        }

        ExpectedReply expected() {
            return expected;
        }

        CompletableFuture<Outcome> future() {
            return future;
        }
    }

    private final Map<String, Entry> pending = new ConcurrentHashMap<>();
    private final Semaphore permits;
    private final int capacity;

    public PendingReplies(int capacity) {
        this.capacity = capacity;
        this.permits = new Semaphore(capacity);
    }

    /** Reserves room for {@code n} requests, all or nothing; false when the bound would be exceeded. */
    public boolean reserve(int n) {
        return permits.tryAcquire(n);
    }

    /** Gives back reserved room that was not used by {@link #register}. */
    public void unreserve(int n) {
        permits.release(n);
    }

    /** Registers a request for which room was reserved; only a reply that {@code expected} accepts completes it. */
    public CompletableFuture<Outcome> register(String correlationId, ExpectedReply expected) {
        CompletableFuture<Outcome> future = new CompletableFuture<>();
        if (pending.putIfAbsent(correlationId, new Entry(future, expected)) != null) {
            permits.release();
            throw new IllegalStateException("correlation id already pending: " + correlationId);
        }
        return future;
    }

    /**
     * Delivers a reply to the request waiting under its correlation id, if the reply is about that request's
     * update and names the position its request was written at; otherwise the reply is dropped and the request
     * keeps waiting.
     *
     * @param position the reply's {@code request-position}, if it has one
     */
    public Delivery complete(String correlationId, UpdateResult result, Optional<String> position) {
        return complete(correlationId, new Outcome.Decided(result), position);
    }

    /** Delivers a document reply, if the request waiting under its correlation id asked about that document. */
    public Delivery complete(String correlationId, DocumentResult result, Optional<String> position) {
        return complete(correlationId, new Outcome.DocumentDecided(result), position);
    }

    /** Delivers an append's reply, if the request waiting under its correlation id asked about that append. */
    public Delivery complete(String correlationId, StreamResult result, Optional<String> position) {
        return complete(correlationId, new Outcome.StreamDecided(result), position);
    }

    private Delivery complete(String correlationId, Outcome decided, Optional<String> position) {
        Entry entry = pending.get(correlationId);
        if (entry == null) {
            return Delivery.NOT_PENDING;
        }
        if (!entry.expected().mismatches(decided).isEmpty()) {
            return Delivery.REJECTED;
        }
        synchronized (entry) {
            if (entry.writtenAt == null) {
                entry.held.add(new Held(decided, position));
                return Delivery.HELD;
            }
            if (!position.map(entry.writtenAt::equals).orElse(false)) {
                return Delivery.REJECTED;
            }
        }
        return deliver(correlationId, entry, decided);
    }

    /**
     * The producer acknowledged the request waiting under {@code correlationId} at {@code position}: a reply held
     * until now is delivered if it names that position. Returns how many held replies named another (rejected).
     */
    public int written(String correlationId, String position) {
        Entry entry = pending.get(correlationId);
        if (entry == null) {
            return 0;
        }
        Optional<Outcome> answer = Optional.empty();
        int rejected = 0;
        synchronized (entry) {
            entry.writtenAt = position;
            for (Held held : entry.held) {
                if (answer.isEmpty() && held.position().map(position::equals).orElse(false)) {
                    answer = Optional.of(held.decided());
                } else {
                    rejected++;
                }
            }
            entry.held.clear();
        }
        answer.ifPresent(decided -> deliver(correlationId, entry, decided));
        return rejected;
    }

    private Delivery deliver(String correlationId, Entry entry, Outcome decided) {
        // remove(key, value): the deadline may have taken the entry since get()
        if (!pending.remove(correlationId, entry)) {
            return Delivery.NOT_PENDING;
        }
        permits.release();
        entry.future().complete(decided);
        return Delivery.DELIVERED;
    }

    /** What the request waiting under {@code correlationId} asked, while it waits. */
    public Optional<ExpectedReply> expected(String correlationId) {
        return Optional.ofNullable(pending.get(correlationId)).map(Entry::expected);
    }

    /** The caller gives up (deadline); true when it won the race, false when the reply won. */
    public boolean abandon(String correlationId) {
        Entry entry = pending.remove(correlationId);
        if (entry == null) {
            return false;
        }
        permits.release();
        entry.future().cancel(false);
        return true;
    }

    /** Fails one request (its send failed). */
    public void fail(String correlationId, Throwable cause) {
        Entry entry = pending.remove(correlationId);
        if (entry != null) {
            permits.release();
            entry.future().completeExceptionally(cause);
        }
    }

    /** Fails every waiting caller: the request/reply client is shutting down. */
    public void failAll(Throwable cause) {
        for (String id : pending.keySet()) {
            fail(id, cause);
        }
    }

    public int size() {
        return pending.size();
    }

    /** Permits neither reserved nor held by an entry. */
    public int available() {
        return permits.availablePermits();
    }

    public int capacity() {
        return capacity;
    }
}
