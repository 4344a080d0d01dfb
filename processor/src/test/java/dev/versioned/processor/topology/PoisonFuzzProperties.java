package dev.versioned.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.UpdateResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Hostile input on the requests topic: whatever arrives, the stream keeps deciding, a record that is not
 * a valid request lands on the dead-letter topic (exactly once), and no state changes.
 */
class PoisonFuzzProperties {

    private static Path stateDir;
    private static TopologyFixture fixture;
    private static int sequence;

    @BeforeContainer
    static void start() throws Exception {
        stateDir = Files.createTempDirectory("poison-fuzz");
        fixture = new TopologyFixture(stateDir);
        fixture.decide(UpdateRequest.set("store-1", "SKU-F", 100, 0, "baseline"));
        fixture.state().readValuesToList();
    }

    @AfterContainer
    static void stop() throws Exception {
        fixture.close();
        try (var paths = Files.walk(stateDir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    /** Values that are not valid requests: bytes, broken JSON, wrong types, out-of-range and huge values. */
    @Provide
    Arbitrary<byte[]> poison() {
        Arbitrary<byte[]> randomBytes =
                Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(300);
        Arbitrary<String> anyText = Arbitraries.strings().all().ofMaxLength(200);
        Arbitrary<String> badField = Combinators.combine(
                        Arbitraries.of(
                                "storeId", "productId", "delta", "quantity", "version", "idempotencyKey", "operation"),
                        Arbitraries.of(
                                "null",
                                "\"\"",
                                "\"x y/z\"",
                                "1.5",
                                "-1",
                                "true",
                                "[]",
                                "{}",
                                "\"5\"",
                                "99999999999999999999999",
                                "1000000000000000001",
                                "\"" + "k".repeat(200) + "\"",
                                "\"DIVIDE\""))
                .as((field, value) -> "{\"storeId\":\"store-1\",\"productId\":\"SKU-F\",\"delta\":1,\"version\":1,"
                        + "\"idempotencyKey\":\"fz\",\"" + field + "\":" + value + "}");
        Arbitrary<String> missing = Arbitraries.of(
                "{}",
                "[]",
                "null",
                "42",
                "\"text\"",
                "{\"storeId\":\"store-1\"}",
                "{\"storeId\":\"store-1\",\"productId\":\"SKU-F\",\"version\":1,\"idempotencyKey\":\"fz\"}",
                "{\"storeId\":\"store-1\",\"productId\":\"SKU-F\",\"delta\":1,\"quantity\":1,\"version\":1,\"idempotencyKey\":\"fz\"}");
        Arbitrary<byte[]> huge = Arbitraries.integers().between(16_385, 200_000).map(n -> new byte[n]);
        return Arbitraries.oneOf(
                randomBytes,
                anyText.map(s -> s.getBytes(StandardCharsets.UTF_8)),
                badField.map(s -> s.getBytes(StandardCharsets.UTF_8)),
                missing.map(s -> s.getBytes(StandardCharsets.UTF_8)),
                huge);
    }

    /** Headers as producers may send them: none, odd names, binary values, bad reply topics. */
    @Provide
    Arbitrary<RecordHeaders> headers() {
        Arbitrary<String> name = Arbitraries.of("correlation-id", "reply-topic", "reply-partition", "x-anything", "");
        Arbitrary<byte[]> value = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40),
                Arbitraries.of("inventory.replies.gw-1", "inventory.state", "c-1", "-3", "7", "", "a b")
                        .map(s -> s.getBytes(StandardCharsets.UTF_8)));
        return Combinators.combine(name, value)
                .as(Header::new)
                .list()
                .ofMaxSize(4)
                .map(pairs -> {
                    RecordHeaders headers = new RecordHeaders();
                    pairs.forEach(pair -> headers.add(pair.name(), pair.value()));
                    return headers;
                });
    }

    private record Header(String name, byte[] value) {}

    @Property(tries = 400)
    void poisonIsDeadLetteredAndChangesNothing(
            @ForAll("poison") byte[] value, @ForAll("headers") RecordHeaders headers) {
        fixture.sendRaw("SKU-F", value, headers);

        assertThat(fixture.deadLetters().readValuesToList())
                .as("exactly one dead letter")
                .hasSize(1);
        assertThat(fixture.results().readValuesToList())
                .extracting(UpdateResult::code)
                .containsExactly(ResultCode.INVALID_REQUEST);
        assertThat(fixture.state().isEmpty()).as("no state change").isTrue();
        assertThat(fixture.stored("store-1", "SKU-F").quantity()).isEqualTo(100);
    }

    @Property(tries = 200)
    void aValidRequestWithOddButHarmlessExtrasIsStillDecided(@ForAll("unknownFields") String extra) {
        long version = fixture.stored("store-1", "SKU-F").version();
        String json = "{\"storeId\":\"store-1\",\"productId\":\"SKU-F\",\"delta\":0,\"version\":" + version
                + ",\"idempotencyKey\":\"ok-" + (++sequence) + "\"" + extra + "}";
        fixture.sendRaw("SKU-F", json.getBytes(StandardCharsets.UTF_8), TopologyFixture.headers("c-ok", null));

        assertThat(fixture.deadLetters().isEmpty()).isTrue();
        assertThat(fixture.results().readValuesToList())
                .extracting(UpdateResult::code)
                .containsExactly(ResultCode.APPLIED);
        fixture.state().readValuesToList();
    }

    /** Unknown fields of any JSON type: ignored, so that writers can add fields. */
    @Provide
    Arbitrary<String> unknownFields() {
        Arbitrary<String> name = Arbitraries.strings()
                .alpha()
                .ofMinLength(1)
                .ofMaxLength(12)
                .filter(n -> !List.of(
                                "storeId", "productId", "delta", "quantity", "version", "idempotencyKey", "operation")
                        .contains(n));
        Arbitrary<String> value = Arbitraries.of("1", "\"x\"", "null", "[1,2]", "{\"a\":{}}", "true", "1.5e300");
        return Combinators.combine(name, value)
                .as((n, v) -> ",\"" + n + "\":" + v)
                .list()
                .ofMaxSize(3)
                .map(list -> String.join("", list))
                .filter(s -> java.util.Arrays.stream(s.split(",\""))
                                .map(f -> f.split("\"")[0])
                                .distinct()
                                .count()
                        == s.split(",\"").length);
    }
}
