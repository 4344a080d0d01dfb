package dev.versioned.client.kafka;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;

/**
 * The loop of a consumer thread that reads assigned partitions until it is stopped: the reply consumer of
 * {@link KafkaRequestReply} and the gateway's state view. Stopping is: clear the running flag, then
 * {@code wakeup()} the consumer; a wakeup while still running is a bug and ends the thread loudly. Any
 * other Kafka error is logged and the poll retried (the consumer reconnects by itself). The consumer is
 * closed when the loop ends.
 */
public final class PollLoop {

    private PollLoop() {}

    /** Runs on the calling thread until {@code running} turns false; {@code what} names it in logs. */
    public static void run(
            KafkaConsumer<String, byte[]> consumer,
            BooleanSupplier running,
            Consumer<ConsumerRecords<String, byte[]>> onBatch,
            Logger log,
            String what) {
        try {
            while (running.getAsBoolean()) {
                try {
                    onBatch.accept(consumer.poll(Duration.ofMillis(200)));
                } catch (WakeupException e) {
                    if (running.getAsBoolean()) {
                        throw e;
                    }
                } catch (KafkaException e) {
                    if (!running.getAsBoolean()) {
                        break;
                    }
                    log.warn("{} poll failed; retrying", what, e);
                }
            }
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            log.info("{} closed", what);
        }
    }
}
