package dev.versioned.processor.topology;

/** A result on its way to the reply address of its request. */
record Reply(ReplyAddress address, EncodedResult result) {}
