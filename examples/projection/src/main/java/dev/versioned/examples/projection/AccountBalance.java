package dev.versioned.examples.projection;

import dev.versioned.schemas.JsonSerde;
import java.math.BigDecimal;

/**
 * An account's balance after the events folded so far: the value of the balances topic (key = the account's
 * stream) and of the balance store.
 *
 * @param account the account's stream, e.g. {@code account-42}
 * @param balance the sum of its deposits minus the sum of its withdrawals
 * @param version the position of the last event folded into it: the projection folds only events after it
 */
public record AccountBalance(String account, BigDecimal balance, long version) {

    /** The JSON of the topic and the store, in the product's wire format. */
    public static final JsonSerde<AccountBalance> SERDE = new JsonSerde<>(AccountBalance.class);

    /** This balance after an event at {@code position} that changed it by {@code change}. */
    public AccountBalance fold(BigDecimal change, long position) {
        return new AccountBalance(account, balance.add(change), position);
    }
}
