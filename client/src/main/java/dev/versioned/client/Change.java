package dev.versioned.client;

/** What an {@link Inventory#update} should do to a record: add a delta, set a quantity, or nothing. */
public sealed interface Change {

    /** Adds {@code delta} (negative to take). */
    static Change delta(long delta) {
        return new Delta(delta);
    }

    /** Sets the quantity to {@code quantity}. */
    static Change setTo(long quantity) {
        return new SetTo(quantity);
    }

    /** Leaves the record as it is: nothing is sent. */
    static Change none() {
        return None.INSTANCE;
    }

    /** An {@code ADJUST}. */
    record Delta(long delta) implements Change {}

    /** A {@code SET}. */
    record SetTo(long quantity) implements Change {}

    /** No change. */
    enum None implements Change {
        INSTANCE
    }
}
