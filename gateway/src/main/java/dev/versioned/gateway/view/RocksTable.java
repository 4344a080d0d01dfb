package dev.versioned.gateway.view;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.function.Function;
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
 * A view's records in a RocksDB database of its own, in a local directory, as bytes: what every disk-backed view
 * of a compacted topic needs ({@link RocksViewStore} for the inventory, the document view for documents). The
 * heap holds none of the records, and RocksDB's memory is bounded by its settings, not by the number of records
 * (a block cache of {@value #BLOCK_CACHE_BYTES} bytes that also holds the (partitioned) index and filter blocks,
 * and at most two memtables of {@value #WRITE_BUFFER_BYTES} bytes).
 *
 * <p>Written by one thread ({@link #put}, {@link #delete}, then {@link #commit}, so that readers see a batch's
 * changes once it is committed), read by any thread.
 *
 * <p>The directory is the view's alone and rebuilt from its topic at every start: {@link #open} deletes whatever
 * it holds first, and {@link #close} deletes it. So nothing is written ahead (no WAL): a crash loses only what the
 * next start reads again. RocksDB's lock file stops a second view from opening a directory in use.
 */
public final class RocksTable implements AutoCloseable {

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

    private RocksTable(Path directory, Cache cache, Options options, WriteOptions writeOptions, RocksDB db) {
        this.directory = directory;
        this.cache = cache;
        this.options = options;
        this.writeOptions = writeOptions;
        this.db = db;
    }

    /** Opens an empty store in {@code directory}, deleting whatever a previous run left there. */
    public static RocksTable open(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the view directory " + directory, e);
        }
        // Opened once before the directory is emptied: a view still running on it holds RocksDB's lock, and
        // fails this open instead of losing its files.
        try (Options probe = new Options().setCreateIfMissing(true);
                RocksDB previous = RocksDB.open(probe, directory.toString())) {
            previous.getLatestSequenceNumber();
        } catch (RocksDBException e) {
            throw new IllegalStateException(
                    "cannot open the view directory " + directory + " (is another gateway using it?)", e);
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
            return new RocksTable(directory, cache, options, writeOptions, RocksDB.open(options, directory.toString()));
        } catch (RocksDBException e) {
            writeOptions.close();
            options.close();
            cache.close();
            throw new IllegalStateException("cannot open the view's RocksDB in " + directory, e);
        }
    }

    /**
     * Deletes {@code directory} if it holds a view's database that no running view has open (RocksDB's lock is
     * free): what a killed gateway leaves behind. Anything else (in use, not a database) is left alone.
     */
    public static boolean deleteIfAbandoned(Path directory) {
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

    /** Stages {@code value} under {@code key}. */
    public void put(byte[] key, byte[] value) {
        try {
            batch.put(key, value);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot stage a record in " + directory, e);
        }
    }

    /** Stages the deletion of {@code key}. */
    public void delete(byte[] key) {
        try {
            batch.delete(key);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot stage a deletion in " + directory, e);
        }
    }

    /** Makes the staged changes visible to readers. */
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

    public Optional<byte[]> get(byte[] key) {
        return read(() -> Optional.ofNullable(db.get(key)));
    }

    /**
     * Up to {@code limit} values of the keys that start with {@code prefix}, in key byte order, from {@code start}
     * (a key with that prefix, left out itself when {@code afterStart}), each read by {@code read}; a value it
     * reads as empty is left out and does not count.
     */
    public <T> List<T> scan(
            byte[] prefix, byte[] start, boolean afterStart, int limit, Function<byte[], Optional<T>> read) {
        if (limit <= 0) {
            return List.of();
        }
        // The first key past the prefix: its last byte plus one.
        byte[] end = prefix.clone();
        end[end.length - 1]++;
        return read(() -> {
            List<T> page = new ArrayList<>(Math.min(limit, 1_000));
            try (Slice upper = new Slice(end);
                    ReadOptions bounded = new ReadOptions().setIterateUpperBound(upper);
                    RocksIterator it = db.newIterator(bounded)) {
                it.seek(start);
                if (afterStart && it.isValid() && Arrays.equals(it.key(), start)) {
                    it.next(); // strictly after
                }
                for (; it.isValid() && page.size() < limit; it.next()) {
                    read.apply(it.value()).ifPresent(page::add);
                }
                it.status();
            }
            return List.copyOf(page);
        });
    }

    /**
     * The values of the keys from {@code lower} (included) to {@code upper} (excluded), in key byte order, or from the
     * last key before {@code upper} down to {@code lower} when {@code reverse}: at most {@code limit} of them, and no
     * more once they add up to {@code maxBytes} (the first one is always taken). Only the values returned are ever
     * held: a range far larger than the page is never read whole.
     */
    public List<byte[]> range(byte[] lower, byte[] upper, boolean reverse, int limit, long maxBytes) {
        if (limit <= 0 || Arrays.compareUnsigned(lower, upper) >= 0) {
            return List.of();
        }
        return read(() -> {
            List<byte[]> page = new ArrayList<>(Math.min(limit, 1_000));
            long bytes = 0;
            try (Slice lowerBound = new Slice(lower);
                    Slice upperBound = new Slice(upper);
                    ReadOptions bounded =
                            new ReadOptions().setIterateLowerBound(lowerBound).setIterateUpperBound(upperBound);
                    RocksIterator it = db.newIterator(bounded)) {
                if (reverse) {
                    it.seekToLast();
                } else {
                    it.seek(lower);
                }
                while (it.isValid() && page.size() < limit) {
                    byte[] value = it.value();
                    if (!page.isEmpty() && bytes + value.length > maxBytes) {
                        break;
                    }
                    page.add(value);
                    bytes += value.length;
                    if (reverse) {
                        it.prev();
                    } else {
                        it.next();
                    }
                }
                it.status();
            }
            return page;
        });
    }

    /** How many keys it holds, estimated by RocksDB. */
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

    private interface RocksCall<T> {
        T call() throws RocksDBException;
    }

    private <T> T read(RocksCall<T> call) {
        Lock lock = lifecycle.readLock();
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the view's store in " + directory + " is closed");
            }
            return call.call();
        } catch (RocksDBException e) {
            throw new IllegalStateException("view store in " + directory + ": " + e.getMessage(), e);
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
            throw new UncheckedIOException("cannot delete the view directory " + dir, e);
        }
    }
}
