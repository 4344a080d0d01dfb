package dev.versioned.client.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.versioned.client.Appended;
import dev.versioned.client.InventoryClient;
import dev.versioned.client.KafkaInventory;
import dev.versioned.client.OutcomeUnknown;
import dev.versioned.client.RetryPolicy;
import dev.versioned.client.SendListener;
import dev.versioned.client.StreamDecision;
import dev.versioned.client.StreamFold;
import dev.versioned.client.StreamPage;
import dev.versioned.client.StreamVersionConflict;
import dev.versioned.client.Streams;
import dev.versioned.client.kafka.Outcome;
import dev.versioned.schemas.ExpectedVersion;
import dev.versioned.schemas.NewEvent;
import dev.versioned.schemas.StreamEvent;
import dev.versioned.schemas.WireFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Event streams through the shipped clients, over HTTP and straight over Kafka, on the real stack (broker, processor,
 * gateway): the seed's bank account, concurrent writers, reads, and a resend after an unknown outcome.
 */
class StreamsClientTest extends OnDefaultStack {

    private static KafkaInventory kafka;

    @BeforeAll
    static void startKafkaClient() throws Exception {
        kafka = KafkaInventory.builder()
                .bootstrapServers(stack.bootstrapServers())
                .instanceId("it-streams")
                .start();
    }

    @AfterAll
    static void stopKafkaClient() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static Streams http() {
        return http(SendListener.NONE);
    }

    private static Streams http(SendListener listener) {
        return InventoryClient.builder()
                .baseUri(stack.http())
                .apiKey(RunningStack.STORE_1_KEY) // its categories: account
                .sendListener(listener)
                .buildStreams();
    }

    /** An account's balance: deposits add, withdrawals take away. */
    static final StreamFold<Long> BALANCE = StreamFold.of(0L, (balance, event) -> switch (event.type()) {
        case "Deposited" -> balance + event.data().path("amount").asLong();
        case "Withdrawn" -> balance - event.data().path("amount").asLong();
        default -> balance;
    });

    static NewEvent event(String type, long amount) {
        return NewEvent.of(type, WireFormat.mapper().createObjectNode().put("amount", amount));
    }

    private static String account() {
        return "account-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The balance folded from the whole stream, read page by page. */
    private static long balance(Streams streams, String stream) {
        long balance = BALANCE.initial();
        for (Iterator<StreamEvent> events = streams.events(stream, 0, Streams.Direction.FORWARD); events.hasNext(); ) {
            balance = BALANCE.apply(balance, events.next());
        }
        return balance;
    }

    @Test
    @DisplayName("two concurrent deposits to account-1 decided at the same version: one appends, one meets a conflict,"
            + " and after the update's retry the balance is the sum")
    void concurrentDepositsAddUp() throws Exception {
        // given account-1 opened with 100, and a listener that files every append's outcome
        List<String> outcomes = new CopyOnWriteArrayList<>();
        Streams streams = http(new SendListener() {
            @Override
            public void sent(AppendSend send, Outcome outcome) {
                outcomes.add(
                        outcome instanceof Outcome.StreamDecided decided
                                ? decided.result().code().name()
                                : outcome.getClass().getSimpleName());
            }
        });
        streams.append("account-1", ExpectedVersion.NO_STREAM, List.of(event("Deposited", 100)));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> streams.version("account-1").isPresent());

        // when two writers deposit 20 and 30, each deciding at version 0 before either appends
        CyclicBarrier bothDecided = new CyclicBarrier(2);
        CompletableFuture<Appended> twenty =
                CompletableFuture.supplyAsync(() -> streams.update("account-1", BALANCE, afterBoth(bothDecided, 20)));
        CompletableFuture<Appended> thirty =
                CompletableFuture.supplyAsync(() -> streams.update("account-1", BALANCE, afterBoth(bothDecided, 30)));
        List<Appended> done = List.of(twenty.get(60, TimeUnit.SECONDS), thirty.get(60, TimeUnit.SECONDS));

        // then one appended at its first attempt, the other after one conflict
        assertThat(done).extracting(Appended::attempts).containsExactlyInAnyOrder(1, 2);
        assertThat(outcomes).containsExactlyInAnyOrder("APPLIED", "APPLIED", "STREAM_VERSION_CONFLICT", "APPLIED");
        // and the balance is the sum of all three deposits, at version 2
        assertThat(streams.read("account-1", 0, 10, Streams.Direction.FORWARD, 2)
                        .version())
                .contains(2L);
        assertThat(balance(streams, "account-1")).isEqualTo(150L);
    }

