package dev.versioned.faults;

import dev.versioned.client.Change;
import dev.versioned.client.InsufficientStock;
import dev.versioned.client.Inventory;
import dev.versioned.client.InventoryException;
import dev.versioned.client.OutcomeUnknown;
import dev.versioned.client.RetryPolicy;
import dev.versioned.client.SendListener;
import dev.versioned.client.Unavailable;
import dev.versioned.client.VersionConflict;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One writer doing read-modify-write through a shipped client ({@link Inventory#update}) over a few hot
 * and many cold products in two stores. The client's own retry loop does the work under test: it resends
 * an unknown outcome with the SAME idempotency key until the answer is definite, and starts a new key only
 * after a definite conflict. The writer only chooses operations and files what became of each; every send
 * and answer reaches the {@link Ledger} through the client's send listener.
 */
abstract class Writer implements Runnable {

    static final List<String> STORES = List.of("store-1", "store-2");
    static final List<String> HOT = List.of("HOT-1", "HOT-2", "HOT-3");
    static final int COLD = 40;
    /**
     * Long enough to outlast a processor's session timeout after kill -9 and a broker restart, so that an
     * operation ends definite; quick backoffs, so that resends and conflicts happen many times a run.
     */
    static final RetryPolicy POLICY = RetryPolicy.builder()
            .maxAttempts(4)
            .baseDelay(Duration.ofMillis(50))
            .maxDelay(Duration.ofSeconds(1))
            .deadline(Duration.ofSeconds(90))
            .build();

    /**
     * Which products a writer's operations go to, how fast it may start them, and who else watches its sends.
     *
     * @param hotPercent the share of operations on the {@link #HOT} products (the rest spread over the cold ones)
     * @param coldProducts how many cold products per store
     * @param pace shared by the writers of a run to hold a steady rate; empty: as fast as answers come
     * @param timeline told of every send with its timing, besides the ledger
     */
    record Workload(int hotPercent, int coldProducts, Optional<Pace> pace, Optional<Timeline> timeline) {

        /** The chaos test's: mostly hot products, so that conflicts happen often; no pacing. */
        static final Workload CHAOS = new Workload(60, COLD, Optional.empty(), Optional.empty());
    }

    protected final String name;
    protected final Ledger ledger;
    private final AtomicBoolean running;
    private final Random random;
    private final Workload workload;
    private int sequence;

    Writer(String name, Ledger ledger, AtomicBoolean running, long seed, Workload workload) {
        this.name = name;
        this.ledger = ledger;
        this.running = running;
        this.random = new Random(seed);
        this.workload = workload;
    }

    /** What the writer's client reports its sends to: the ledger, and the timeline if there is one. */
    protected SendListener listener(boolean viaKafka) {
        SendListener ledgerListener = ledger.listener(viaKafka);
        return workload.timeline()
                .map(timeline -> timeline.observing(ledgerListener))
                .orElse(ledgerListener);
    }

    /** The shipped client this writer goes through. */
    protected abstract Inventory inventory();

    @Override
    public void run() {
        try {
            while (running.get()) {
                if (workload.pace().isPresent()) {
                    workload.pace().get().awaitTurn();
                    if (!running.get()) {
                        return;
                    }
                }
                operation();
            }
        } catch (RuntimeException e) {
            ledger.unexpected.add(name + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping: the run is over
        }
    }

    private void operation() {
        String store = STORES.get(random.nextInt(STORES.size()));
        String product = random.nextInt(100) < workload.hotPercent()
                ? HOT.get(random.nextInt(HOT.size()))
                : "COLD-" + random.nextInt(workload.coldProducts());
        long drawn = random.nextInt(9) - 2;
        long delta = drawn == 0 ? 1 : drawn; // mostly additions, some takes that can meet insufficient stock
        String operationId = name + "-" + (++sequence);
        ledger.operations.incrementAndGet();
        try {
            inventory().update(store, product, (quantity, version) -> Change.delta(delta), operationId);
            ledger.operationsApplied.incrementAndGet();
        } catch (VersionConflict e) {
            ledger.operationsConflicted.incrementAndGet();
        } catch (InsufficientStock e) {
            ledger.operationsRefused.incrementAndGet();
        } catch (Unavailable e) {
            ledger.operationsUnavailable.incrementAndGet(); // nothing written by this operation: allowed
        } catch (OutcomeUnknown e) {
            ledger.unresolved.add(e.idempotencyKey());
        } catch (InventoryException e) {
            // IdempotencyKeyReused, Invalid, NotAuthorized: a fault may delay an answer, never change it into these
            ledger.unexpected.add(name + " " + operationId + ": " + e);
        }
    }
}
