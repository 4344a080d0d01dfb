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

    @Test
    @DisplayName("a reply completes its waiting caller once; the later timeout loses")
    void replyWins() {
        PendingReplies pending = new PendingReplies(2);
        assertThat(pending.reserve(1)).isTrue();
        CompletableFuture<UpdateResult> future = pending.register("a");
        assertThat(pending.complete("a", RESULT)).isTrue();
        assertThat(pending.abandon("a")).isFalse();
        assertThat(future).isCompletedWithValue(RESULT);
        assertThat(pending.size()).isZero();
    }

    @Test
    @DisplayName("a timeout wins over a later reply, which is reported as late")
    void timeoutWins() {
        PendingReplies pending = new PendingReplies(2);
        pending.reserve(1);
        CompletableFuture<UpdateResult> future = pending.register("a");
        assertThat(pending.abandon("a")).isTrue();
        assertThat(pending.complete("a", RESULT)).isFalse();
        assertThat(future).isCancelled();
    }

    @Test
    @DisplayName("the bound refuses room beyond its capacity and gets it back when entries leave")
    void bounded() {
        PendingReplies pending = new PendingReplies(2);
        assertThat(pending.reserve(2)).isTrue();
        pending.register("a");
        pending.register("b");
        assertThat(pending.reserve(1)).isFalse();
        pending.complete("a", RESULT);
        assertThat(pending.reserve(1)).isTrue();
        assertThat(pending.reserve(1)).isFalse();
    }

    @Test
    @DisplayName("shutdown fails every waiting caller and frees the room")
    void failAll() {
        PendingReplies pending = new PendingReplies(3);
        pending.reserve(2);
        CompletableFuture<UpdateResult> a = pending.register("a");
        CompletableFuture<UpdateResult> b = pending.register("b");
        pending.failAll(new IllegalStateException("stopping"));
        assertThat(a).isCompletedExceptionally();
        assertThat(b).isCompletedExceptionally();
        assertThat(pending.size()).isZero();
        assertThat(pending.reserve(3)).isTrue();
    }
}
