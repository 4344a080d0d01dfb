package dev.versioned.examples.projection;

import static dev.versioned.examples.projection.Events.deposited;
import static dev.versioned.examples.projection.Events.event;
import static dev.versioned.examples.projection.Events.opened;
import static dev.versioned.examples.projection.Events.withdrawn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.versioned.schemas.StreamEvent;
import dev.versioned.schemas.WireSerdes;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the projection folds, and what it leaves out, one event at a time (Kafka Streams' test driver). */
class BalanceTopologyTest {

    private static final String ACCOUNT = "account-42";

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, StreamEvent> events;
    private TestInputTopic<String, byte[]> rawEvents;
    private TestOutputTopic<String, AccountBalance> balances;

    @BeforeEach
    void startDriver() {
        ProjectionSettings settings = ProjectionSettings.from(List.of("--state-dir=" + stateDir), Map.of());
        driver = new TopologyTestDriver(BalanceTopology.build(settings), BalanceTopology.properties(settings));
        events = driver.createInputTopic(
                settings.eventsTopic(), new StringSerializer(), WireSerdes.STREAM_EVENT.serializer());
        rawEvents = driver.createInputTopic(settings.eventsTopic(), new StringSerializer(), new ByteArraySerializer());
        balances = driver.createOutputTopic(
                settings.balancesTopic(), new StringDeserializer(), AccountBalance.SERDE.deserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    private void append(StreamEvent event) {
        events.pipeInput(event.stream(), event);
    }

    private AccountBalance stored(String account) {
        return driver.<String, AccountBalance>getKeyValueStore(BalanceTopology.STORE)
                .get(account);
    }

    @Test
    @DisplayName("deposits add, withdrawals subtract, and the version is the last folded event's position")
    void foldsDepositsAndWithdrawals() {
        // given an opened account
        append(opened(ACCOUNT, 0));

        // when money comes in and goes out
        append(deposited(ACCOUNT, 1, new BigDecimal("100.5")));
        append(withdrawn(ACCOUNT, 2, new BigDecimal("30")));

        // then each event writes the balance after it
        assertThat(balances.readValuesToList())
                .extracting(AccountBalance::balance, AccountBalance::version)
                .containsExactly(
                        tuple(new BigDecimal("0"), 0L),
                        tuple(new BigDecimal("100.5"), 1L),
                        tuple(new BigDecimal("70.5"), 2L));
    }

    @Test
    @DisplayName("an event at or below the last folded position is skipped: nothing is counted twice")
    void skipsAnEventAlreadyFolded() {
        // given an account folded up to position 1
        StreamEvent deposit = deposited(ACCOUNT, 1, new BigDecimal("10"));
        append(opened(ACCOUNT, 0));
        append(deposit);
        balances.readValuesToList();

        // when the same event, and an older one, arrive again
        append(deposit);
        append(opened(ACCOUNT, 0));

        // then neither is folded
        assertThat(balances.isEmpty()).isTrue();
        assertThat(stored(ACCOUNT)).isEqualTo(new AccountBalance(ACCOUNT, new BigDecimal("10"), 1));
    }

    @Test
    @DisplayName("streams of other categories are ignored, even with the same event types")
    void ignoresOtherCategories() {
        // when a deposit lands in streams whose category is not 'account'
        append(deposited("accountant-1", 0, BigDecimal.ONE));
        append(deposited("order-7", 0, BigDecimal.ONE));
        append(deposited("accounts", 0, BigDecimal.ONE));

        // then no balance is written or stored
        assertThat(balances.isEmpty()).isTrue();
        assertThat(stored("accountant-1")).isNull();
    }

    @Test
    @DisplayName("other event types of an account change neither its balance nor its version")
    void ignoresOtherTypes() {
        // given an account with a deposit
        append(opened(ACCOUNT, 0));
        append(deposited(ACCOUNT, 1, BigDecimal.TEN));
        balances.readValuesToList();

        // when an event of another type is appended to it
        append(event(
                ACCOUNT, 2, "Renamed", JsonNodeFactory.instance.objectNode().put("name", "savings")));

        // then nothing is written
        assertThat(balances.isEmpty()).isTrue();
        assertThat(stored(ACCOUNT)).isEqualTo(new AccountBalance(ACCOUNT, BigDecimal.TEN, 1));
    }

    @Test
    @DisplayName("a deposit whose amount is not a number is skipped and the next one folded")
    void skipsAnAmountThatIsNotANumber() {
        // given a deposit with a text amount
        append(event(
                ACCOUNT, 0, "Deposited", JsonNodeFactory.instance.objectNode().put("amount", "100")));

        // when a valid one follows
        append(deposited(ACCOUNT, 1, BigDecimal.ONE));

        // then only the valid one counts
        assertThat(balances.readValuesToList()).containsExactly(new AccountBalance(ACCOUNT, BigDecimal.ONE, 1));
    }

    @Test
    @DisplayName("a record that is not a StreamEvent is skipped instead of stopping the projection")
    void skipsAnUnreadableRecord() {
        // given a record on the events topic that is not an event
        rawEvents.pipeInput(ACCOUNT, "not json".getBytes(StandardCharsets.UTF_8));

        // when an event follows
        append(deposited(ACCOUNT, 0, BigDecimal.ONE));

        // then the event is folded
        assertThat(balances.readValuesToList()).containsExactly(new AccountBalance(ACCOUNT, BigDecimal.ONE, 0));
    }
}
