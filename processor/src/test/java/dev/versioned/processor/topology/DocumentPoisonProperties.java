package dev.versioned.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.schemas.DeadLetter;
import dev.versioned.schemas.DocumentRequest;
import dev.versioned.schemas.DocumentResult;
import dev.versioned.schemas.ResultCode;
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

/**
 * Hostile document requests on the requests topic: a valid request with one member replaced by a value of the
 * wrong type, out of range, nested to absurd depth or oversized. Whatever arrives gets exactly one outcome:
 * decided as a valid request, or refused {@code INVALID_REQUEST} with exactly one dead letter (as a document
 * request when it can be read far enough to tell, else on the inventory's results topic: JSON nested deeper than
 * the parser allows, a request over every size limit). The wallet seeded at the start changes only by valid
 * writes, and a valid write after the hostile one is still decided.
 */
class DocumentPoisonProperties {

    private static Path stateDir;
    private static DocumentFixture fixture;
    private static int sequence;

    @BeforeContainer
    static void start() throws Exception {
        stateDir = Files.createTempDirectory("document-poison");
        fixture = new DocumentFixture(stateDir);
        fixture.given("wallets", "w-f", "{\"name\":\"Ada\",\"balance\":5}");
    }

    @AfterContainer
    static void stop() {
        fixture.close();
        InterleavingProperties.deleteRecursively(stateDir);
    }

    @Provide
    Arbitrary<String> hostile() {
        Arbitrary<String> member =
                Arbitraries.of("collection", "id", "operation", "document", "patch", "version", "idempotencyKey");
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.of(
                        "null",
                        "\"\"",
                        "true",
                        "[]",
                        "{}",
                        "-1",
                        "1.5",
                        "1e400",
                        "99999999999999999999999",
                        "\"PUT\"",
                        "\"PATCH\"",
                        "\"DELETE\"",
                        "\"Wallets\"",
                        "\"orders\"",
                        "\"w/f\"",
                        "\"" + "x".repeat(200) + "\"",
                        "[" + "[".repeat(1_500) + "]".repeat(1_500) + "]",
                        "{\"balance\":" + "[".repeat(900) + "]".repeat(900) + "}",
                        "{\"name\":\"" + "y".repeat(70_000) + "\",\"balance\":1}"),
                Arbitraries.strings()
                        .ascii()
                        .ofMaxLength(40)
                        .map(s -> "\"" + s.replace("\\", "").replace("\"", "") + "\""),
                Arbitraries.integers().between(-3, 3).map(String::valueOf));
        Arbitrary<String> base = Arbitraries.of(
                "{\"collection\":\"wallets\",\"id\":\"w-f\",\"operation\":\"PATCH\",\"version\":%d,"
                        + "\"idempotencyKey\":\"%s\",\"patch\":{\"balance\":7}}",
                "{\"collection\":\"wallets\",\"id\":\"w-f\",\"operation\":\"PUT\",\"version\":%d,"
                        + "\"idempotencyKey\":\"%s\",\"document\":{\"name\":\"Ada\",\"balance\":9}}");
        return Combinators.combine(base, member, value).as((b, m, v) -> {
            String valid = b.formatted(1, "h-" + (++sequence));
            return valid.replaceFirst(
                    "\"" + m + "\":(\\{[^}]*\\}|\"[^\"]*\"|[0-9]+)",
                    java.util.regex.Matcher.quoteReplacement("\"" + m + "\":" + v));
        });
    }

    @Property(tries = 300)
    void hostileDocumentRequestsAreRefusedOrDecidedAndTheStreamGoesOn(@ForAll("hostile") String request) {
        long before = fixture.stored("wallets", "w-f").orElseThrow().version();

        fixture.sendRaw("w-f", request.getBytes(StandardCharsets.UTF_8), "c-h");
        List<DocumentResult> results = fixture.results();
        List<UpdateResult> unidentified = fixture.inventoryResults();
        List<DeadLetter> deadLetters = fixture.deadLetters();
        fixture.states();
        fixture.replies();
        String what = request.length() > 300 ? request.substring(0, 300) + "..." : request;

        assertThat(results.size() + unidentified.size())
                .as("one outcome for %s", what)
                .isEqualTo(1);
        ResultCode code =
                results.isEmpty() ? unidentified.get(0).code() : results.get(0).code();
        if (code == ResultCode.INVALID_REQUEST) {
            assertThat(deadLetters).as("one dead letter for %s", what).hasSize(1);
            assertThat(fixture.stored("wallets", "w-f").orElseThrow().version()).isEqualTo(before);
        } else {
            assertThat(results)
                    .as("a decided request is a document's: %s", what)
                    .hasSize(1);
            assertThat(deadLetters).as("no dead letter for a decided request").isEmpty();
        }
        long now = fixture.stored("wallets", "w-f").orElseThrow().version();
        DocumentResult next = fixture.decide(DocumentRequest.patch(
                "wallets", "w-f", DocumentFixture.json("{\"balance\":3}"), now, "after-" + sequence));
        fixture.states();
        assertThat(next.code()).as("a valid write after %s", request).isEqualTo(ResultCode.APPLIED);
    }
}
