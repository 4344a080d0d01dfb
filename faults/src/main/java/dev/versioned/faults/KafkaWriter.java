package dev.versioned.faults;

import dev.versioned.client.Inventory;
import dev.versioned.client.KafkaInventory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An upstream service writing straight to the requests topic with {@link KafkaInventory}: its own reply
 * topic, reads from the state topic. A reply later than {@link #REPLY_TIMEOUT} is an unknown outcome, so a
 * processor killed or a broker restarting shows up as resends of the same key.
 */
final class KafkaWriter extends Writer implements AutoCloseable {

    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(3);

    private final KafkaInventory client;

    /** Starts the client; its reply topic is {@code inventory.replies.<instanceId>}, created if missing. */
    KafkaWriter(String name, String bootstrap, String instanceId, Ledger ledger, AtomicBoolean running, long seed)
            throws Exception {
        this(name, bootstrap, instanceId, ledger, running, seed, Workload.CHAOS);
    }

    KafkaWriter(
            String name,
            String bootstrap,
            String instanceId,
            Ledger ledger,
            AtomicBoolean running,
            long seed,
            Workload workload)
            throws Exception {
        super(name, ledger, running, seed, workload);
        this.client = KafkaInventory.builder()
                .bootstrapServers(bootstrap)
                .instanceId(instanceId)
                .requestTimeout(REPLY_TIMEOUT)
                .retryPolicy(POLICY)
                .sendListener(listener(true))
                .start();
    }

    @Override
    protected Inventory inventory() {
        return client;
    }

    @Override
    public void close() {
        client.close();
    }
}
