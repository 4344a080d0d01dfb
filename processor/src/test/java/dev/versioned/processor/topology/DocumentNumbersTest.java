package dev.versioned.processor.topology;

import static dev.versioned.processor.topology.DocumentFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.versioned.schemas.DocumentRequest;
import dev.versioned.schemas.DocumentResult;
import dev.versioned.schemas.ResultCode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A number in a document keeps its exact value from the request to the store, the state topic and the result,
 * whatever producer wrote it (these requests are raw bytes, as a non-Java producer sends them), or is refused: it
 * is never rounded to a double, never turned into {@code Infinity}, so a stored document never breaks its own
 * schema.
 */
class DocumentNumbersTest {

    @TempDir
    Path stateDir;

    DocumentFixture fixture;

    @BeforeEach
    void start() {
        fixture = new DocumentFixture(stateDir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private DocumentResult sendRaw(String id, String json) {
        fixture.sendRaw(id, json.getBytes(StandardCharsets.UTF_8), "c-raw");
        return fixture.onlyResult();
    }

    @Test
    @DisplayName(
            "a number beyond a double's range is refused INVALID_REQUEST naming its path, and the document is untouched")
    void hugeNumberRefused() {
        // given a wallet
        fixture.given("wallets", "w-1", "{\"name\":\"Ada\",\"balance\":10}");
        fixture.replies();

        for (String number : List.of("1e400", "-1e400", "-1e-400")) {
            // when its balance is set to the number, straight from Kafka
            DocumentResult set = sendRaw(
                    "w-1",
                    "{\"collection\":\"wallets\",\"id\":\"w-1\",\"operation\":\"PATCH\",\"patch\":{\"balance\":"
                            + number + "},\"version\":1,\"idempotencyKey\":\"huge" + number + "\"}");

            // then it is refused, naming /balance, and never stored (as Infinity or otherwise)
            assertThat(set.code()).as(number).isEqualTo(ResultCode.INVALID_REQUEST);
            assertThat(set.error().orElseThrow()).contains("'/balance'");
            fixture.deadLetters();
        }
        assertThat(fixture.stored("wallets", "w-1").orElseThrow().version()).isEqualTo(1L);

        // and the next patch is decided on its merits
        DocumentResult rename =
                fixture.decide(DocumentRequest.patch("wallets", "w-1", json("{\"name\":\"Eve\"}"), 1, "rename"));
        assertThat(rename.code()).as(rename.toString()).isEqualTo(ResultCode.APPLIED);
    }

    @Test
    @DisplayName("numbers near a double's largest and beyond a long's keep their exact values")
    void largeNumbersWithinRangeKeptExactly() {
        // when a customer is created with 1.5e308 and 123456789012345678901234567890
        DocumentResult created = sendRaw(
                "c-2",
                "{\"collection\":\"customers\",\"id\":\"c-2\",\"operation\":\"PUT\",\"document\":{\"name\":\"Ada\","
                        + "\"big\":1.5e308,\"wide\":123456789012345678901234567890},\"version\":0,"
                        + "\"idempotencyKey\":\"big\"}");

        // then both keep their exact values
        assertThat(created.code()).as(created.toString()).isEqualTo(ResultCode.APPLIED);
        JsonNode document =
                fixture.stored("customers", "c-2").orElseThrow().document().orElseThrow();
        assertThat(document.path("big").decimalValue()).isEqualByComparingTo(new BigDecimal("1.5e308"));
        assertThat(document.path("wide").bigIntegerValue()).isEqualTo(new BigInteger("123456789012345678901234567890"));
    }

    @Test
    @DisplayName("a decimal with more digits than a double holds keeps every digit")
    void longDecimalKeepsEveryDigit() {
        // when a customer is created with a 30-digit decimal
        String digits = "3.14159265358979323846264338327";
        DocumentResult created = sendRaw(
                "c-1",
                "{\"collection\":\"customers\",\"id\":\"c-1\",\"operation\":\"PUT\",\"document\":{\"name\":\"Ada\","
                        + "\"pi\":" + digits + "},\"version\":0,\"idempotencyKey\":\"pi\"}");

        // then the result and the store have every digit
        assertThat(created.code()).as(created.toString()).isEqualTo(ResultCode.APPLIED);
        assertThat(created.document().orElseThrow().path("pi").decimalValue()).isEqualTo(new BigDecimal(digits));
        assertThat(fixture.stored("customers", "c-1")
                        .orElseThrow()
                        .document()
                        .orElseThrow()
                        .path("pi")
                        .decimalValue())
                .isEqualTo(new BigDecimal(digits));
    }

    @Test
    @DisplayName("a number below a schema's minimum is refused by the schema at its path")
    void negativeRefusedByTheSchema() {
        // given a wallet
        fixture.given("wallets", "w-2", "{\"name\":\"Ada\",\"balance\":10}");
        fixture.replies();

        // when its balance is set to -1e300
        DocumentResult set = sendRaw(
                "w-2",
                "{\"collection\":\"wallets\",\"id\":\"w-2\",\"operation\":\"PATCH\",\"patch\":{\"balance\":-1e300},"
                        + "\"version\":1,\"idempotencyKey\":\"negative\"}");

        // then the schema refuses it at /balance, and the wallet is untouched
        assertThat(set.code()).isEqualTo(ResultCode.CONSTRAINT_VIOLATION);
        assertThat(set.violation().orElseThrow().path()).isEqualTo("/balance");
        assertThat(fixture.stored("wallets", "w-2").orElseThrow().version()).isEqualTo(1L);
    }
}