    /** Deposits {@code amount}; its first decision waits until the other writer has decided too. */
    private static StreamDecision<Long> afterBoth(CyclicBarrier bothDecided, long amount) {
        boolean[] first = {true};
        return (balance, version) -> {
            if (first[0]) {
                first[0] = false;
                try {
                    bothDecided.await(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("the other writer did not decide", e);
                }
            }
            return List.of(event("Deposited", amount));
        };
    }

    /** The seed's bank account: a withdrawal beyond the balance is refused by the decision, nothing appended. */
    private static class InsufficientFunds extends RuntimeException {
        InsufficientFunds(long balance, long amount) {
            super("cannot withdraw " + amount + " from a balance of " + balance);
        }
    }

    private static StreamDecision<Long> open() {
        return (balance, version) -> version == -1 ? List.of(event("Opened", 0)) : List.of();
    }

    private static StreamDecision<Long> deposit(long amount) {
        return (balance, version) -> List.of(event("Deposited", amount));
    }

    private static StreamDecision<Long> withdraw(long amount) {
        return (balance, version) -> {
            if (balance < amount) {
                throw new InsufficientFunds(balance, amount);
            }
            return List.of(event("Withdrawn", amount));
        };
    }

    private static void bankAccount(Streams streams) {
        // given an account opened, with 100 deposited and 30 withdrawn
        String account = account();
        streams.update(account, BALANCE, open());
        streams.update(account, BALANCE, deposit(100));
        Appended withdrawn = streams.update(account, BALANCE, withdraw(30));
        assertThat(withdrawn.version()).isEqualTo(2L);

        // when withdrawing 100 from the 70 left, then the decision refuses it
        assertThatThrownBy(() -> streams.update(account, BALANCE, withdraw(100)))
                .isInstanceOf(InsufficientFunds.class)
                .hasMessageContaining("balance of 70");

        // and nothing was appended: opening again is nothing to do, the balance is 70 at version 2
        assertThat(streams.update(account, BALANCE, open()).changed()).isFalse();
        assertThat(streams.read(account, 0, 10, Streams.Direction.FORWARD, 2).version())
                .contains(2L);
        assertThat(balance(streams, account)).isEqualTo(70L);
    }

    @Test
    @DisplayName("over HTTP, the bank account: open, deposit, withdraw; a withdrawal beyond the balance refused")
    void bankAccountOverHttp() {
        bankAccount(http());
    }

    @Test
    @DisplayName("over Kafka, the bank account: the same calls, the same outcomes")
    void bankAccountOverKafka() {
        bankAccount(kafka.streams());
    }

    private static void appendAndRead(Streams streams) {
        // given a new account
        String account = account();

        // when appending three events to it, expecting no stream
        Appended appended = streams.append(
                account,
                ExpectedVersion.NO_STREAM,
                List.of(event("Deposited", 1), event("Deposited", 2), event("Deposited", 3)));

        // then they got positions 0..2
        assertThat(appended.positions()).containsExactly(0L, 1L, 2L);
        assertThat(appended.version()).isEqualTo(2L);
        // and a forward read from 1 returns 1 and 2 with their global positions
        StreamPage page = streams.read(account, 1, 10, Streams.Direction.FORWARD, appended.version());
        assertThat(page.version()).contains(2L);
        assertThat(page.events()).extracting(StreamEvent::position).containsExactly(1L, 2L);
        assertThat(page.events())
                .allSatisfy(event -> assertThat(event.globalPosition()).isPresent());
        assertThat(page.events())
                .extracting(StreamEvent::id)
                .containsExactly(
                        appended.events().get(1).id(), appended.events().get(2).id());
        // and a backward read of 2 from the end returns 2 and 1, with where to go on
        StreamPage backward = streams.read(account, Streams.END, 2, Streams.Direction.BACKWARD);
        assertThat(backward.events()).extracting(StreamEvent::position).containsExactly(2L, 1L);
        assertThat(backward.next()).contains(0L);
        // and the iterator in pages of 2 sees all three, in order
        List<Long> positions = new ArrayList<>();
        streams.events(account, 0, Streams.Direction.FORWARD, 2)
                .forEachRemaining(event -> positions.add(event.position()));
        assertThat(positions).containsExactly(0L, 1L, 2L);
        // and the version is 2; a stream never written has none, and reads empty
        assertThat(streams.version(account)).contains(2L);
        assertThat(streams.version(account() + "-never")).isEmpty();
        assertThat(streams.read(account() + "-never", 0, 10, Streams.Direction.FORWARD)
                        .events())
                .isEmpty();
    }

    @Test
    @DisplayName("over HTTP: an append gets positions; reads forward, backward and page by page; the version")
    void appendAndReadOverHttp() {
        appendAndRead(http());
    }

    @Test
    @DisplayName("over Kafka: the same calls, the same answers")
    void appendAndReadOverKafka() {
        appendAndRead(kafka.streams());
    }

    private static void staleAppend(Streams streams) {
        // given an account with two events, the last one a deposit of 5
        String account = account();
        streams.append(account, ExpectedVersion.NO_STREAM, List.of(event("Deposited", 1), event("Deposited", 5)));

        // when appending at version 0, which is stale
        // then the refusal tells the expectation, the actual version and the last event
        assertThatThrownBy(() -> streams.append(account, ExpectedVersion.of(0), List.of(event("Withdrawn", 1))))
                .isInstanceOfSatisfying(StreamVersionConflict.class, e -> {
                    assertThat(e.expected()).isEqualTo(ExpectedVersion.of(0));
                    assertThat(e.actual()).contains(1L);
                    assertThat(e.lastEvent()).hasValueSatisfying(last -> {
                        assertThat(last.position()).isEqualTo(1L);
                        assertThat(last.data().path("amount").asLong()).isEqualTo(5L);
                    });
                });
    }

    @Test
    @DisplayName("over HTTP, a stale append is StreamVersionConflict with expected, actual and the last event")
    void staleAppendOverHttp() {
        staleAppend(http());
    }

    @Test
    @DisplayName("over Kafka, a stale append is StreamVersionConflict with expected, actual and the last event")
    void staleAppendOverKafka() {
        staleAppend(kafka.streams());
    }

    @Test
    @DisplayName("an append whose outcome stayed unknown, resent with the same key, gets its first outcome: appended"
            + " once")
    void resendAfterUnknownOutcome() throws Exception {
        // given a client that waits 1 ms for a reply and gives up after 300 ms: every send's outcome is unknown
        List<Outcome> first = new CopyOnWriteArrayList<>();
        String account = account();
        OutcomeUnknown unknown;
        try (KafkaInventory impatient = KafkaInventory.builder()
                .bootstrapServers(stack.bootstrapServers())
                .instanceId("it-streams-impatient")
                .requestTimeout(Duration.ofMillis(1))
                .retryPolicy(RetryPolicy.builder()
                        .deadline(Duration.ofMillis(300))
                        .baseDelay(Duration.ofMillis(20))
                        .maxDelay(Duration.ofMillis(50))
                        .build())
                .sendListener(new SendListener() {
                    @Override
                    public void sent(AppendSend send, Outcome outcome) {
                        first.add(outcome);
                    }
                })
                .start()) {
            // when it appends two events
            Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> impatient
                    .streams()
                    .append(account, ExpectedVersion.NO_STREAM, List.of(event("Deposited", 7), event("Deposited", 8))));
            assertThat(thrown).isInstanceOf(OutcomeUnknown.class);
            unknown = (OutcomeUnknown) thrown;
        }
        // (a first send may find no metadata yet within its 100 ms: not written; the rest were written, undecided)
        assertThat(first)
                .noneMatch(Outcome.StreamDecided.class::isInstance)
                .anyMatch(Outcome.Unknown.class::isInstance);

        // then the same append resent with the same key is answered with the first outcome, replayed
        Appended resent = kafka.streams().apply(unknown.append().orElseThrow());
        assertThat(resent.replayed()).isTrue();
        assertThat(resent.positions()).containsExactly(0L, 1L);
        // and the stream holds the two events once
        assertThat(kafka.streams().version(account)).contains(1L);
        assertThat(balance(kafka.streams(), account)).isEqualTo(15L);
    }

    @Test
    @DisplayName("a version read over HTTP follows the appends over Kafka")
    void versionAcrossPaths() {
        String account = account();
        Appended appended = kafka.streams().append(account, ExpectedVersion.NO_STREAM, List.of(event("Deposited", 1)));

        await().atMost(Duration.ofSeconds(10)).until(() -> http().version(account), Optional::isPresent);

        assertThat(http().version(account)).contains(appended.version());
    }
}
