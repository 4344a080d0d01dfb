package dev.versioned.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.gateway.GatewayApplication;
import dev.versioned.gateway.config.GatewayConfiguration;
import dev.versioned.gateway.support.Http;
import dev.versioned.gateway.support.KafkaStack;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * If-Match (strong comparison, {@code *}) on updates and If-None-Match (weak comparison, 304) on reads, against
 * the real processor on the embedded broker.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ConditionalRequestsTest {

    @RegisterExtension
    static final KafkaStack STACK = KafkaStack.withProcessor();

    static final DropwizardAppExtension<GatewayConfiguration> APP = new DropwizardAppExtension<>(
            GatewayApplication.class,
            ResourceHelpers.resourceFilePath("gateway-test.yml"),
            STACK.gateway("conditional"));

    private Http http;
    private String product;

    @BeforeEach
    void setUp() {
        http = new Http(APP.getLocalPort());
        product = "CND-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    @DisplayName("a weak tag in If-Match never matches: 412 PRECONDITION_FAILED, and nothing is written")
    void weakIfMatchIsRefused() {
        // given a record at version 1
        create(10);
        // when If-Match carries the current version as a weak tag
        Http.Reply reply = update(fields("\"delta\":1", "weak-1"), "If-Match", "W/\"1\"");
        // then 412, a problem that says why
        assertThat(reply.status()).as(reply.body()).isEqualTo(412);
        assertThat(reply.header("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(reply.json().at("/code").asText()).isEqualTo("PRECONDITION_FAILED");
        assertThat(reply.json().at("/detail").asText()).contains("weak");
        // and nothing was written: an update at version 1 still applies, as version 2
        assertThat(update(fields("\"delta\":1,\"version\":1", "weak-2"))
                        .json()
                        .get("newVersion")
                        .asLong())
                .isEqualTo(2);
    }

    @Test
    @DisplayName("If-Match: * beside the body's version applies when the record exists at that version")
    void anyMatchesAnExistingRecord() {
        // given a record at version 1
        create(10);
        // when If-Match is * and the body names version 1
        Http.Reply reply = update(fields("\"delta\":2,\"version\":1", "any-1"), "If-Match", "*");
        // then it is applied
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.header("ETag")).contains("\"2\"");
    }

    @Test
    @DisplayName("If-Match: * on a record that does not exist fails the precondition: 412")
    void anyFailsOnAnAbsentRecord() {
        // given no record
        // when If-Match is * and the body names version 1
        Http.Reply reply = update(fields("\"delta\":2,\"version\":1", "any-absent"), "If-Match", "*");
        // then 412: the record does not exist
        assertThat(reply.status()).as(reply.body()).isEqualTo(412);
        assertThat(reply.json().at("/code").asText()).isEqualTo("VERSION_CONFLICT");
        assertThat(reply.json().at("/currentVersion").asLong()).isZero();
    }

    @Test
    @DisplayName("If-Match: * on an existing record at another version is an ordinary conflict: 409")
    void anyOnAStaleBodyVersionIsAConflict() {
        // given a record at version 1
        create(10);
        // when If-Match is * and the body names a stale version
        Http.Reply reply = update(fields("\"delta\":2,\"version\":5", "any-stale"), "If-Match", "*");
        // then 409 with the current version as ETag
        assertThat(reply.status()).as(reply.body()).isEqualTo(409);
        assertThat(reply.header("ETag")).contains("\"1\"");
    }

    @Test
    @DisplayName("If-Match: * without a body version is refused with 400, nothing sent")
    void anyAloneIsRefused() {
        // given a record at version 1
        create(10);
        // when If-Match is * and the body has no version
        Http.Reply reply = update(fields("\"delta\":2", "any-alone"), "If-Match", "*");
        // then 400, and version 1 is still current
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().at("/detail").asText()).contains("If-Match: *");
        assertThat(update(fields("\"delta\":1,\"version\":1", "any-after")).status())
                .isEqualTo(200);
    }

    @Test
    @DisplayName("If-None-Match naming the current version: 304 with the ETag and no body")
    void ifNoneMatchCurrentIsNotModified() {
        // given a record at version 1, visible in the view
        create(10);
        read("?minVersion=1");
        // when read with If-None-Match "1"
        Http.Reply reply = read("", "If-None-Match", "\"1\"");
        // then 304, ETag "1", no body
        assertThat(reply.status()).isEqualTo(304);
        assertThat(reply.header("ETag")).contains("\"1\"");
        assertThat(reply.body()).isEmpty();
    }

    @Test
    @DisplayName("If-None-Match compares weakly: W/\"1\" and * also answer 304")
    void ifNoneMatchWeakAndAny() {
        // given a record at version 1, visible in the view
        create(10);
        read("?minVersion=1");
        // when read with a weak tag in a list, and with *
        // then both are 304
        assertThat(read("", "If-None-Match", "\"7\", W/\"1\"").status()).isEqualTo(304);
        assertThat(read("", "If-None-Match", "*").status()).isEqualTo(304);
    }

    @Test
    @DisplayName("If-None-Match naming an older version: 200 with the record and its ETag")
    void ifNoneMatchStaleReads() {
        // given a record at version 2, visible in the view
        create(10);
        update(fields("\"delta\":1,\"version\":1", "stale-2"));
        read("?minVersion=2");
        // when read with the version-1 tag
        Http.Reply reply = read("", "If-None-Match", "\"1\"");
        // then 200 with version 2
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("ETag")).contains("\"2\"");
        assertThat(reply.json().get("version").asLong()).isEqualTo(2);
    }

    @Test
    @DisplayName("a malformed If-None-Match is a 400")
    void malformedIfNoneMatch() {
        create(10);
        Http.Reply reply = read("", "If-None-Match", "1");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().at("/code").asText()).isEqualTo("INVALID_REQUEST");
    }

    private Http.Reply read(String query, String... headers) {
        return http.get("/v1/inventory/" + product + query, Http.withKey("demo", headers));
    }

    private Http.Reply update(String body, String... headers) {
        return http.post("/v1/inventory/updates", body, Http.withKey("demo", headers));
    }

    private String fields(String fields, String key) {
        return "{\"storeId\":\"store-1\",\"productId\":\"" + product + "\"," + fields + ",\"idempotencyKey\":\"" + key
                + "-" + product + "\"}";
    }

    private void create(long quantity) {
        Http.Reply reply = update(fields("\"quantity\":" + quantity + ",\"version\":0", "create"));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }
}
