package dev.versioned.processor.topology;

import dev.versioned.schemas.UpdateResult;

/** A result on its way to the reply address of its request. */
public record Reply(ReplyAddress address, UpdateResult result) {
}
