package dev.versioned.client;

/**
 * Computes the change to make from a record's current state. Called once per attempt, possibly several
 * times for one {@link Inventory#update}: it must be a pure function of its arguments (no side effects that
 * should happen once).
 */
@FunctionalInterface
public interface ChangeFunction {

    /**
     * @param quantity the current quantity (0 for a record never written)
     * @param version the current version (0 for a record never written)
     */
    Change compute(long quantity, long version);
}
