package dev.versioned.faults;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Verifies the promise from the topics alone, independent of the code under test (plain JSON, its own
 * reading of the topics), for every (store, product) on its own:
 * <ol>
 *   <li>every request on the requests topic was sent by a writer (no more often than the writers' ledger
 *       says), and got exactly one result;</li>
 *   <li>no idempotency key was decided twice, none applied twice, and every replay repeats the first
 *       decision of its key;</li>
 *   <li>the applied versions are exactly 1..N, and the record's last state (the last record of its key in
 *       topic offset order, which is what a reader of the compacted topic ends up with) has version N and
 *       quantity = the sum of the applied deltas;</li>
 *   <li>every answer a writer's client received, first answers and replays alike, is the decision the
 *       audit log holds for its key.</li>
 * </ol>
 */
final class Checker {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> RECORDED =
            Set.of("APPLIED", "VERSION_CONFLICT", "INSUFFICIENT_STOCK", "QUANTITY_OUT_OF_RANGE");
    /** The fields a replay, and every answer a writer got, must share with the decision on record. */
    private static final List<String> DECISION_FIELDS =
            List.of("code", "newVersion", "newQuantity", "currentVersion", "currentQuantity");

    record Report(int requests, int results, long applied, long replays, int records, List<String> violations) {
        @Override
        public String toString() {
            return "requests=" + requests + " results=" + results + " applied=" + applied + " replays=" + replays
                    + " records=" + records + " violations=" + violations.size()
                    + (violations.isEmpty()
                            ? ""
                            : "\n  " + String.join("\n  ", violations.subList(0, Math.min(20, violations.size()))));
        }
    }

    /** One idempotency key of one record: {@code storeId/productId/key}. */
    static String id(String storeId, String productId, String key) {
        return storeId + "/" + productId + "/" + key;
    }

    private static String id(JsonNode r) {
        return id(
                r.path("storeId").asText(),
                r.path("productId").asText(),
                r.path("idempotencyKey").asText());
    }

    private static String recordOf(JsonNode r) {
        return r.path("storeId").asText() + "/" + r.path("productId").asText();
    }

    /** Reads the requests, results and state topics to their committed ends, and {@link #verify}s them. */
    static Report check(String bootstrap, Ledger ledger) throws Exception {
        return verify(
                readAll(bootstrap, "inventory.requests"),
                readAll(bootstrap, "inventory.results"),
                readAll(bootstrap, "inventory.state"),
                ledger);
    }

    /** Holds the records of the three topics (each in offset order per partition) and the ledger to the promise. */
    static Report verify(
            List<ConsumerRecord<String, String>> requests,
            List<ConsumerRecord<String, String>> results,
            List<ConsumerRecord<String, String>> states,
            Ledger ledger)
            throws Exception {
        List<String> violations = new ArrayList<>();
        List<JsonNode> resultJson = new ArrayList<>();
        for (ConsumerRecord<String, String> result : results) {
            resultJson.add(JSON.readTree(result.value()));
        }
        Map<String, Long> deltaOf = everyRequestSentAndAnsweredOnce(requests, resultJson, ledger, violations);
        Decisions decisions = oneDecisionPerKey(resultJson, violations);
        Applied applied = versionsAndQuantities(decisions.byKey(), deltaOf, states, violations);
        answersAreDecisions(decisions.byKey(), ledger, violations);
        return new Report(
                requests.size(), results.size(), applied.updates(), decisions.replays(), applied.records(), violations);
    }

    /** The first decision of each key, and how many replays repeated one. */
    private record Decisions(Map<String, JsonNode> byKey, long replays) {}

    /** How many updates were applied, to how many records. */
    private record Applied(long updates, int records) {}

