package dev.versioned.client.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.UpdateResult;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PendingRepliesTest {

    private static final UpdateResult RESULT = UpdateResult.rejected(
            Optional.of("s"),
            Optional.of("p"),
            Optional.of("k"),
            Optional.of("id"),
            ResultCode.VERSION_REQUIRED,
            "no version");
    private static final ReplyMatch ASKED = new ReplyMatch("s", "p", "k");
    /** Where the waiting requests were written, as the producer acknowledged. */
    private static final String AT = "3@42";

    private static final Optional<String> THERE = Optional.of(AT);

    @Test
    @DisplayName("a reply completes its waiting caller once; the later timeout loses")
    void replyWins() {
        PendingReplies pending = new PendingReplies(2);
        assertThat(pending.reserve(1)).isTrue();
        CompletableFuture<Outcome> future = pending.register("a", ASKED);
        pending.written("a", AT);
        assertThat(pending.complete("a", RESULT, THERE)).isEqualTo(PendingReplies.Delivery.DELIVERED);
        assertThat(pending.abandon("a")).isFalse();
        assertThat(future).isCompletedWithValue(new Outcome.Decided(RESULT));
        assertThat(pending.size()).isZero();
    }

    @Test
    @DisplayName("a timeout wins over a later reply, which is reported as late")
    void timeoutWins() {
        PendingReplies pending = new PendingReplies(2);
        pending.reserve(1);
        CompletableFuture<Outcome> future = pending.register("a", ASKED);
        assertThat(pending.abandon("a")).isTrue();
        assertThat(pending.complete("a", RESULT, THERE)).isEqualTo(PendingReplies.Delivery.NOT_PENDING);
        assertThat(future).isCancelled();
    }

    @Test
    @DisplayName("the bound refuses room beyond its capacity and gets it back when entries leave")
    void bounded() {
        PendingReplies pending = new PendingReplies(2);
        assertThat(pending.reserve(2)).isTrue();
        pending.register("a", ASKED);
        pending.register("b", ASKED);
        pending.written("a", AT);
        assertThat(pending.reserve(1)).isFalse();
        pending.complete("a", RESULT, THERE);
        assertThat(pending.reserve(1)).isTrue();
        assertThat(pending.reserve(1)).isFalse();
    }

    @Test
    @DisplayName("shutdown fails every waiting caller and frees the room")
    void failAll() {
        PendingReplies pending = new PendingReplies(3);
        pending.reserve(2);
        CompletableFuture<Outcome> a = pending.register("a", ASKED);
        CompletableFuture<Outcome> b = pending.register("b", ASKED);
        pending.failAll(new IllegalStateException("stopping"));
        assertThat(a).isCompletedExceptionally();
        assertThat(b).isCompletedExceptionally();
        assertThat(pending.size()).isZero();
        assertThat(pending.reserve(3)).isTrue();
    }

    @Test
    @DisplayName("a reply about another product with the waiting id is rejected, and the caller keeps waiting")
    void givenWaitingRequest_whenReplyNamesAnotherProduct_thenRejectedAndStillWaiting() {
        // given a request waiting under "a" for store s, product p, key k
        PendingReplies pending = new PendingReplies(2);
        CompletableFuture<Outcome> future = waitingUnderA(pending);
        // when a reply with id "a" about product q arrives
        PendingReplies.Delivery delivery = pending.complete("a", result("s", "q", "k"), THERE);
        // then it is rejected, the caller still waits and still holds its permit
        assertThat(delivery).isEqualTo(PendingReplies.Delivery.REJECTED);
        assertThat(future).isNotDone();
        assertThat(pending.size()).isEqualTo(1);
        assertThat(pending.available()).isEqualTo(1);
    }

    @Test
    @DisplayName("after a rejected reply, the genuine reply still completes the caller")
    void givenRejectedReply_whenGenuineReplyArrives_thenDelivered() {
        // given a waiting request that already saw a reply about another idempotency key
        PendingReplies pending = new PendingReplies(1);
        CompletableFuture<Outcome> future = waitingUnderA(pending);
        pending.complete("a", result("s", "p", "other-key"), THERE);
        // when its own reply arrives
        PendingReplies.Delivery delivery = pending.complete("a", RESULT, THERE);
        // then the caller gets it and the room is free again
        assertThat(delivery).isEqualTo(PendingReplies.Delivery.DELIVERED);
        assertThat(future).isCompletedWithValue(new Outcome.Decided(RESULT));
        assertThat(pending.available()).isEqualTo(1);
    }

    @Test
    @DisplayName("a rejected reply leaves the deadline in charge: the caller can still give up")
    void givenRejectedReply_whenDeadlinePasses_thenAbandonWins() {
        PendingReplies pending = new PendingReplies(1);
        CompletableFuture<Outcome> future = waitingUnderA(pending);
        pending.complete("a", result("other-store", "p", "k"), THERE);
        assertThat(pending.abandon("a")).isTrue();
        assertThat(future).isCancelled();
    }

    @Test
    @DisplayName("a reply naming the request's own fields but another position (a copy of it) is rejected")
    void givenWaitingRequest_whenReplyAnswersACopyAtAnotherPosition_thenRejectedAndStillWaiting() {
        // given a request waiting under "a", written at 3@42
        PendingReplies pending = new PendingReplies(1);
        CompletableFuture<Outcome> future = waitingUnderA(pending);
        // when a refusal of a copy of it (same id, store, product, key) read at 3@57 arrives, and one with no position
        PendingReplies.Delivery copy = pending.complete("a", RESULT, Optional.of("3@57"));
        PendingReplies.Delivery unnamed = pending.complete("a", RESULT, Optional.empty());
        // then both are rejected and the caller waits for its own
        assertThat(copy).isEqualTo(PendingReplies.Delivery.REJECTED);
        assertThat(unnamed).isEqualTo(PendingReplies.Delivery.REJECTED);
        assertThat(future).isNotDone();
        assertThat(pending.complete("a", RESULT, THERE)).isEqualTo(PendingReplies.Delivery.DELIVERED);
    }

    @Test
    @DisplayName("a reply arriving before the send's acknowledgement is held, then delivered if it names that position")
    void givenReplyBeforeAcknowledgement_whenWritten_thenHeldReplyJudgedByPosition() {
        // given a request registered but not yet acknowledged, and two replies for it: a copy's and its own
        PendingReplies pending = new PendingReplies(1);
        pending.reserve(1);
        CompletableFuture<Outcome> future = pending.register("a", ASKED);
        assertThat(pending.complete("a", RESULT, Optional.of("3@57"))).isEqualTo(PendingReplies.Delivery.HELD);
        assertThat(pending.complete("a", RESULT, THERE)).isEqualTo(PendingReplies.Delivery.HELD);
        assertThat(future).isNotDone();
        // when the producer acknowledges the request at 3@42
        int rejected = pending.written("a", AT);
        // then the copy's reply is rejected and the request's own answers it
        assertThat(rejected).isEqualTo(1);
        assertThat(future).isCompletedWithValue(new Outcome.Decided(RESULT));
        assertThat(pending.available()).isEqualTo(1);
    }

    /** A request for store s, product p, key k waiting under id "a", written at {@link #AT}. */
    private static CompletableFuture<Outcome> waitingUnderA(PendingReplies pending) {
        assertThat(pending.reserve(1)).isTrue();
        CompletableFuture<Outcome> future = pending.register("a", ASKED);
        pending.written("a", AT);
        return future;
    }

    private static UpdateResult result(String store, String product, String key) {
        return UpdateResult.rejected(
                Optional.of(store),
                Optional.of(product),
                Optional.of(key),
                Optional.of("a"),
                ResultCode.VERSION_REQUIRED,
                "no version");
    }
}
