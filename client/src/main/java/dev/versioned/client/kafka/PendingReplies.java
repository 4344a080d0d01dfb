package dev.versioned.client.kafka;

import dev.versioned.schemas.UpdateResult;
import java.util.Map;
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
 */
public final class PendingReplies {

    private final Map<String, CompletableFuture<UpdateResult>> pending = new ConcurrentHashMap<>();
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

    /** Registers a request for which room was reserved. */
    public CompletableFuture<UpdateResult> register(String correlationId) {
        CompletableFuture<UpdateResult> future = new CompletableFuture<>();
        if (pending.putIfAbsent(correlationId, future) != null) {
            permits.release();
            throw new IllegalStateException("correlation id already pending: " + correlationId);
        }
        return future;
    }

    /** Delivers a reply; false when nobody waits for it any more (late, or not ours). */
    public boolean complete(String correlationId, UpdateResult result) {
        CompletableFuture<UpdateResult> future = pending.remove(correlationId);
        if (future == null) {
            return false;
        }
        permits.release();
        future.complete(result);
        return true;
    }

    /** The caller gives up (deadline); true when it won the race, false when the reply won. */
    public boolean abandon(String correlationId) {
        CompletableFuture<UpdateResult> future = pending.remove(correlationId);
        if (future == null) {
            return false;
        }
        permits.release();
        future.cancel(false);
        return true;
    }

    /** Fails one request (its send failed). */
    public void fail(String correlationId, Throwable cause) {
        CompletableFuture<UpdateResult> future = pending.remove(correlationId);
        if (future != null) {
            permits.release();
            future.completeExceptionally(cause);
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
