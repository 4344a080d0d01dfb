package dev.versioned.gateway.api;

/** Counts of a batch: {@code succeeded} = items applied (a replayed application included). */
public record BatchSummary(int total, int succeeded, int failed) {
}
