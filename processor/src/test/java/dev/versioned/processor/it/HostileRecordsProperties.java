package dev.versioned.processor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.versioned.schemas.DeadLetter;
import dev.versioned.schemas.ReplyHeaders;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.UpdateResult;
import dev.versioned.testkit.TestKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Hostile records mixed with valid requests, on a real broker, through the Java producer and kcat: every
 * valid request is decided exactly once within a bound (including those on the wrong partition for their
 * key, and those naming a reply topic that does not exist), and every hostile one is dead-lettered or
 * answered, while the processor keeps deciding.
 */
class HostileRecordsProperties {

    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static Path stateDir;
    private static BoundaryStack stack;

    /** What one generated record is. Valid kinds must be decided; the others dead-lettered or refused. */
    enum Kind {
        VALID(true),
        VALID_WRONG_PARTITION(true),
        VALID_VIA_KCAT(true),
        VALID_MISSING_REPLY_TOPIC(true),
        VALID_HUGE_BINARY_HEADERS(true),
        UNPARSEABLE_HUGE_HEADERS(false),
        HUGE_KEY(false),
        MALFORMED_HEADERS(false),
        BINARY_VALUE(false);

        final boolean valid;

        Kind(boolean valid) {
            this.valid = valid;
        }
    }

    @BeforeContainer
    static void start() throws Exception {
        stateDir = Files.createTempDirectory("hostile-state");
        stack = new BoundaryStack(TestKafka.shared(), stateDir, settings -> settings);
    }

    @AfterContainer
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
        try (var files = Files.walk(stateDir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    @Provide
    Arbitrary<List<Kind>> batches() {
        Arbitrary<Kind> kinds = BoundaryStack.kcatInstalled()
                ? Arbitraries.of(Kind.class)
                : Arbitraries.of(Kind.class).filter(k -> k != Kind.VALID_VIA_KCAT);
        return kinds.list().ofMinSize(4).ofMaxSize(12);
    }

    @Property(tries = 6)
    void validRequestsAreDecidedExactlyOnceAndHostileOnesAreDeadLetteredOrAnswered(@ForAll("batches") List<Kind> batch)
            throws Exception {
        // given a batch of records of every kind, each with its own product and correlation id
        Map<String, Kind> sent = new LinkedHashMap<>();
        for (Kind kind : batch) {
            // A suffix, so that no id is the start of another (dead letters of huge keys are found by prefix).
            String id = "h" + SEQUENCE.incrementAndGet() + "-r";
            send(kind, id);
            sent.put(id, kind);
        }

        // then within the bound every valid one has exactly one result, a decision (not a refusal of the input)
        List<String> valid = sent.entrySet().stream()
                .filter(e -> e.getValue().valid)
                .map(Map.Entry::getKey)
                .toList();
        await().atMost(BOUND)
                .until(() -> valid.stream().allMatch(id -> !stack.resultsFor(id).isEmpty()));
        for (String id : valid) {
            assertThat(stack.resultsFor(id))
                    .as(id + " (" + sent.get(id) + ")")
                    .singleElement()
                    .extracting(UpdateResult::code)
                    .isEqualTo(ResultCode.APPLIED);
        }
        // and every hostile one is dead-lettered (found by its key, which is its id) or refused
        List<String> hostile = sent.entrySet().stream()
                .filter(e -> !e.getValue().valid)
                .map(Map.Entry::getKey)
                .toList();
        await().atMost(BOUND).until(() -> {
            List<DeadLetter> dead =
                    stack.deadLetters().stream().map(ConsumerRecord::value).toList();
            return hostile.stream()
                    .allMatch(id -> dead.stream()
                            .anyMatch(d -> d.key().filter(k -> k.startsWith(id)).isPresent()
                                    || d.correlationId().equals(Optional.of(id))));
        });
        // and no state was written for a hostile record
        // (a batch may hold no hostile record at all, so this is a none-match, not a contains-none-of)
        assertThat(stack.states()).map(r -> r.value().productId()).noneMatch(hostile::contains);
    }

    private static String create(String product) {
        return "{\"storeId\":\"store-1\",\"productId\":\"" + product + "\",\"quantity\":3,\"version\":0,"
                + "\"idempotencyKey\":\"k-" + product + "\"}";
    }

    private static void send(Kind kind, String id) throws Exception {
        byte[] correlation = id.getBytes(StandardCharsets.UTF_8);
        byte[] body = create(id).getBytes(StandardCharsets.UTF_8);
        byte[] binary = new byte[200_000];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        switch (kind) {
            case VALID -> stack.send(id, create(id), id);
            case VALID_WRONG_PARTITION ->
                stack.send(
                        Optional.of((BoundaryStack.murmur2Partition(id) + 1) % BoundaryStack.PARTITIONS),
                        id,
                        body,
                        Map.of(ReplyHeaders.CORRELATION_ID, correlation));
            case VALID_VIA_KCAT -> stack.sendWithKcat(id, create(id), Map.of(ReplyHeaders.CORRELATION_ID, id));
            case VALID_MISSING_REPLY_TOPIC ->
                stack.send(
                        Optional.empty(),
                        id,
                        body,
                        Map.of(
                                ReplyHeaders.CORRELATION_ID,
                                correlation,
                                ReplyHeaders.REPLY_TOPIC,
                                (stack.topics.replyPrefix() + "gone-" + id).getBytes(StandardCharsets.UTF_8)));
            case VALID_HUGE_BINARY_HEADERS ->
                stack.send(
                        Optional.empty(),
                        id,
                        body,
                        Map.of(ReplyHeaders.CORRELATION_ID, correlation, "x-binary-1", binary, "x-binary-2", binary));
            case UNPARSEABLE_HUGE_HEADERS -> {
                byte[] control = new byte[300_000];
                Arrays.fill(control, (byte) 2);
                stack.send(
                        Optional.empty(),
                        id,
                        "{not json".getBytes(StandardCharsets.UTF_8),
                        Map.of(ReplyHeaders.CORRELATION_ID, correlation, "c1", control, "c2", control, "c3", control));
            }
            case HUGE_KEY ->
                stack.send(
                        Optional.empty(),
                        id + "X".repeat(500_000),
                        body,
                        Map.of(ReplyHeaders.CORRELATION_ID, correlation));
            case MALFORMED_HEADERS ->
                stack.send(
                        Optional.empty(),
                        id,
                        body,
                        Map.of(
                                ReplyHeaders.CORRELATION_ID, new byte[] {(byte) 0xff, 0, 1},
                                ReplyHeaders.REPLY_TOPIC, "inventory.state".getBytes(StandardCharsets.UTF_8),
                                ReplyHeaders.REPLY_PARTITION,
                                        "-1x".repeat(100_000).getBytes(StandardCharsets.UTF_8)));
            case BINARY_VALUE ->
                stack.send(
                        Optional.empty(),
                        id,
                        Arrays.copyOf(binary, 50_000),
                        Map.of(ReplyHeaders.CORRELATION_ID, correlation));
            default -> throw new IllegalArgumentException(kind.toString());
        }
    }
}
