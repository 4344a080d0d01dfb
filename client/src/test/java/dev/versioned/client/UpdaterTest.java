package dev.versioned.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.versioned.client.kafka.Outcome;
import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.TransferRequest;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.UpdateResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The retry rules of {@link Updater} with a scripted transport and a fake clock: no real waiting, no
 * broker. The transport answers each send with the next scripted reaction and records what was sent.
 */
class UpdaterTest {

    private static final String STORE = "store-1";
    private static final String PRODUCT = "SKU-1";

    private final FakeClock clock = new FakeClock();
    private final ScriptedTransport transport = new ScriptedTransport();

    private Updater updater(int maxAttempts, Duration deadline) {
        return Updater.over(
                transport,
                RetryPolicy.builder()
                        .maxAttempts(maxAttempts)
                        .deadline(deadline)
                        .clock(clock)
                        .jitter(() -> 1.0)
                        .build());
    }

    @Test
    @DisplayName("an unknown outcome is resent with the same idempotency key until it is decided")
    void unknownIsResentWithSameKey() {
        // given a record at version 3 and two lost replies before the applied one
        transport.record = Optional.of(record(10, 3));
        transport.script(r -> new Outcome.Unknown("504"), r -> new Outcome.Unknown("timeout"), this::applied);
        // when adding 5
        Updated updated = updater(5, Duration.ofSeconds(30)).update(STORE, PRODUCT, (q, v) -> Change.delta(5), "op");
        // then three sends of one attempt, all with key op-a1 at version 3
        assertThat(transport.sent).extracting(UpdateRequest::idempotencyKey).containsExactly("op-a1", "op-a1", "op-a1");
        assertThat(transport.sent).extracting(r -> r.version().orElseThrow()).containsOnly(3L);
        assertThat(updated.attempts()).isEqualTo(1);
        assertThat(updated.resends()).isEqualTo(2);
        assertThat(updated.record().quantity()).isEqualTo(15);
    }

    @Test
    @DisplayName("a definite conflict starts a new attempt with a new key, computed from the conflict without a read")
    void conflictRecomputesFromConflict() {
        // given a record read at version 3, quantity 10, then changed by someone else to version 4, quantity 7
        transport.record = Optional.of(record(10, 3));
        transport.script(r -> conflict(r, 4, 7), this::applied);
        List<Long> seenQuantities = new ArrayList<>();
        // when doubling the quantity
        updater(5, Duration.ofSeconds(30))
                .update(
                        STORE,
                        PRODUCT,
                        (q, v) -> {
                            seenQuantities.add(q);
                            return Change.setTo(q * 2);
                        },
                        "op");
        // then the second attempt used the conflict's state, under key op-a2, and read only once
        assertThat(seenQuantities).containsExactly(10L, 7L);
        assertThat(transport.sent).extracting(UpdateRequest::idempotencyKey).containsExactly("op-a1", "op-a2");
        assertThat(transport.sent.get(1).quantity()).contains(14L);
        assertThat(transport.sent.get(1).version()).contains(4L);
        assertThat(transport.reads).isEqualTo(1);
    }

    @Test
    @DisplayName("attempts are bounded: the last conflict is thrown with the current state")
    void conflictsExhaustAttempts() {
        transport.record = Optional.of(record(10, 3));
        transport.script(r -> conflict(r, 4, 1), r -> conflict(r, 5, 2), r -> conflict(r, 6, 3));
        Updater updater = updater(3, Duration.ofSeconds(30));

        assertThatThrownBy(() -> updater.update(STORE, PRODUCT, (q, v) -> Change.delta(1), "op"))
                .isInstanceOfSatisfying(VersionConflict.class, e -> {
                    assertThat(e.currentVersion()).isEqualTo(6);
                    assertThat(e.currentQuantity()).isEqualTo(3);
                    assertThat(e.attempts()).isEqualTo(3);
                });
        assertThat(transport.sent).hasSize(3);
    }

