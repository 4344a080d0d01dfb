package dev.versioned.processor.topology;

import static dev.versioned.processor.topology.StreamFixture.append;
import static dev.versioned.processor.topology.StreamFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.schemas.ExpectedVersion;
import dev.versioned.schemas.NewEvent;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.StreamEvent;
import dev.versioned.schemas.StreamResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event store scenarios the product was specified with: an account aggregate loaded by folding its stream,
 * written with the version it was loaded at.
 */
class StreamSeedScenariosTest {

    @TempDir
    Path stateDir;

    private StreamFixture fixture;
    private final List<StreamEvent> log = new ArrayList<>();
    private int keys;

    @BeforeEach
    void start() {
        fixture = new StreamFixture(stateDir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** The account as its events fold: balance and the version it was loaded at (-1: no stream). */
    record Account(long balance, long version) {}

    private Account load(String stream) {
        for (TestRecord<String, StreamEvent> record : fixture.events()) {
            log.add(record.value());
        }
        Account account = new Account(0, -1);
        for (StreamEvent event : log) {
            if (!event.stream().equals(stream)) {
                continue;
            }
            long amount = event.data().path("amount").asLong();
            long balance = switch (event.type()) {
                case "AccountOpened" -> event.data().path("initialBalance").asLong();
                case "Deposited" -> account.balance() + amount;
                case "Withdrawn" -> account.balance() - amount;
                default -> account.balance();
            };
            account = new Account(balance, event.position());
        }
        return account;
    }

    private StreamResult write(String stream, Account loadedAt, NewEvent event) {
        return fixture.decide(append(stream, ExpectedVersion.of(loadedAt.version()), "key-" + ++keys, event));
    }

    /** The seed's withdraw: refused by the aggregate itself when the balance does not cover it. */
    private Optional<StreamResult> withdraw(String stream, long amount) {
        Account account = load(stream);
        if (account.balance() < amount) {
            return Optional.empty();
        }
        return Optional.of(write(stream, account, event("Withdrawn", "{\"amount\":" + amount + "}")));
    }

    @Test
    void twoConcurrentDepositsAtTheSameVersionOneSucceedsOneConflictsAndTheBalanceHasOne() {
        fixture.decide(append(
                "concurrent-test", ExpectedVersion.ANY, "open", event("AccountOpened", "{\"initialBalance\":0}")));
        Account first = load("concurrent-test");
        Account second = load("concurrent-test");

        StreamResult deposit1 = write("concurrent-test", first, event("Deposited", "{\"amount\":100}"));
        StreamResult deposit2 = write("concurrent-test", second, event("Deposited", "{\"amount\":100}"));

        assertThat(List.of(deposit1.code(), deposit2.code()))
                .containsExactlyInAnyOrder(ResultCode.APPLIED, ResultCode.STREAM_VERSION_CONFLICT);
        assertThat(deposit2.error()).contains("Expected version 0, stream is at version 1");
        assertThat(load("concurrent-test").balance()).isEqualTo(100);
    }

    @Test
    void theLoserOfAConflictFoldsTheEventItMissedFromTheRefusalAndWinsOnItsRetry() {
        fixture.decide(append("account-7", ExpectedVersion.NO_STREAM, "open", event("AccountOpened", "{}")));
        Account stale = load("account-7");
        write("account-7", stale, event("Deposited", "{\"amount\":100}"));

        StreamResult refused = write("account-7", stale, event("Deposited", "{\"amount\":50}"));
        StreamEvent missed = refused.lastEvent().orElseThrow();
        Account refolded =
                new Account(stale.balance() + missed.data().path("amount").asLong(), missed.position());
        StreamResult retried = write("account-7", refolded, event("Deposited", "{\"amount\":50}"));

        assertThat(refused.actualVersion()).contains(1L);
        assertThat(retried.code()).isEqualTo(ResultCode.APPLIED);
        assertThat(load("account-7").balance()).isEqualTo(150);
    }

    @Test
    void theBankAccountOpensTakesADepositAndAWithdrawalAndRefusesOneBeyondItsBalance() {
        fixture.decide(append(
                "account-123", ExpectedVersion.NO_STREAM, "open", event("AccountOpened", "{\"initialBalance\":100}")));
        write("account-123", load("account-123"), event("Deposited", "{\"amount\":50}"));

        Optional<StreamResult> withdrawn = withdraw("account-123", 30);
        Optional<StreamResult> tooMuch = withdraw("account-123", 500);

        assertThat(withdrawn.orElseThrow().code()).isEqualTo(ResultCode.APPLIED);
        assertThat(tooMuch).as("refused by the aggregate, nothing sent").isEmpty();
        Account account = load("account-123");
        assertThat(account.balance()).isEqualTo(120);
        assertThat(account.version()).isEqualTo(2);
    }
}
