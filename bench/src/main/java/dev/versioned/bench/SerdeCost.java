package dev.versioned.bench;

import dev.versioned.schemas.Fingerprint;
import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.ParsedRequest;
import dev.versioned.schemas.RequestParser;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.UpdateResult;
import dev.versioned.schemas.WireSerdes;
import java.time.Instant;
import java.util.Optional;

/**
 * CPU time of the per-record serialization work of an applied update, measured in one thread outside
 * Kafka: parse and validate the request, fingerprint it (SHA-256), write the inventory record (state topic
 * and changelog) and the result (results topic, reply, idempotency entry). A rough microbenchmark (no
 * JMH): it tells how much of the per-record budget JSON and hashing take, not an exact figure.
 */
final class SerdeCost {

    /** Microseconds per applied update for each step and in total. */
    record Cost(double parseUs, double fingerprintUs, double recordUs, double resultUs) {
        double totalUs() {
            return parseUs + fingerprintUs + recordUs + resultUs;
        }
    }

    private SerdeCost() {}

    static Cost measure(int n) {
        byte[][] inputs = new byte[1000][];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = WireSerdes.UPDATE_REQUEST.toBytes(RequestLoad.request(i));
        }
        run(inputs, n / 2); // warm-up
        return run(inputs, n);
    }

    private static long sink;

    private static Cost run(byte[][] inputs, int n) {
        long parse = 0;
        long fingerprint = 0;
        long record = 0;
        long result = 0;
        Instant now = Instant.now();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            ParsedRequest parsed = RequestParser.parse(inputs[i % inputs.length], 16_384);
            UpdateRequest request = ((ParsedRequest.Valid) parsed).request();
            long t1 = System.nanoTime();
            String fp = Fingerprint.of(request);
            long t2 = System.nanoTime();
            InventoryRecord after = new InventoryRecord(request.storeId(), request.productId(), 5, 6, now);
            byte[] r = WireSerdes.INVENTORY_RECORD.toBytes(after);
            InventoryRecord back = WireSerdes.INVENTORY_RECORD.fromBytes(r); // the store's get
            long t3 = System.nanoTime();
            UpdateResult res = UpdateResult.applied(request, Optional.of("c-" + i), back);
            byte[] out = WireSerdes.UPDATE_RESULT.toBytes(res);
            long t4 = System.nanoTime();
            sink += fp.length() + out.length;
            parse += t1 - t0;
            fingerprint += t2 - t1;
            record += t3 - t2;
            result += t4 - t3;
        }
        return new Cost(parse / 1e3 / n, fingerprint / 1e3 / n, record / 1e3 / n, result / 1e3 / n);
    }
}
