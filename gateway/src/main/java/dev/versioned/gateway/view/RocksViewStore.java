package dev.versioned.gateway.view;

import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.RecordKey;
import dev.versioned.schemas.WireSerdes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.CompressionType;
import org.rocksdb.IndexType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The state view's records in a RocksDB database of its own, in a local directory: the heap holds none of
 * them, and RocksDB's memory is bounded by its settings, not by the number of records (a block cache of
 * {@value #BLOCK_CACHE_BYTES} bytes that also holds the (partitioned) index and filter blocks, and at most
 * two memtables of {@value #WRITE_BUFFER_BYTES} bytes).
 *
 * <p>The key is {@code storeId/productId} in UTF-8 ({@link RecordKey#asString()}). The separator is
 * forbidden in ids, so {@code storeId/} is a prefix that holds exactly one store's records, in productId
 * order: listing a store is a range scan. The value is the record's wire form as read from the state topic.
 *
 * <p>The directory is the view's alone and rebuilt from the state topic at every start: {@link #open}
 * deletes whatever it holds first, and {@link #close} deletes it. So nothing is written ahead (no WAL): a
 * crash loses only what the next start reads again. RocksDB's lock file stops a second view from opening a
 * directory in use.
 */
public final class RocksViewStore implements ViewStore {

    static final long BLOCK_CACHE_BYTES = 32L << 20;
    static final long WRITE_BUFFER_BYTES = 16L << 20;

    static {
        RocksDB.loadLibrary();
    }

    private final Path directory;
    private final Cache cache;
    private final Options options;
    private final WriteOptions writeOptions;
    private final RocksDB db;
    private final WriteBatch batch = new WriteBatch();
    /** Reads hold the read lock, close the write lock: no read ever reaches a closed (freed) database. */
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();

    private boolean closed;

    private RocksViewStore(Path directory, Cache cache, Options options, WriteOptions writeOptions, RocksDB db) {
        this.directory = directory;
        this.cache = cache;
        this.options = options;
        this.writeOptions = writeOptions;
        this.db = db;
    }

    /** Opens an empty store in {@code directory}, deleting whatever a previous run left there. */
    public static RocksViewStore open(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the state view directory " + directory, e);
        }
        // Opened once before the directory is emptied: a view still running on it holds RocksDB's lock, and
        // fails this open instead of losing its files.
        try (Options probe = new Options().setCreateIfMissing(true);
                RocksDB previous = RocksDB.open(probe, directory.toString())) {
            previous.getLatestSequenceNumber();
        } catch (RocksDBException e) {
            throw new IllegalStateException(
                    "cannot open the state view directory " + directory + " (is another gateway using it?)", e);
        }
        deleteTree(directory);
        // Half of the cache is kept for index and filter blocks, so that data blocks cannot evict them.
        Cache cache = new LRUCache(BLOCK_CACHE_BYTES, -1, false, 0.5);
        Options options = new Options()
                .setCreateIfMissing(true)
                .setWriteBufferSize(WRITE_BUFFER_BYTES)
                .setMaxWriteBufferNumber(2)
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setTableFormatConfig(new BlockBasedTableConfig()
                        .setBlockCache(cache)
                        .setBlockSize(16 * 1024)
                        // Index and filter blocks count against the cache instead of growing with the files.
                        // Partitioned, so that a read loads a small partition, not a whole file's index:
                        // with whole indexes evicted, a read on a million records took 0.3 ms instead of 0.015.
                        .setCacheIndexAndFilterBlocks(true)
                        .setCacheIndexAndFilterBlocksWithHighPriority(true)
                        .setIndexType(IndexType.kTwoLevelIndexSearch)
                        .setPartitionFilters(true)
                        .setPinTopLevelIndexAndFilter(true)
                        .setPinL0FilterAndIndexBlocksInCache(true)
                        .setFilterPolicy(new BloomFilter(10, false)));
        // Rebuilt from the topic at each start: a write-ahead log would protect nothing.
        WriteOptions writeOptions = new WriteOptions().setDisableWAL(true);
        try {
            return new RocksViewStore(
                    directory, cache, options, writeOptions, RocksDB.open(options, directory.toString()));
        } catch (RocksDBException e) {
            writeOptions.close();
            options.close();
            cache.close();
            throw new IllegalStateException("cannot open the state view's RocksDB in " + directory, e);
        }
    }

    /**
     * Deletes {@code directory} if it holds a view's database that no running view has open (RocksDB's lock is
     * free): what a killed gateway leaves behind. Anything else (in use, not a database) is left alone.
     */
    static boolean deleteIfAbandoned(Path directory) {
        try (Options probe = new Options().setCreateIfMissing(false);
                RocksDB abandoned = RocksDB.open(probe, directory.toString())) {
            abandoned.getLatestSequenceNumber();
        } catch (RocksDBException e) {
            return false;
        }
        deleteTree(directory);
        return true;
    }

    public Path directory() {
        return directory;
    }

    @Override
    public void put(RecordKey key, InventoryRecord record, byte[] bytes) {
        try {
            batch.put(encode(key), bytes);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot stage " + key, e);
        }
    }

    @Override
    public void remove(RecordKey key) {
        try {
            batch.delete(encode(key));
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot stage the deletion of " + key, e);
        }
    }

    @Override
    public void commit() {
        if (batch.count() == 0) {
            return;
        }
        read(() -> {
            db.write(writeOptions, batch);
            batch.clear();
            return null;
        });
    }

    @Override
    public Optional<InventoryRecord> get(RecordKey key) {
        return read(() -> Optional.ofNullable(db.get(encode(key))).map(WireSerdes.INVENTORY_RECORD::fromBytes));
    }

    @Override
    public List<InventoryRecord> list(String storeId, Optional<String> afterProductId, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        byte[] prefix = (storeId + RecordKey.SEPARATOR).getBytes(StandardCharsets.UTF_8);
        byte[] start =
                afterProductId.map(p -> encode(new RecordKey(storeId, p))).orElse(prefix);
        // The first key past the prefix: the separator's byte plus one.
        byte[] end = prefix.clone();
        end[end.length - 1]++;
        return read(() -> {
            List<InventoryRecord> page = new ArrayList<>(Math.min(limit, 1_000));
            try (Slice upper = new Slice(end);
                    ReadOptions bounded = new ReadOptions().setIterateUpperBound(upper);
                    RocksIterator it = db.newIterator(bounded)) {
                it.seek(start);
                if (afterProductId.isPresent() && it.isValid() && Arrays.equals(it.key(), start)) {
                    it.next(); // strictly after
                }
                for (; it.isValid() && page.size() < limit; it.next()) {
                    InventoryRecord record = WireSerdes.INVENTORY_RECORD.fromBytes(it.value());
                    if (listed(record)) {
                        page.add(record);
                    }
                }
                it.status();
            }
            return List.copyOf(page);
        });
    }

    @Override
    public long approximateSize() {
        return read(() -> db.getLongProperty("rocksdb.estimate-num-keys"));
    }

    /** Closes the database and deletes its directory; idempotent. */
    @Override
    public void close() {
        Lock lock = lifecycle.writeLock();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            db.close();
            batch.close();
            writeOptions.close();
            options.close();
            cache.close();
        } finally {
            lock.unlock();
        }
        deleteTree(directory);
    }

    /** A listing leaves out what a soft delete marked deleted; {@link #get} still returns it. */
    private static boolean listed(InventoryRecord record) {
        return !record.deleted();
    }

    private static byte[] encode(RecordKey key) {
        return key.asString().getBytes(StandardCharsets.UTF_8);
    }

    private interface RocksCall<T> {
        T call() throws RocksDBException;
    }

    private <T> T read(RocksCall<T> call) {
        Lock lock = lifecycle.readLock();
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the state view's store in " + directory + " is closed");
            }
            return call.call();
        } catch (RocksDBException e) {
            throw new IllegalStateException("state view store in " + directory + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) { // files before their directories
                Files.deleteIfExists(p);
            }
        } catch (NoSuchFileException e) {
            // deleted meanwhile (another gateway's sweep of abandoned directories): gone all the same
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the state view directory " + dir, e);
        }
    }
}
