package dev.versioned.processor.topology;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Uses the record's timestamp, but never one ahead of this machine's clock (nor a missing one).
 *
 * <p>Stream time drives idempotency expiry: a single producer with a clock far in the future would
 * otherwise advance it and expire every key of its partition at once.
 */
public final class ClampedTimestampExtractor implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        long now = System.currentTimeMillis();
        long timestamp = record.timestamp();
        return timestamp < 0 || timestamp > now ? now : timestamp;
    }
}
