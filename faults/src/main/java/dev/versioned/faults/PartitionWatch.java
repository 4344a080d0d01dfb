package dev.versioned.faults;

import dev.versioned.client.KafkaInventory;
import dev.versioned.client.RetryPolicy;
import dev.versioned.schemas.KeyPartitions;
import dev.versioned.schemas.UpdateRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Whether every product is decided, all the time: one caller per partition of the requests topic on the shipped
 * Kafka client, each creating a new product of its partition (version 0, delta 1, a key never used) as soon as the
 * previous one is decided, so that a partition that stops deciding shows as a call that waits. Each call is kept
 * with when it was sent and when it was decided (across the client's resends of the same key). The sends and answers
 * go to the run's {@link Ledger}, so the checker holds them to the promise like any writer's.
 *
 * <p>A partition decides for every product on it (one task per partition), so "every partition decided a request
 * sent after the fault" is "every product decided again".
 */
final class PartitionWatch implements AutoCloseable {

    /** Long enough that no watch call ends unknown while a fault lasts: an unknown outcome fails the run. */
    private static final RetryPolicy POLICY = RetryPolicy.builder()
            .maxAttempts(1)
            .baseDelay(Duration.ofMillis(50))
            .maxDelay(Duration.ofSeconds(1))
            .deadline(Duration.ofMinutes(5))
            .build();

    /** One call of one partition: when its request was first sent and when it was decided, in nanoseconds. */
    record Call(int partition, long sent, long decided) {}

    private final int partitions;
    private final LongSupplier clock;
    private final KafkaInventory client;
    private final List<List<Call>> calls = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ExecutorService threads;
    private final Ledger ledger;

    PartitionWatch(String bootstrap, int partitions, Ledger ledger, LongSupplier clock) throws Exception {
        this.partitions = partitions;
        this.clock = clock;
        this.ledger = ledger;
        this.client = KafkaInventory.builder()
                .bootstrapServers(bootstrap)
                .instanceId("nemesis-watch")
                .requestTimeout(KafkaWriter.REPLY_TIMEOUT)
                .retryPolicy(POLICY)
                .sendListener(ledger.listener(true))
                .start();
        for (int p = 0; p < partitions; p++) {
            calls.add(new ArrayList<>());
        }
        this.threads = Executors.newFixedThreadPool(partitions);
    }

    /** Starts one caller per partition. */
    void start() {
        for (int p = 0; p < partitions; p++) {
            int partition = p;
            threads.submit(() -> watch(partition));
        }
    }

    private void watch(int partition) {
        int n = 0;
        while (running.get()) {
            String product;
            do {
                product = "WATCH-" + partition + "-" + n++;
            } while (KeyPartitions.partitionOf(product, partitions) != partition);
            try {
                long sent = clock.getAsLong();
                client.apply(UpdateRequest.adjust("store-watch", product, 1, 0, "watch-" + product));
                List<Call> done = calls.get(partition);
                synchronized (done) {
                    done.add(new Call(partition, sent, clock.getAsLong()));
                }
            } catch (RuntimeException e) {
                if (running.get()) {
                    ledger.unexpected.add("watch of partition " + partition + ": " + e);
                }
                return;
            }
        }
    }

    /** Whether every partition has decided a request sent after {@code since} (nanoseconds on the run's clock). */
    boolean everyPartitionDecidedSince(long since) {
        for (List<Call> done : calls) {
            synchronized (done) {
                if (done.isEmpty() || done.get(done.size() - 1).sent() < since) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Every call decided so far, partition by partition, each in the order of its calls. */
    List<Call> calls() {
        List<Call> all = new ArrayList<>();
        for (List<Call> done : calls) {
            synchronized (done) {
                all.addAll(done);
            }
        }
        return all;
    }

    /** Calls decided so far, over every partition. */
    long decided() {
        long n = 0;
        for (List<Call> done : calls) {
            synchronized (done) {
                n += done.size();
            }
        }
        return n;
    }

    /** Stops the callers (each finishes its call in flight, so that nothing it sent is left unknown) and the client. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        threads.shutdown();
        if (!threads.awaitTermination(5, TimeUnit.MINUTES)) {
            ledger.unexpected.add("the watch did not finish within 5 minutes");
        }
        client.close();
    }
}
