package dev.versioned.bench;

import dev.versioned.client.kafka.KafkaClients;
import dev.versioned.gateway.kafka.StateView;
import dev.versioned.gateway.view.RocksViewStore;
import dev.versioned.gateway.view.ViewStore;
import dev.versioned.schemas.RecordKey;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * One state view catching up on a filled state topic, in a JVM of its own so that heaps compare
 * ({@link ViewBench} starts one per variant and round). Prints one {@code VIEW RESULT} line:
 * catch-up time, heap used after {@code System.gc()} (the view held, caught up), the process's resident
 * memory, the store's bytes on disk, and the time of a random {@code get} (after a discarded warm-up pass;
 * the key is formatted inside the timed loop, a few µs of it).
 *
 * <p>Arguments: bootstrap servers, topic, variant ({@code heap} or {@code rocksdb}), a directory for RocksDB,
 * the number of records filled.
 */
public final class ViewBenchChild {

    private static final int READS = 200_000;

    private ViewBenchChild() {}

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String topic = args[1];
        String variant = args[2];
        Path dir = Path.of(args[3]);
        long records = Long.parseLong(args[4]);
        Supplier<ViewStore> store = switch (variant) {
            case "heap" -> HeapViewStore::new;
            case "rocksdb" -> () -> RocksViewStore.open(dir);
            default -> throw new IllegalArgumentException("variant must be heap or rocksdb: " + variant);
        };
        StateView view = new StateView(
                new KafkaClients(Map.of("bootstrap.servers", bootstrap), "view-bench-" + variant),
                topic,
                Duration.ofMinutes(30),
                store);
        long started = System.nanoTime();
        view.start(); // returns once caught up (or at the timeout)
        long catchUpMs = (System.nanoTime() - started) / 1_000_000;
        if (!view.isCaughtUp()) {
            throw new IllegalStateException("not caught up after 30 minutes");
        }
        long held = view.size();
        // The reads touch the store as a running gateway would (RocksDB fills its block cache up to its bound).
        reads(view, records, 50_000, 1); // discarded: the JIT compiles the read path here
        double getUs = reads(view, records, READS, 42);
        long disk = variant.equals("rocksdb") ? bytesUnder(dir) : 0;
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long rss = residentBytes();
        System.out.printf(
                "VIEW RESULT variant=%s records=%d held=%d catchUpMs=%d heapAfterGc=%d rss=%d disk=%d getUs=%.2f%n",
                variant, records, held, catchUpMs, heap, rss, disk, getUs);
        view.stop();
        System.out.println("VIEW DONE");
    }

    private static double reads(StateView view, long records, int count, long seed) {
        Random random = new Random(seed);
        long found = 0;
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            RecordKey key = StateTopicFill.key((long) (random.nextDouble() * records));
            if (view.get(key).isPresent()) {
                found++;
            }
        }
        long elapsed = System.nanoTime() - started;
        if (found != count) {
            throw new IllegalStateException("only " + found + " of " + count + " keys found");
        }
        return elapsed / 1e3 / count;
    }

    /** VmRSS of this process: heap, metaspace, threads and RocksDB's native memory. */
    private static long residentBytes() throws IOException {
        List<String> status = Files.readAllLines(Path.of("/proc/self/status"));
        return status.stream()
                .filter(l -> l.startsWith("VmRSS:"))
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024)
                .findFirst()
                .orElse(-1L);
    }

    private static long bytesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }
}
