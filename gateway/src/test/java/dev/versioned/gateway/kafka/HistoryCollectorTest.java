package dev.versioned.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The filtering and paging of one history page, fed results as they would come off the partition. */
class HistoryCollectorTest {

    private static final String STORE = "store-1";
    private static final String PRODUCT = "SKU-1";

    private static byte[] result(String store, String product, boolean applied, boolean replayed, long version) {
        String code = applied ? "APPLIED" : "VERSION_CONFLICT";
        return ("{\"storeId\":\"" + store + "\",\"productId\":\"" + product + "\",\"applied\":" + applied
                        + ",\"code\":\"" + code + "\",\"replayed\":" + replayed
                        + (applied ? ",\"newVersion\":" + version + ",\"newQuantity\":" + (version * 10) : "")
                        + ",\"lastUpdated\":\"2026-01-01T00:00:0" + (version % 10) + "Z\""
                        + ",\"idempotencyKey\":\"k" + version + "\",\"correlationId\":\"c" + version + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The result with {@code fields} added to its JSON object. */
    private static byte[] withAsked(byte[] result, String fields) {
        String json = new String(result, StandardCharsets.UTF_8);
        return (json.substring(0, json.length() - 1) + "," + fields + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] applied(long version) {
        return result(STORE, PRODUCT, true, false, version);
    }

    private static HistoryCollector collector(long fromVersion, int limit) {
        return new HistoryCollector(new HistoryQuery(STORE, PRODUCT, fromVersion, Optional.empty(), limit));
    }

    @Test
    @DisplayName("applied results of the record become entries, oldest first, with the result's fields")
    void appliedResultsAreEntries() {
        HistoryCollector collector = collector(1, 10);
        collector.offer(0, PRODUCT, applied(1));
        collector.offer(1, PRODUCT, applied(2));

        HistoryPage page = collector.finish(true, 2);

        assertThat(page.entries()).extracting(HistoryEntry::version).containsExactly(1L, 2L);
        HistoryEntry second = page.entries().get(1);
        assertThat(second.newQuantity()).contains(20L);
        assertThat(second.idempotencyKey()).contains("k2");
        assertThat(second.correlationId()).contains("c2");
        assertThat(second.lastUpdated())
                .hasValueSatisfying(t -> assertThat(t.toString()).isEqualTo("2026-01-01T00:00:02Z"));
        assertThat(page.complete()).isTrue();
        assertThat(page.next()).isEmpty();
        assertThat(page.scanned()).isEqualTo(2);
    }

    @Test
    @DisplayName("what the request asked (operation, delta or quantity) is in the entry when the result says it")
    void whatWasAsked() {
        HistoryCollector collector = collector(1, 10);
        collector.offer(0, PRODUCT, withAsked(applied(1), "\"operation\":\"SET\",\"quantity\":10"));
        collector.offer(1, PRODUCT, withAsked(applied(2), "\"operation\":\"ADJUST\",\"delta\":-4"));
        collector.offer(2, PRODUCT, withAsked(applied(3), "\"operation\":\"DELETE\""));

        HistoryPage page = collector.finish(true, 3);

        assertThat(page.entries())
                .extracting(e -> e.operation().orElseThrow().name())
                .containsExactly("SET", "ADJUST", "DELETE");
        assertThat(page.entries().get(0).quantity()).contains(10L);
        assertThat(page.entries().get(0).delta()).isEmpty();
        assertThat(page.entries().get(1).delta()).contains(-4L);
        assertThat(page.entries().get(2).quantity()).isEmpty();
    }

    @Test
    @DisplayName("a result written before results said what was asked is an entry without those fields")
    void olderResultWithoutAsked() {
        HistoryCollector collector = collector(1, 10);
        collector.offer(0, PRODUCT, applied(1));

        HistoryEntry entry = collector.finish(true, 1).entries().get(0);

        assertThat(entry.operation()).isEmpty();
        assertThat(entry.delta()).isEmpty();
        assertThat(entry.quantity()).isEmpty();
    }

    @Test
    @DisplayName("refusals and replays are not changes")
    void refusalsAndReplaysAreSkipped() {
        HistoryCollector collector = collector(1, 10);
        collector.offer(0, PRODUCT, applied(1));
        collector.offer(1, PRODUCT, result(STORE, PRODUCT, false, false, 0));
        collector.offer(2, PRODUCT, result(STORE, PRODUCT, true, true, 1));

        assertThat(collector.finish(true, 3).entries())
                .extracting(HistoryEntry::version)
                .containsExactly(1L);
    }

    @Test
    @DisplayName("another store's changes of the same product, and other products, are not mixed in")
    void otherRecordsAreSkipped() {
        HistoryCollector collector = collector(1, 10);
        collector.offer(0, PRODUCT, result("store-2", PRODUCT, true, false, 1));
        collector.offer(1, "SKU-2", result(STORE, "SKU-2", true, false, 1));
        collector.offer(2, PRODUCT, applied(1));

        assertThat(collector.finish(true, 3).entries()).hasSize(1);
    }

    @Test
    @DisplayName("a record keyed by the product but naming another product in its value is not taken")
    void valueMustNameTheProduct() {
        HistoryCollector collector = collector(1, 10);
        collector.offer(0, PRODUCT, result(STORE, "SKU-2", true, false, 1));

        assertThat(collector.finish(true, 1).entries()).isEmpty();
    }

    @Test
    @DisplayName("an unreadable value or a tombstone is skipped, not fatal")
    void unreadableIsSkipped() {
        HistoryCollector collector = collector(1, 10);
        collector.offer(0, PRODUCT, "not json".getBytes(StandardCharsets.UTF_8));
        collector.offer(1, PRODUCT, null);
        collector.offer(2, PRODUCT, applied(1));

        assertThat(collector.finish(true, 3).entries()).hasSize(1);
    }

    @Test
    @DisplayName("versions below fromVersion are left out")
    void fromVersionIsInclusive() {
        HistoryCollector collector = collector(3, 10);
        for (long v = 1; v <= 4; v++) {
            collector.offer(v - 1, PRODUCT, applied(v));
        }

        assertThat(collector.finish(true, 4).entries())
                .extracting(HistoryEntry::version)
                .containsExactly(3L, 4L);
    }

    @Test
    @DisplayName("a version that does not ascend is shown once")
    void repeatedVersionIsShownOnce() {
        HistoryCollector collector = collector(1, 10);
        collector.offer(0, PRODUCT, applied(1));
        collector.offer(1, PRODUCT, applied(1));
        collector.offer(2, PRODUCT, applied(2));

        assertThat(collector.finish(true, 3).entries())
                .extracting(HistoryEntry::version)
                .containsExactly(1L, 2L);
    }

    @Test
    @DisplayName("a full page stops at the first change beyond it, and the cursor points at that change")
    void fullPageHasCursorAtNextChange() {
        HistoryCollector collector = collector(1, 2);
        assertThat(collector.offer(10, PRODUCT, applied(1))).isFalse();
        assertThat(collector.offer(11, PRODUCT, applied(2))).isFalse();
        assertThat(collector.offer(12, "SKU-2", applied(1))).isFalse();

        boolean stop = collector.offer(13, PRODUCT, applied(3));
        HistoryPage page = collector.finish(false, 13);

        assertThat(stop).isTrue();
        assertThat(page.entries()).hasSize(2);
        assertThat(page.complete()).isTrue();
        assertThat(page.next()).contains(new HistoryCursor(3, 13));
    }

    @Test
    @DisplayName("a page of exactly the remaining changes has no cursor")
    void exactPageAtEndHasNoCursor() {
        HistoryCollector collector = collector(1, 2);
        collector.offer(0, PRODUCT, applied(1));
        collector.offer(1, PRODUCT, applied(2));

        HistoryPage page = collector.finish(true, 2);

        assertThat(page.complete()).isTrue();
        assertThat(page.next()).isEmpty();
    }

    @Test
    @DisplayName("a scan cut by a bound is incomplete, and goes on after the last change it found")
    void boundCutsScan() {
        HistoryCollector collector = collector(1, 10);
        collector.offer(0, PRODUCT, applied(1));
        collector.offer(1, "SKU-2", applied(1));

        HistoryPage page = collector.finish(false, 2);

        assertThat(page.complete()).isFalse();
        assertThat(page.next()).contains(new HistoryCursor(2, 2));
    }

    @Test
    @DisplayName("a scan cut by a bound before any change keeps the asked fromVersion in its cursor")
    void boundBeforeAnyChange() {
        HistoryCollector collector = collector(5, 10);
        collector.offer(0, "SKU-2", applied(1));

        HistoryPage page = collector.finish(false, 1);

        assertThat(page.entries()).isEmpty();
        assertThat(page.next()).contains(new HistoryCursor(5, 1));
    }
}
