package dev.versioned.client.it;

import dev.versioned.client.Change;
import dev.versioned.client.Inventory;
import dev.versioned.client.Updated;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Many writers doing read-modify-write increments of one record at once, each increment one operation id. */
final class Workload {

    /** What the writers did. */
    record Done(List<String> operationIds, List<Updated> updates) {
        int attempts() {
            return updates.stream().mapToInt(Updated::attempts).sum();
        }

        int resends() {
            return updates.stream().mapToInt(Updated::resends).sum();
        }
    }

    private Workload() {}

    static Done increments(
            Inventory inventory, String storeId, String productId, int threads, int perThread, String prefix)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<String> ids = new ArrayList<>();
            List<Future<List<Updated>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<String> mine = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    mine.add(prefix + "-w" + t + "-" + i);
                }
                ids.addAll(mine);
                futures.add(pool.submit(() -> {
                    List<Updated> done = new ArrayList<>();
                    for (String id : mine) {
                        done.add(inventory.update(storeId, productId, (quantity, version) -> Change.delta(1), id));
                    }
                    return done;
                }));
            }
            List<Updated> updates = new ArrayList<>();
            for (Future<List<Updated>> future : futures) {
                updates.addAll(future.get(5, TimeUnit.MINUTES));
            }
            return new Done(ids, updates);
        } finally {
            pool.shutdownNow();
        }
    }
}
