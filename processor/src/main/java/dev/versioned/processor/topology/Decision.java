package dev.versioned.processor.topology;

import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.UpdateResult;
import java.util.Optional;

/**
 * What {@link UpdateRules} decided for one valid request.
 *
 * @param result the outcome to publish
 * @param newState the record after the update, only when it was applied
 * @param recordOutcome whether the outcome is remembered under the request's idempotency key
 */
public record Decision(UpdateResult result, Optional<InventoryRecord> newState, boolean recordOutcome) {}
