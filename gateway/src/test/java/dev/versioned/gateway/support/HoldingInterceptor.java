package dev.versioned.gateway.support;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A Kafka interceptor for a gateway under test ({@code kafka.properties: interceptor.classes}): holds back the
 * gateway's send of every request keyed {@link #HELD_PRODUCT} or another key starting {@value #HELD_PREFIX} (one
 * per test of a class that shares a stack) until {@link #release()}, and shows the test the
 * record it holds. So a test can have another request decided before the held one, the order an attacker wins
 * when its copy lands on a less busy partition. The gateway gives its client properties to its consumers too,
 * hence the no-op consumer side.
 */
public final class HoldingInterceptor
        implements ProducerInterceptor<Object, Object>, ConsumerInterceptor<Object, Object> {

    public static final String HELD_PREFIX = "HELD-";
    public static final String HELD_PRODUCT = HELD_PREFIX + "1";
    private static final BlockingQueue<ProducerRecord<Object, Object>> HELD = new LinkedBlockingQueue<>();
    private static volatile CountDownLatch release = new CountDownLatch(1);

    /** The next record held back, waiting up to {@code wait}. */
    public static ProducerRecord<Object, Object> nextHeld(Duration wait) throws InterruptedException {
        ProducerRecord<Object, Object> record = HELD.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (record == null) {
            throw new IllegalStateException("no request keyed " + HELD_PREFIX + "... was sent within " + wait);
        }
        return record;
    }

    /** Lets every held send go on. */
    public static void release() {
        release.countDown();
    }

    /** Holds the next sends again (for the next test). */
    public static void reset() {
        HELD.clear();
        release = new CountDownLatch(1);
    }

    @Override
    public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
        if (record.key() instanceof String key && key.startsWith(HELD_PREFIX)) {
            HELD.add(record);
            try {
                release.await(60, TimeUnit.SECONDS); // bounded: a failed test must not hang the gateway
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return record;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {}

    @Override
    public ConsumerRecords<Object, Object> onConsume(ConsumerRecords<Object, Object> records) {
        return records;
    }

    @Override
    public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {}

    @Override
    public void close() {}

    @Override
    public void configure(Map<String, ?> configs) {}
}
