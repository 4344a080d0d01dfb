package dev.versioned.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One writer doing read-modify-write with optimistic versions over a few hot and many cold products.
 * A definite answer ends an operation; an unknown one (timeout, 5xx, connection lost) resends the SAME
 * request with the SAME idempotency key until the answer is definite, so that an operation is never
 * applied twice. It learns versions only from its own answers (and reads), like a real client.
 */
abstract class Writer implements Runnable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> HOT = List.of("HOT-1", "HOT-2", "HOT-3");
    static final int COLD = 40;
    private static final Duration OPERATION_DEADLINE = Duration.ofSeconds(90);

    /** An attempt's result: a definite JSON result, or empty when the outcome is unknown. */
    protected abstract Optional<JsonNode> attempt(String productId, ObjectNode request) throws InterruptedException;

    /** The current version of a record as this writer can read it. */
    protected abstract long read(String productId) throws InterruptedException;

    protected final String name;
    protected final Ledger ledger;
    private final AtomicBoolean running;
    private final Random random;
    private final Map<String, Long> knownVersion = new HashMap<>();
    private int sequence;

    Writer(String name, Ledger ledger, AtomicBoolean running, long seed) {
        this.name = name;
        this.ledger = ledger;
        this.running = running;
        this.random = new Random(seed);
    }

    @Override
    public void run() {
        try {
            while (running.get()) {
                operation();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            ledger.unexpected.add(name + ": " + e);
        }
    }

    private void operation() throws InterruptedException {
        String productId = random.nextInt(10) < 6 ? HOT.get(random.nextInt(HOT.size())) : "COLD-" + random.nextInt(COLD);
        Long version = knownVersion.get(productId);
        if (version == null) {
            version = read(productId);
        }
        long delta = random.nextInt(9) - 2;
        String key = name + "-" + (++sequence);
        ObjectNode request = JSON.createObjectNode()
                .put("storeId", "store-1").put("productId", productId)
                .put("delta", delta == 0 ? 1 : delta).put("version", version).put("idempotencyKey", key);
        ledger.operations.incrementAndGet();
        long deadline = System.nanoTime() + OPERATION_DEADLINE.toNanos();
        boolean first = true;
        while (System.nanoTime() < deadline) {
            if (!first) {
                ledger.retries.incrementAndGet();
            }
            first = false;
            ledger.attempts.incrementAndGet();
            Optional<JsonNode> result = attempt(productId, request);
            if (result.isPresent()) {
                JsonNode r = result.get();
                String code = r.path("code").asText();
                ledger.answered(new Ledger.Answer(productId, key, code, r.path("newVersion").asLong(-1), isKafka()));
                long current = r.has("newVersion") ? r.get("newVersion").asLong() : r.path("currentVersion").asLong(-1);
                if (current >= 0) {
                    knownVersion.put(productId, current);
                } else {
                    knownVersion.remove(productId);
                }
                return;
            }
            ledger.unknownOutcomes.incrementAndGet();
            Thread.sleep(100 + random.nextInt(200)); // backoff before resending the same request
        }
        ledger.unresolved.add(key);
        knownVersion.remove(productId);
    }

    protected abstract boolean isKafka();
}
