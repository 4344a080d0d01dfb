package dev.versioned.gateway.kafka;

import dev.versioned.schemas.UpdateResult;
import dev.versioned.schemas.WireSerdes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The filtering and paging of one history page, fed the records of the product's results partition in
 * offset order. Only an applied, not replayed result of this store and product is a change (a replay
 * changed nothing; a refusal neither). A product's results are written by the one task that decides it, in
 * decision order, so versions ascend with offsets; a version that does not ascend (it cannot, unless the
 * topic was written by something else) is skipped rather than shown twice.
 */
final class HistoryCollector {

    private final HistoryQuery query;
    private final List<HistoryEntry> entries = new ArrayList<>();
    /** The last version taken: the next one shown must be above it. */
    private long lastVersion;

    private Optional<HistoryCursor> overflow = Optional.empty();
    private long scanned;

    HistoryCollector(HistoryQuery query) {
        this.query = query;
        this.lastVersion = query.fromVersion() - 1;
    }

    /**
     * Examines the record at {@code offset}; true once the page is full and the first change beyond it has
     * been seen, so that the answer knows a next page exists and where it starts: stop reading then.
     */
    boolean offer(long offset, String key, byte[] value) {
        scanned++;
        // Results are keyed by productId: the other products of the partition are skipped without parsing.
        if (!query.productId().equals(key) || value == null) {
            return false;
        }
        Optional<UpdateResult> parsed = parse(value);
        if (parsed.isEmpty()) {
            return false;
        }
        UpdateResult result = parsed.get();
        if (!result.applied()
                || result.replayed()
                || !result.storeId().equals(Optional.of(query.storeId()))
                || !result.productId().equals(Optional.of(query.productId()))
                || result.newVersion().isEmpty()) {
            return false;
        }
        long version = result.newVersion().get();
        if (version <= lastVersion) {
            return false;
        }
        if (entries.size() == query.limit()) {
            overflow = Optional.of(new HistoryCursor(version, offset));
            return true;
        }
        entries.add(HistoryEntry.of(version, result));
        lastVersion = version;
        return false;
    }

    /** The page once reading has stopped: {@code nextOffset} is the first offset not examined. */
    HistoryPage finish(boolean reachedEnd, long nextOffset) {
        if (overflow.isPresent()) {
            return page(true, overflow);
        }
        if (reachedEnd) {
            return page(true, Optional.empty());
        }
        // Cut by a bound: the caller goes on from where this scan stopped.
        return page(false, Optional.of(new HistoryCursor(lastVersion + 1, nextOffset)));
    }

    private HistoryPage page(boolean complete, Optional<HistoryCursor> next) {
        return new HistoryPage(query.storeId(), query.productId(), entries, complete, next, scanned);
    }

    private static Optional<UpdateResult> parse(byte[] value) {
        try {
            return Optional.of(WireSerdes.UPDATE_RESULT.fromBytes(value));
        } catch (RuntimeException e) {
            return Optional.empty(); // not a result this gateway can read: not a change it can show
        }
    }
}
