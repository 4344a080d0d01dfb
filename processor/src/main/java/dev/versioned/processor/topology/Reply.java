package dev.versioned.processor.topology;

/** A result's JSON on its way to the reply address of its request. */
record Reply(ReplyAddress address, byte[] json) {}