    /**
     * Promise 1: every request was sent by a writer, and got exactly one result (by correlation id).
     *
     * @return the delta of each key, from the requests themselves
     */
    private static Map<String, Long> everyRequestSentAndAnsweredOnce(
            List<ConsumerRecord<String, String>> requests,
            List<JsonNode> results,
            Ledger ledger,
            List<String> violations)
            throws Exception {
        Map<String, Long> sendsOf = new HashMap<>();
        for (Ledger.Sent sent : ledger.sentSnapshot()) {
            sendsOf.merge(sent.id(), 1L, Long::sum);
        }
        Map<String, Integer> resultsPerCorrelation = new HashMap<>();
        for (JsonNode r : results) {
            resultsPerCorrelation.merge(r.path("correlationId").asText("?"), 1, Integer::sum);
        }
        Map<String, Long> deltaOf = new HashMap<>();
        Map<String, Long> requestsOf = new HashMap<>();
        for (ConsumerRecord<String, String> request : requests) {
            String correlation = header(request, "correlation-id");
            int count = resultsPerCorrelation.getOrDefault(correlation, 0);
            if (count != 1) {
                violations.add("request " + correlation + " has " + count + " results");
            }
            JsonNode r = JSON.readTree(request.value());
            String id = id(r);
            Long previous = deltaOf.put(id, r.path("delta").asLong());
            if (previous != null && previous != r.path("delta").asLong()) {
                violations.add("key " + id + " was sent with two different deltas");
            }
            long onTopic = requestsOf.merge(id, 1L, Long::sum);
            if (onTopic > sendsOf.getOrDefault(id, 0L)) {
                violations.add("key " + id + " is on the requests topic " + onTopic + " times but the writers sent it "
                        + sendsOf.getOrDefault(id, 0L) + " times");
            }
        }
        return deltaOf;
    }

    /** Promise 2: one decision per key, no key applied twice, and every replay repeats its key's decision. */
    private static Decisions oneDecisionPerKey(List<JsonNode> results, List<String> violations) {
        Map<String, JsonNode> decisionOf = new HashMap<>();
        Map<String, Integer> firstTimeApplied = new HashMap<>();
        for (JsonNode r : results) {
            String id = id(r);
            if (!r.path("replayed").asBoolean()
                    && r.path("code").asText().equals("APPLIED")
                    && firstTimeApplied.merge(id, 1, Integer::sum) == 2) {
                violations.add("key " + id + " applied twice");
            }
            if (!r.path("replayed").asBoolean()
                    && RECORDED.contains(r.path("code").asText())) {
                JsonNode earlier = decisionOf.put(id, r);
                if (earlier != null) {
                    violations.add("key " + id + " decided twice: " + earlier + " and " + r);
                }
            }
        }
        long replays = 0;
        for (JsonNode r : results) {
            if (r.path("replayed").asBoolean()) {
                replays++;
                JsonNode first = decisionOf.get(id(r));
                if (first == null || !same(first, r)) {
                    violations.add("replay of " + id(r) + " differs from its decision " + first + ": " + r);
                }
            }
        }
        return new Decisions(decisionOf, replays);
    }

    /**
     * Promise 3, per (store, product): the applied versions are 1..N, and the last state record has version N
     * and the sum of the applied deltas.
     */
    private static Applied versionsAndQuantities(
            Map<String, JsonNode> decisionOf,
            Map<String, Long> deltaOf,
            List<ConsumerRecord<String, String>> states,
            List<String> violations)
            throws Exception {
        Map<String, TreeSet<Long>> versions = new HashMap<>();
        Map<String, Long> sums = new HashMap<>();
        long applied = 0;
        for (var entry : decisionOf.entrySet()) {
            JsonNode r = entry.getValue();
            if (r.path("code").asText().equals("APPLIED")) {
                applied++;
                String record = recordOf(r);
                if (!versions.computeIfAbsent(record, p -> new TreeSet<>())
                        .add(r.path("newVersion").asLong())) {
                    violations.add(record + " has version " + r.path("newVersion") + " applied twice");
                }
                sums.merge(record, deltaOf.getOrDefault(entry.getKey(), Long.MIN_VALUE / 4), Long::sum);
            }
        }
        Map<String, JsonNode> lastState = lastStatePerKey(states, violations);
        for (var entry : versions.entrySet()) {
            TreeSet<Long> v = entry.getValue();
            if (v.first() != 1 || v.last() != v.size()) {
                violations.add(entry.getKey() + " applied versions are not 1.." + v.size() + ": " + v);
            }
            JsonNode state = lastState.get(entry.getKey());
            if (state == null || state.path("version").asLong() != v.size()) {
                violations.add(entry.getKey() + " last state version "
                        + (state == null ? "missing" : state.path("version")) + " but " + v.size() + " applied");
            } else if (state.path("quantity").asLong() != sums.get(entry.getKey())) {
                violations.add(entry.getKey() + " last state quantity " + state.path("quantity")
                        + " but applied deltas sum to " + sums.get(entry.getKey()));
            }
        }
        for (String record : lastState.keySet()) {
            if (!versions.containsKey(record)) {
                violations.add(record + " has state but no applied result");
            }
        }
        return new Applied(applied, versions.size());
    }