    @Test
    @DisplayName("an outcome still unknown at the deadline is thrown with the key to resend with")
    void unknownUntilDeadline() {
        // given a transport whose every reply is lost
        transport.record = Optional.of(record(10, 3));
        transport.otherwise = r -> new Outcome.Unknown("504");
        Updater updater = updater(5, Duration.ofSeconds(10));
        // when / then
        assertThatThrownBy(() -> updater.update(STORE, PRODUCT, (q, v) -> Change.delta(1), "op"))
                .isInstanceOfSatisfying(OutcomeUnknown.class, e -> {
                    assertThat(e.idempotencyKey()).isEqualTo("op-a1");
                    assertThat(e.request().orElseThrow().delta()).contains(1L);
                });
        assertThat(transport.sent).extracting(UpdateRequest::idempotencyKey).containsOnly("op-a1");
        assertThat(clock.now).isLessThan(Duration.ofSeconds(10).toNanos());
    }

    @Test
    @DisplayName("an unreadable reply is unknown: resent with the same key, and at the deadline thrown with its reason")
    void givenUnreadableReplies_whenUpdating_thenSameKeyResentThenOutcomeUnknown() {
        transport.record = Optional.of(record(10, 3));
        transport.otherwise = r -> new Outcome.Unknown(
                "the processor's reply could not be read (bad JSON)", Outcome.Unknown.Kind.UNREADABLE_REPLY);

        assertThatThrownBy(
                        () -> updater(5, Duration.ofSeconds(5)).update(STORE, PRODUCT, (q, v) -> Change.delta(1), "op"))
                .isInstanceOfSatisfying(OutcomeUnknown.class, e -> {
                    assertThat(e.idempotencyKey()).isEqualTo("op-a1");
                    assertThat(e.getMessage()).contains("reply could not be read");
                });
        assertThat(transport.sent.size()).isGreaterThan(1);
        assertThat(transport.sent).extracting(UpdateRequest::idempotencyKey).containsOnly("op-a1");
    }

    @Test
    @DisplayName("a Retry-After longer than the backoff is waited; a shorter one leaves the backoff as it is")
    void retryAfterIsHonoured() {
        // given two sheds advising 1.5 s and 10 ms, then the decision
        transport.record = Optional.of(record(10, 3));
        transport.script(
                r -> new Outcome.Shed("429", Optional.of(Duration.ofMillis(1500))),
                r -> new Outcome.NotWritten("503", Optional.of(Duration.ofMillis(10))),
                this::applied);
        // when adding 5 (backoff ceilings 250 ms and 500 ms, jitter 1)
        updater(5, Duration.ofSeconds(30)).update(STORE, PRODUCT, (q, v) -> Change.delta(5), "op");
        // then the first wait is the advice, the second the backoff
        assertThat(clock.sleeps).containsExactly(Duration.ofMillis(1500), Duration.ofMillis(500));
    }

    @Test
    @DisplayName("a Retry-After above maxRetryAfter waits only maxRetryAfter")
    void retryAfterIsCapped() {
        // given an unknown outcome advising a day
        transport.record = Optional.of(record(10, 3));
        transport.script(
                r -> new Outcome.Unknown("504", Outcome.Unknown.Kind.NO_DECISION, Optional.of(Duration.ofDays(1))),
                this::applied);
        // when adding 5 with the default cap
        updater(5, Duration.ofSeconds(30)).update(STORE, PRODUCT, (q, v) -> Change.delta(5), "op");
        // then it waited the cap, and resent the same key
        assertThat(clock.sleeps).containsExactly(RetryPolicy.DEFAULT_MAX_RETRY_AFTER);
        assertThat(transport.sent).extracting(UpdateRequest::idempotencyKey).containsExactly("op-a1", "op-a1");
    }

