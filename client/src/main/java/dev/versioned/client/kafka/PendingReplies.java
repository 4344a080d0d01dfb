package dev.versioned.client.kafka;

import dev.versioned.schemas.DocumentResult;
import dev.versioned.schemas.UpdateResult;
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
 * {@link Outcome.DocumentDecided}).
 */
public final class PendingReplies {

    /** What {@link #complete} did with a reply. */
    public enum Delivery {
        /** Handed to its waiting caller. */
        DELIVERED,
        /** Nobody waits for this correlation id (any more): late, or another instance's. */
        NOT_PENDING,
        /** Someone waits for this correlation id, but for another update: dropped, the caller keeps waiting. */
        REJECTED
    }

    private record Entry(CompletableFuture<Outcome> future, ExpectedReply expected) {}

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
     * update; otherwise the reply is dropped and the request keeps waiting.
     */
    public Delivery complete(String correlationId, UpdateResult result) {
        return complete(correlationId, new Outcome.Decided(result));
    }

    /** Delivers a document reply, if the request waiting under its correlation id asked about that document. */
    public Delivery complete(String correlationId, DocumentResult result) {
        return complete(correlationId, new Outcome.DocumentDecided(result));
    }

    private Delivery complete(String correlationId, Outcome decided) {
        Entry entry = pending.get(correlationId);
        if (entry == null) {
            return Delivery.NOT_PENDING;
        }
        if (!entry.expected().mismatches(decided).isEmpty()) {
            return Delivery.REJECTED;
        }
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
