package dev.versioned.gateway.api;

/**
 * Counts of a batch; {@code total = succeeded + failed + unknown}.
 *
 * @param succeeded items applied (a replayed application included)
 * @param failed    items certainly not applied: refused by the rules, invalid, or certainly not written
 * @param unknown   items without a decision in time ({@code OUTCOME_UNKNOWN}): they may have been applied,
 *                  so they are not failures; resend them with the same idempotency key to learn which
 */
public record BatchSummary(int total, int succeeded, int failed, int unknown) {}
