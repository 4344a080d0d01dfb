package dev.versioned.bench;

import dev.versioned.client.Change;
import dev.versioned.client.Inventory;
import dev.versioned.client.InventoryClient;
import dev.versioned.client.KafkaInventory;
import dev.versioned.client.SendListener;
import dev.versioned.client.kafka.Outcome;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.TopicNames;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Part d (a): one writer on a hot product through the product's own clients, {@link InventoryClient} (HTTP)
 * and {@link KafkaInventory} (Kafka direct): {@code update(storeId, productId, +1)} in a loop, each call a
 * read, then a conditional write at the version read, retried by the client on a conflict (with its
 * default {@code RetryPolicy}). Applied/s is what an application doing this gets; sends per update and
 * conflicts show how much of it the read of a stale version costs.
 */
final class HotRowClients {

    private HotRowClients() {}

    static ContentionResult http(String baseUrl, String product, Duration duration) throws Exception {
        Counting counting = new Counting();
        InventoryClient client = InventoryClient.builder()
                .baseUri(URI.create(baseUrl))
                .apiKey("demo-all-stores")
                .sendListener(counting)
                .build();
        return run("kafka (HTTP, InventoryClient)", client, product, duration, counting);
    }

    static ContentionResult kafka(String bootstrap, TopicNames topics, String product, Duration duration)
            throws Exception {
        Counting counting = new Counting();
        try (KafkaInventory client = KafkaInventory.builder()
                .bootstrapServers(bootstrap)
                .topics(topics)
                .replyTopic(1, 1, Duration.ofHours(1))
                .sendListener(counting)
                .start()) {
            return run("kafka (direct, KafkaInventory)", client, product, duration, counting);
        }
    }

    private static ContentionResult run(
            String system, Inventory client, String product, Duration duration, Counting counting) {
        long applied = 0;
        long failures = 0;
        long start = System.nanoTime();
        while (System.nanoTime() - start < duration.toNanos()) {
            try {
                if (client.update("store-1", product, (q, v) -> new Change.Delta(1))
                        .changed()) {
                    applied++;
                }
            } catch (RuntimeException e) {
                failures++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new ContentionResult(
                system,
                "hot product, conditional read-modify-write (client update())",
                1,
                seconds,
                applied,
                counting.conflicts.get(),
                failures,
                counting.sends.get());
    }

    /** Counts sends and conflicts. */
    private static final class Counting implements SendListener {
        final AtomicLong sends = new AtomicLong();
        final AtomicLong conflicts = new AtomicLong();

        @Override
        public void sent(Send send, Outcome outcome) {
            sends.incrementAndGet();
            if (outcome instanceof Outcome.Decided d && d.result().code() == ResultCode.VERSION_CONFLICT) {
                conflicts.incrementAndGet();
            }
        }
    }
}
