package dev.versioned.examples.projection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.versioned.schemas.StreamAppend;
import dev.versioned.schemas.StreamEvent;
import java.math.BigDecimal;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds an account's events into its balance, one event at a time: reads the balance from the store, applies the
 * event, writes the balance back and forwards it to the balances topic. Kafka Streams runs all three in the
 * transaction that also commits the event's offset, so they happen together or not at all.
 *
 * <p>Folded: {@code Opened} (the balance starts at 0), {@code Deposited {amount}} (adds it) and
 * {@code Withdrawn {amount}} (subtracts it) of streams of category {@code account}. Other categories, other types
 * and tombstones are skipped silently. A deposit or withdrawal whose amount is not a number is skipped with a
 * warning: the event is already appended and cannot be refused, so the projection leaves it out rather than stop.
 */
final class BalanceFolder implements Processor<String, StreamEvent, String, AccountBalance> {

    static final String CATEGORY = "account";

    private static final Logger LOG = LoggerFactory.getLogger(BalanceFolder.class);

    private KeyValueStore<String, AccountBalance> balances;
    private ProcessorContext<String, AccountBalance> context;

    @Override
    public void init(ProcessorContext<String, AccountBalance> context) {
        this.context = context;
        this.balances = context.getStateStore(BalanceTopology.STORE);
    }

    @Override
    public void process(Record<String, StreamEvent> record) {
        StreamEvent event = record.value();
        if (event == null || event.stream() == null || !CATEGORY.equals(StreamAppend.categoryOf(event.stream()))) {
            return;
        }
        Optional<BigDecimal> change = change(event);
        if (change.isEmpty()) {
            return;
        }
        String account = event.stream();
        AccountBalance before = balances.get(account);
        // Defensive: exactly-once already makes sure that no event reaches this point twice (the store, the output
        // and the input offset commit together, and a crash rolls all three back). The check keeps a balance right
        // if an event is on the topic twice, or if the projection ever ran without exactly-once.
        if (before != null && event.position() <= before.version()) {
            LOG.warn("{} at position {} skipped: already folded up to {}", account, event.position(), before.version());
            return;
        }
        AccountBalance current = before == null ? new AccountBalance(account, BigDecimal.ZERO, -1) : before;
        AccountBalance after = current.fold(change.get(), event.position());
        balances.put(account, after);
        context.forward(record.withKey(account).withValue(after));
    }

    /** What the event does to the balance; empty for an event that is not folded. */
    private static Optional<BigDecimal> change(StreamEvent event) {
        return switch (event.type() == null ? "" : event.type()) {
            case "Opened" -> Optional.of(BigDecimal.ZERO);
            case "Deposited" -> amount(event);
            case "Withdrawn" -> amount(event).map(BigDecimal::negate);
            default -> Optional.empty();
        };
    }

    private static Optional<BigDecimal> amount(StreamEvent event) {
        JsonNode amount = event.data() == null ? null : event.data().get("amount");
        if (amount == null || !amount.isNumber()) {
            LOG.warn(
                    "{} at position {}: {} without a numeric amount, skipped",
                    event.stream(),
                    event.position(),
                    event.type());
            return Optional.empty();
        }
        return Optional.of(amount.decimalValue());
    }
}
