package dev.versioned.processor.topology;

import java.util.Optional;

/** Where a request asked its result to be sent: a topic, and optionally one of its partitions. */
public record ReplyAddress(String topic, Optional<Integer> partition) {}
