package dev.versioned.faults;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * reading of the topics): every request got exactly one result; no idempotency key was decided or
 * applied twice; replays repeat the first decision; per record, applied versions are exactly 1..N, the
 * final state has version N and quantity = sum of the applied deltas; and every answer a writer was
 * given is what the audit log says.
 */
final class Checker {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> RECORDED = Set.of("APPLIED", "VERSION_CONFLICT", "INSUFFICIENT_STOCK",
            "QUANTITY_OUT_OF_RANGE");

    record Report(int requests, int results, long applied, long replays, int records, List<String> violations) {
        @Override
        public String toString() {
            return "requests=" + requests + " results=" + results + " applied=" + applied + " replays=" + replays
                    + " records=" + records + " violations=" + violations.size()
                    + (violations.isEmpty() ? "" : "\n  " + String.join("\n  ", violations.subList(0, Math.min(20, violations.size()))));
        }
    }

    static Report check(String bootstrap, Ledger ledger) throws Exception {
        List<ConsumerRecord<String, String>> requests = readAll(bootstrap, "inventory.requests");
        List<ConsumerRecord<String, String>> results = readAll(bootstrap, "inventory.results");
        List<ConsumerRecord<String, String>> states = readAll(bootstrap, "inventory.state");
        List<String> violations = new ArrayList<>();

        // 1. every request got exactly one result (by correlation id)
        Map<String, Integer> resultsPerCorrelation = new HashMap<>();
        Map<String, Long> deltaOf = new HashMap<>(); // record/key -> delta, from the requests themselves
        List<JsonNode> resultJson = new ArrayList<>();
        for (ConsumerRecord<String, String> result : results) {
            JsonNode r = JSON.readTree(result.value());
            resultJson.add(r);
            resultsPerCorrelation.merge(r.path("correlationId").asText("?"), 1, Integer::sum);
        }
        for (ConsumerRecord<String, String> request : requests) {
            String correlation = header(request, "correlation-id");
            int count = resultsPerCorrelation.getOrDefault(correlation, 0);
            if (count != 1) {
                violations.add("request " + correlation + " has " + count + " results");
            }
            JsonNode r = JSON.readTree(request.value());
            String id = r.path("productId").asText() + "/" + r.path("idempotencyKey").asText();
            Long previous = deltaOf.put(id, r.path("delta").asLong());
            if (previous != null && previous != r.path("delta").asLong()) {
                violations.add("key " + id + " was sent with two different deltas");
            }
        }

        // 2. one decision per key; replays repeat it
        Map<String, JsonNode> decisionOf = new HashMap<>();
        long replays = 0;
        for (JsonNode r : resultJson) {
            String id = r.path("productId").asText() + "/" + r.path("idempotencyKey").asText();
            if (!r.path("replayed").asBoolean() && RECORDED.contains(r.path("code").asText())) {
                JsonNode earlier = decisionOf.put(id, r);
                if (earlier != null) {
                    violations.add("key " + id + " decided twice: " + earlier + " and " + r);
                }
            }
        }
        for (JsonNode r : resultJson) {
            if (r.path("replayed").asBoolean()) {
                replays++;
                String id = r.path("productId").asText() + "/" + r.path("idempotencyKey").asText();
                JsonNode first = decisionOf.get(id);
                if (first == null || !same(first, r)) {
                    violations.add("replay of " + id + " differs from its decision " + first + ": " + r);
                }
            }
        }

        // 3. per record: versions 1..N, final state = N and the sum of applied deltas
        Map<String, TreeSet<Long>> versions = new HashMap<>();
        Map<String, Long> sums = new HashMap<>();
        long applied = 0;
        for (var entry : decisionOf.entrySet()) {
            JsonNode r = entry.getValue();
            if (r.path("code").asText().equals("APPLIED")) {
                applied++;
                String product = r.path("productId").asText();
                if (!versions.computeIfAbsent(product, p -> new TreeSet<>()).add(r.path("newVersion").asLong())) {
                    violations.add(product + " has version " + r.path("newVersion") + " applied twice");
                }
                sums.merge(product, deltaOf.getOrDefault(entry.getKey(), Long.MIN_VALUE / 4), Long::sum);
            }
        }
        Map<String, JsonNode> finalState = new HashMap<>();
        for (ConsumerRecord<String, String> state : states) {
            JsonNode s = JSON.readTree(state.value());
            finalState.merge(s.path("productId").asText(), s,
                    (a, b) -> a.path("version").asLong() >= b.path("version").asLong() ? a : b);
        }
        for (var entry : versions.entrySet()) {
            TreeSet<Long> v = entry.getValue();
            if (v.first() != 1 || v.last() != v.size()) {
                violations.add(entry.getKey() + " applied versions are not 1.." + v.size() + ": " + v);
            }
            JsonNode state = finalState.get(entry.getKey());
            if (state == null || state.path("version").asLong() != v.size()) {
                violations.add(entry.getKey() + " state version " + (state == null ? "missing" : state.path("version"))
                        + " but " + v.size() + " applied");
            } else if (state.path("quantity").asLong() != sums.get(entry.getKey())) {
                violations.add(entry.getKey() + " quantity " + state.path("quantity") + " but applied deltas sum to "
                        + sums.get(entry.getKey()));
            }
        }
        for (String product : finalState.keySet()) {
            if (!versions.containsKey(product)) {
                violations.add(product + " has state but no applied result");
            }
        }

        // 4. every answer a writer got is the decision on record
        for (Ledger.Answer answer : ledger.answersSnapshot()) {
            JsonNode decision = decisionOf.get(answer.productId() + "/" + answer.key());
            if (decision == null) {
                if (RECORDED.contains(answer.code())) {
                    violations.add("writer was told " + answer + " but the audit log has no decision");
                }
            } else if (!decision.path("code").asText().equals(answer.code())
                    || (answer.code().equals("APPLIED") && decision.path("newVersion").asLong() != answer.newVersion())) {
                violations.add("writer was told " + answer + " but the decision was " + decision);
            }
        }
        return new Report(requests.size(), results.size(), applied, replays, versions.size(), violations);
    }

    private static boolean same(JsonNode decision, JsonNode replay) {
        for (String field : List.of("code", "applied", "newVersion", "newQuantity", "currentVersion", "currentQuantity")) {
            if (!decision.path(field).equals(replay.path(field))) {
                return false;
            }
        }
        return true;
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
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
             KafkaConsumer<String, String> highWatermarks = new KafkaConsumer<>(uncommitted, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long waitStart = System.nanoTime();
            Map<TopicPartition, Long> ends = await("no transaction pending on " + topic)
                    .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> consumer.endOffsets(partitions),
                            stable -> stable.equals(highWatermarks.endOffsets(partitions)));
            System.out.printf("checker: %s had no pending transaction after %d ms%n", topic,
                    (System.nanoTime() - waitStart) / 1_000_000);
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