    @Test
    @DisplayName("nothing written (429, 503) backs off and resends; until the deadline it ends as unavailable")
    void notWrittenUntilDeadline() {
        transport.record = Optional.of(record(10, 3));
        transport.otherwise = r -> new Outcome.NotWritten("503");
        Updater updater = updater(5, Duration.ofSeconds(5));

        assertThatThrownBy(() -> updater.update(STORE, PRODUCT, (q, v) -> Change.delta(1), "op"))
                .isInstanceOf(Unavailable.class);
        assertThat(transport.sent.size()).isGreaterThan(2);
        assertThat(clock.sleeps).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(RetryPolicy.DEFAULT_MAX_DELAY));
    }

    @Test
    @DisplayName("after an unknown outcome, a later 503 still ends as unknown: the first send may have been applied")
    void unknownThenNotWrittenIsUnknown() {
        transport.record = Optional.of(record(10, 3));
        transport.script(r -> new Outcome.Unknown("timeout"));
        transport.otherwise = r -> new Outcome.Shed("429");

        assertThatThrownBy(
                        () -> updater(5, Duration.ofSeconds(5)).update(STORE, PRODUCT, (q, v) -> Change.delta(1), "op"))
                .isInstanceOf(OutcomeUnknown.class);
    }

    @Test
    @DisplayName("the backoff grows exponentially from 250 ms, is capped, and is jittered within its ceiling")
    void backoffSchedule() {
        RetryPolicy policy = RetryPolicy.defaults();
        assertThat(policy.maxAttempts()).isEqualTo(5);
        assertThat(policy.baseDelay()).isEqualTo(Duration.ofMillis(250));
        assertThat(List.of(
                        policy.ceiling(1), policy.ceiling(2), policy.ceiling(3), policy.ceiling(4), policy.ceiling(9)))
                .containsExactly(
                        Duration.ofMillis(250),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(2));
        assertThat(policy.toBuilder().jitter(() -> 0.5).build().backoff(3)).isEqualTo(Duration.ofMillis(500));
        assertThat(policy.toBuilder().jitter(() -> 0.0).build().backoff(3)).isEqualTo(Duration.ZERO);
    }

    @Test
    @DisplayName("a change function that returns no change sends nothing")
    void noChangeSendsNothing() {
        transport.record = Optional.of(record(10, 3));
        Updated updated = updater(5, Duration.ofSeconds(30)).update(STORE, PRODUCT, (q, v) -> Change.none(), "op");
        assertThat(updated.changed()).isFalse();
        assertThat(updated.record().version()).isEqualTo(3);
        assertThat(transport.sent).isEmpty();
    }

    @Test
    @DisplayName("a record never written is created at version 0")
    void absentRecordIsCreated() {
        transport.script(this::applied);
        updater(5, Duration.ofSeconds(30)).update(STORE, PRODUCT, (q, v) -> Change.setTo(8), "op");
        assertThat(transport.sent.get(0).version()).contains(0L);
    }

    @Test
    @DisplayName("insufficient stock is thrown at once, without another attempt")
    void insufficientStockIsNotRetried() {
        transport.record = Optional.of(record(2, 3));
        transport.script(r -> new Outcome.Decided(
                UpdateResult.refused(r, Optional.empty(), ResultCode.INSUFFICIENT_STOCK, record(2, 3), "not enough")));
        assertThatThrownBy(() ->
                        updater(5, Duration.ofSeconds(30)).update(STORE, PRODUCT, (q, v) -> Change.delta(-5), "op"))
                .isInstanceOfSatisfying(
                        InsufficientStock.class,
                        e -> assertThat(e.currentQuantity()).isEqualTo(2));
        assertThat(transport.sent).hasSize(1);
    }

    @Test
    @DisplayName(
            "given a lost reply, then a conflict, then an applied answer, when updating, then the send listener sees every send with its attempt and send number")
    void givenUnknownThenConflict_whenUpdating_thenListenerSeesEverySend() {
        // given
        transport.record = Optional.of(record(10, 3));
        transport.script(r -> new Outcome.Unknown("504"), r -> conflict(r, 4, 7), this::applied);
        List<String> seen = new ArrayList<>();
        SendListener listener = new SendListener() {
            @Override
            public void sending(Send send) {
                seen.add("sending " + send.request().idempotencyKey() + " attempt " + send.attempt() + " send "
                        + send.send());
            }

            @Override
            public void sent(Send send, Outcome outcome) {
                seen.add("sent " + send.request().idempotencyKey() + " "
                        + outcome.getClass().getSimpleName() + (send.isResend() ? " (resend)" : ""));
            }
        };
        // when
        Updater.over(
                        transport,
                        RetryPolicy.builder().clock(clock).jitter(() -> 1.0).build(),
                        listener)
                .update(STORE, PRODUCT, (q, v) -> Change.delta(1), "op");
        // then
        assertThat(seen)
                .containsExactly(
                        "sending op-a1 attempt 1 send 1", "sent op-a1 Unknown",
                        "sending op-a1 attempt 1 send 2", "sent op-a1 Decided (resend)",
                        "sending op-a2 attempt 2 send 1", "sent op-a2 Decided");
    }

    @Test
    @DisplayName("given a send listener that throws, when updating, then the loop decides exactly as without it")
    void givenThrowingListener_whenUpdating_thenDecisionUnchanged() {
        // given
        transport.record = Optional.of(record(10, 3));
        transport.script(r -> new Outcome.Unknown("504"), this::applied);
        SendListener broken = new SendListener() {
            @Override
            public void sent(Send send, Outcome outcome) {
                throw new IllegalStateException("observer bug");
            }
        };
        // when
        Updated updated = Updater.over(
                        transport,
                        RetryPolicy.builder().clock(clock).jitter(() -> 1.0).build(),
                        broken)
                .update(STORE, PRODUCT, (q, v) -> Change.delta(1), "op");
        // then
        assertThat(updated.record().quantity()).isEqualTo(11);
        assertThat(updated.resends()).isEqualTo(1);
        assertThat(transport.sent).extracting(UpdateRequest::idempotencyKey).containsExactly("op-a1", "op-a1");
    }

    private Outcome applied(UpdateRequest r) {
        long base = transport.record.map(InventoryRecord::quantity).orElse(0L);
        long quantity = r.quantity().orElseGet(() -> base + r.delta().orElseThrow());
        return new Outcome.Decided(UpdateResult.applied(
                r,
                Optional.empty(),
                new InventoryRecord(STORE, PRODUCT, quantity, r.version().orElseThrow() + 1, Instant.EPOCH)));
    }

    private static Outcome conflict(UpdateRequest r, long version, long quantity) {
        return new Outcome.Decided(UpdateResult.refused(
                r, Optional.empty(), ResultCode.VERSION_CONFLICT, record(quantity, version), "conflict"));
    }

    private static InventoryRecord record(long quantity, long version) {
        return new InventoryRecord(STORE, PRODUCT, quantity, version, Instant.EPOCH);
    }

    private static final class ScriptedTransport implements Transport {
        Optional<InventoryRecord> record = Optional.empty();
        final Deque<Function<UpdateRequest, Outcome>> script = new ArrayDeque<>();
        Function<UpdateRequest, Outcome> otherwise = r -> {
            throw new AssertionError("unexpected send " + r);
        };
        final List<UpdateRequest> sent = new ArrayList<>();
        int reads;

        @SafeVarargs
        final void script(Function<UpdateRequest, Outcome>... reactions) {
            script.addAll(List.of(reactions));
        }

        @Override
        public Optional<InventoryRecord> read(String storeId, String productId) {
            reads++;
            return record;
        }

        @Override
        public Outcome send(UpdateRequest request) {
            sent.add(request);
            return (script.isEmpty() ? otherwise : script.poll()).apply(request);
        }

        final Deque<Function<TransferRequest, Outcome>> transfers = new ArrayDeque<>();
        final List<TransferRequest> sentTransfers = new ArrayList<>();

        @Override
        public Outcome send(TransferRequest transfer) {
            sentTransfers.add(transfer);
            return transfers.isEmpty()
                    ? new Outcome.Unknown("no reply")
                    : transfers.poll().apply(transfer);
        }
    }

    private static final TransferRequest MOVE = TransferRequest.of(
            PRODUCT,
            "move-1",
            List.of(TransferRequest.Item.adjust(STORE, -2, 3), TransferRequest.Item.adjust("store-2", 2, 5)));

    private static Outcome transferred(TransferRequest t) {
        List<UpdateResult> items = List.of(
                UpdateResult.applied(t.itemRequests().get(0), Optional.empty(), record(8, 4)),
                UpdateResult.applied(
                        t.itemRequests().get(1),
                        Optional.empty(),
                        new InventoryRecord("store-2", PRODUCT, 2, 6, Instant.EPOCH)));
        return new Outcome.Decided(UpdateResult.transfer(t, Optional.empty(), items));
    }

    @Test
    @DisplayName("a transfer whose reply is lost is resent unchanged, and its applied records are returned")
    void transferResentUntilDecided() {
        // given a transport that loses the first reply
        transport.transfers.add(t -> new Outcome.Unknown("504"));
        transport.transfers.add(UpdaterTest::transferred);
        // when
        Transferred done = updater(5, Duration.ofSeconds(10)).transfer(MOVE);
        // then
        assertThat(transport.sentTransfers).containsExactly(MOVE, MOVE);
        assertThat(done.resends()).isEqualTo(1);
        assertThat(done.records()).extracting(InventoryRecord::version).containsExactly(4L, 6L);
    }

    @Test
    @DisplayName("a refused transfer is thrown as TransferRefused with every item's reason")
    void transferRefused() {
        // given a transport that answers a conflict on the second item
        transport.transfers.add(t -> new Outcome.Decided(UpdateResult.transfer(
                t,
                Optional.empty(),
                List.of(
                        UpdateResult.refused(
                                t.itemRequests().get(0),
                                Optional.empty(),
                                ResultCode.TRANSFER_ABORTED,
                                record(10, 3),
                                "aborted"),
                        UpdateResult.refused(
                                t.itemRequests().get(1),
                                Optional.empty(),
                                ResultCode.VERSION_CONFLICT,
                                new InventoryRecord("store-2", PRODUCT, 1, 9, Instant.EPOCH),
                                "conflict")))));
        // when / then
        assertThatThrownBy(() -> updater(5, Duration.ofSeconds(10)).transfer(MOVE))
                .isInstanceOfSatisfying(TransferRefused.class, e -> {
                    assertThat(e.code()).isEqualTo(ResultCode.VERSION_CONFLICT);
                    assertThat(e.items())
                            .extracting(UpdateResult::code)
                            .containsExactly(ResultCode.TRANSFER_ABORTED, ResultCode.VERSION_CONFLICT);
                });
        assertThat(transport.sentTransfers).hasSize(1);
    }

    @Test
    @DisplayName("a transfer still unknown at the deadline is thrown with the transfer to resend")
    void transferUnknownUntilDeadline() {
        // given a transport whose every transfer reply is lost
        // when / then
        assertThatThrownBy(() -> updater(5, Duration.ofSeconds(10)).transfer(MOVE))
                .isInstanceOfSatisfying(OutcomeUnknown.class, e -> {
                    assertThat(e.transfer()).contains(MOVE);
                    assertThat(e.request()).isEmpty();
                    assertThat(e.idempotencyKey()).isEqualTo("move-1");
                });
    }

    @Test
    @DisplayName("an applied DELETE returns the record marked deleted")
    void deleteReturnsDeletedRecord() {
        // given a transport that applies whatever it is sent
        transport.otherwise = r -> new Outcome.Decided(UpdateResult.applied(
                r, Optional.empty(), new InventoryRecord(STORE, PRODUCT, 0, 4, Instant.EPOCH, true)));
        // when
        Updated deleted = updater(5, Duration.ofSeconds(10)).delete(STORE, PRODUCT, 3, "del-1");
        // then
        assertThat(deleted.record().deleted()).isTrue();
        assertThat(deleted.record().version()).isEqualTo(4);
        assertThat(transport.sent).containsExactly(UpdateRequest.delete(STORE, PRODUCT, 3, "del-1"));
    }
}
