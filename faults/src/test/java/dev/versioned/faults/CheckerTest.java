package dev.versioned.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The chaos checker against hand-made topic contents, so that each rule is seen to fail when it should:
 * a checker that passes everything would make the chaos run prove nothing. The baseline is a consistent
 * history of one product in two stores (same product id, same idempotency key in both: two records).
 */
class CheckerTest {

    private final List<ConsumerRecord<String, String>> requests = new ArrayList<>();
    private final List<ConsumerRecord<String, String>> results = new ArrayList<>();
    private final List<ConsumerRecord<String, String>> states = new ArrayList<>();
    private final Ledger ledger = new Ledger();

    /** store-1/P: k1 +5 applied at v1, k2 +3 applied at v2, k1 resent and replayed; store-2/P: k1 +2 at v1. */
    private void consistentHistory() {
        send("store-1", "k1", 5, 0, "c1");
        decide("c1", "store-1", "k1", false, 1, 5);
        send("store-1", "k2", 3, 1, "c2");
        decide("c2", "store-1", "k2", false, 2, 8);
        send("store-1", "k1", 5, 0, "c3");
        decide("c3", "store-1", "k1", true, 1, 5);
        send("store-2", "k1", 2, 0, "c4");
        decide("c4", "store-2", "k1", false, 1, 2);
        state("store-1", 1, 5);
        state("store-1", 2, 8);
        state("store-2", 1, 2);
    }

    @Test
    @DisplayName(
            "given a consistent history in two stores, when verified, then there is no violation and each store's record counts on its own")
    void givenConsistentHistory_whenVerified_thenNoViolation() throws Exception {
        consistentHistory();

        Checker.Report report = verify();

        assertThat(report.violations()).isEmpty();
        assertThat(report.records()).isEqualTo(2);
        assertThat(report.applied()).isEqualTo(3);
        assertThat(report.replays()).isEqualTo(1);
    }

    @Test
    @DisplayName(
            "given an older state written after the newest, when verified, then the last record in offset order is held to the audit log")
    void givenStaleLastState_whenVerified_thenViolation() throws Exception {
        consistentHistory();
        state("store-1", 1, 5); // a highest-version reading would still find version 2

        assertThat(verify().violations()).anyMatch(v -> v.contains("store-1/P last state version 1 but 2 applied"));
    }

    @Test
    @DisplayName(
            "given a key applied a second time without the replay flag, when verified, then the key is reported applied twice")
    void givenKeyAppliedTwice_whenVerified_thenViolation() throws Exception {
        consistentHistory();
        send("store-1", "k1", 5, 0, "c5");
        decide("c5", "store-1", "k1", false, 3, 13);

        assertThat(verify().violations()).anyMatch(v -> v.equals("key store-1/P/k1 applied twice"));
    }

    @Test
    @DisplayName(
            "given a writer told another version than the audit log decided, when verified, then the answer is reported")
    void givenAnswerDiffersFromDecision_whenVerified_thenViolation() throws Exception {
        consistentHistory();
        ledger.answers.add(new Ledger.Answer("store-2", "P", "k1", "APPLIED", false, 7, 2, -1, -1, true));

        assertThat(verify().violations()).anyMatch(v -> v.startsWith("writer was told") && v.contains("store-2"));
    }

    @Test
    @DisplayName("given a request on the topic that no writer sent, when verified, then it is reported")
    void givenRequestNoWriterSent_whenVerified_thenViolation() throws Exception {
        consistentHistory();
        requests.add(request("store-2", "k9", 1, 1, "c9"));
        decide("c9", "store-2", "k9", false, 2, 3);
        state("store-2", 2, 3);

        assertThat(verify().violations())
                .anyMatch(v -> v.contains("store-2/P/k9 is on the requests topic 1 times but the writers sent it 0"));
    }

    private Checker.Report verify() throws Exception {
        return Checker.verify(requests, results, states, ledger);
    }

    private void send(String store, String key, long delta, long version, String correlation) {
        ledger.sent.add(new Ledger.Sent(store, "P", key, delta, version, 1, 1, false));
        requests.add(request(store, key, delta, version, correlation));
    }

    private ConsumerRecord<String, String> request(
            String store, String key, long delta, long version, String correlation) {
        ConsumerRecord<String, String> record = new ConsumerRecord<>(
                "inventory.requests",
                0,
                requests.size(),
                "P",
                "{\"storeId\":\"" + store + "\",\"productId\":\"P\",\"delta\":" + delta + ",\"version\":" + version
                        + ",\"idempotencyKey\":\"" + key + "\"}");
        record.headers().add("correlation-id", correlation.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private void decide(String correlation, String store, String key, boolean replayed, long version, long quantity) {
        results.add(new ConsumerRecord<>(
                "inventory.results",
                0,
                results.size(),
                "P",
                "{\"correlationId\":\""
                        + correlation + "\",\"storeId\":\"" + store + "\",\"productId\":\"P\",\"idempotencyKey\":\""
                        + key
                        + "\",\"applied\":true,\"code\":\"APPLIED\",\"replayed\":" + replayed + ",\"newVersion\":"
                        + version
                        + ",\"newQuantity\":" + quantity + "}"));
        ledger.answers.add(new Ledger.Answer(store, "P", key, "APPLIED", replayed, version, quantity, -1, -1, false));
    }

    private void state(String store, long version, long quantity) {
        states.add(new ConsumerRecord<>(
                "inventory.state",
                0,
                states.size(),
                store + "/P",
                "{\"storeId\":\"" + store + "\",\"productId\":\"P\",\"quantity\":" + quantity + ",\"version\":"
                        + version + "}"));
    }
}
