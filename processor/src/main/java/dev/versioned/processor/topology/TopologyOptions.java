package dev.versioned.processor.topology;

/**
 * Which parts of the processor's design a topology is built with. The product always runs {@link #PRODUCT};
 * the other sets exist so that the benchmark can measure what each part costs or saved, in the same run.
 *
 * @param idempotency       outcomes are recorded and replayed per idempotency key; without it a retry is
 *                          decided again (only for measuring the cost of duplicate detection)
 * @param transitionsInRecord an applied conditional update is remembered in the record's own recent
 *                          transitions instead of a keyed idempotency entry (and its changelog record)
 * @param statePerCommit    the state topic gets a product's latest record once per commit (when the record
 *                          cache is flushed) instead of once per applied update
 * @param stateByProduct    state records go to the partition of their productId, the same partition as the
 *                          requests that made them, instead of the default partitioner's choice for the key
 *                          {@code storeId/productId}
 * @param appliedKeyIndex   an applied conditional update remembered in its record also leaves a small keyed
 *                          entry (its key to the version it made), so that its key is found whatever the fields
 *                          and version of a later request reusing it, for the whole retention (without it, such a
 *                          reuse is found only while the transition is in the record's current block)
 */
public record TopologyOptions(
        boolean idempotency,
        boolean transitionsInRecord,
        boolean statePerCommit,
        boolean stateByProduct,
        boolean appliedKeyIndex) {

    /** The design that is deployed. */
    public static final TopologyOptions PRODUCT = new TopologyOptions(true, true, true, true, true);

    /** The deployed design without duplicate detection: versions still checked, a retry decided again. */
    public static final TopologyOptions WITHOUT_IDEMPOTENCY = new TopologyOptions(false, false, true, true, false);

    /**
     * The design of 2026-11-30 to 2026-12-07: applied conditional updates remembered by their records only, so a
     * key reused with other fields and another version after its block was completed was decided as new.
     */
    public static final TopologyOptions WITHOUT_APPLIED_KEY_INDEX = new TopologyOptions(true, true, true, true, false);

    /**
     * The design before writes per update were reduced: a keyed idempotency entry for every recorded
     * outcome, a state record per applied update, on the default partitioner's partition.
     */
    public static final TopologyOptions KEYED_IDEMPOTENCY_STATE_PER_UPDATE =
            new TopologyOptions(true, false, false, false, false);
}
