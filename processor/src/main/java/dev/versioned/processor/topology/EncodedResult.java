package dev.versioned.processor.topology;

import dev.versioned.schemas.UpdateResult;
import dev.versioned.schemas.WireSerdes;

/**
 * A result with its JSON, serialized once and then written as is to the results topic and the reply
 * topic (the idempotency store keeps its own compact form).
 */
record EncodedResult(UpdateResult result, byte[] json) {

    static EncodedResult of(UpdateResult result) {
        return new EncodedResult(result, WireSerdes.UPDATE_RESULT.toBytes(result));
    }
}