    /** Promise 4: every answer a writer got, first answers and replays alike, is the decision on record. */
    private static void answersAreDecisions(Map<String, JsonNode> decisionOf, Ledger ledger, List<String> violations) {
        for (Ledger.Answer answer : ledger.answersSnapshot()) {
            JsonNode decision = decisionOf.get(answer.id());
            if (decision == null) {
                if (RECORDED.contains(answer.code())) {
                    violations.add("writer was told " + answer + " but the audit log has no decision");
                }
            } else if (!same(decision, asJson(answer))) {
                violations.add("writer was told " + answer + " but the decision was " + decision);
            }
        }
    }

    /**
     * The last record of each state key in topic offset order. Not the one with the highest version: a
     * bug that wrote an older state after a newer one must show, and the last record is what compaction
     * keeps. A key is produced to one partition, so its offsets are comparable; a key found in two
     * partitions is a violation of its own.
     */
    private static Map<String, JsonNode> lastStatePerKey(
            List<ConsumerRecord<String, String>> states, List<String> violations) throws Exception {
        Map<String, ConsumerRecord<String, String>> last = new HashMap<>();
        for (ConsumerRecord<String, String> state : states) {
            ConsumerRecord<String, String> earlier = last.get(state.key());
            if (earlier != null && earlier.partition() != state.partition()) {
                violations.add("state key " + state.key() + " is in partitions " + earlier.partition() + " and "
                        + state.partition());
            }
            if (earlier == null || state.offset() > earlier.offset()) {
                last.put(state.key(), state);
            }
        }
        Map<String, JsonNode> values = new HashMap<>();
        for (var entry : last.entrySet()) {
            if (entry.getValue().value() == null) {
                continue; // a tombstone: the record was deleted
            }
            JsonNode value = JSON.readTree(entry.getValue().value());
            if (!recordOf(value).equals(entry.getKey())) {
                violations.add("state key " + entry.getKey() + " holds the record of " + recordOf(value));
            }
            values.put(entry.getKey(), value);
        }
        return values;
    }

    private static JsonNode asJson(Ledger.Answer answer) {
        ObjectNode node = JSON.createObjectNode().put("code", answer.code());
        putIfPresent(node, "newVersion", answer.newVersion());
        putIfPresent(node, "newQuantity", answer.newQuantity());
        putIfPresent(node, "currentVersion", answer.currentVersion());
        putIfPresent(node, "currentQuantity", answer.currentQuantity());
        return node;
    }

    private static void putIfPresent(ObjectNode node, String field, long value) {
        if (value >= 0) {
            node.put(field, value);
        }
    }

    private static boolean same(JsonNode decision, JsonNode other) {
        return DECISION_FIELDS.stream()
                .allMatch(f -> decision.path(f).asText().equals(other.path(f).asText()));
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "(none)" : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * Every committed record of a topic, once no transaction is pending on it: read from the beginning to
     * the end offsets taken when the last stable offset of every partition has reached its end.
     *
     * <p>Waiting matters: a transaction's commit returns before the coordinator has written its markers
     * to every partition, so for a moment the state partitions of the last transaction may still be
     * unreadable while its results already are (a read_committed consumer stops at the last stable
     * offset). Reading then would report those updates' state records as missing. A transaction that
     * never completes fails the wait, which names the topic.
     */
    static List<ConsumerRecord<String, String>> readAll(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        Properties uncommitted = new Properties();
        uncommitted.putAll(props);
        uncommitted.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        try (KafkaConsumer<String, String> consumer =
                        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
                KafkaConsumer<String, String> highWatermarks =
                        new KafkaConsumer<>(uncommitted, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long waitStart = System.nanoTime();
            Map<TopicPartition, Long> ends = await("no transaction pending on " + topic)
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(
                            () -> consumer.endOffsets(partitions),
                            stable -> stable.equals(highWatermarks.endOffsets(partitions)));
            System.out.printf(
                    "checker: %s had no pending transaction after %d ms%n",
                    topic, (System.nanoTime() - waitStart) / 1_000_000);
            List<ConsumerRecord<String, String>> all = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within 60 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
            }
            return all;
        }
    }
}
