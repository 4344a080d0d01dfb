package dev.versioned.gateway.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Body of a batch update: one result per item, in request order, and the summary. An item's result is
 * the processor's result as it is (its {@code error} is a message string, as in the seed examples), or a
 * gateway outcome with a gateway {@code code} ({@code OUTCOME_UNKNOWN}, {@code KAFKA_UNAVAILABLE}).
 */
public record BatchResponse(List<ObjectNode> results, BatchSummary summary) {}
