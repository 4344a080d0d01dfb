package dev.versioned.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.gateway.GatewayApplication;
import dev.versioned.gateway.config.GatewayConfiguration;
import dev.versioned.gateway.support.Http;
import dev.versioned.gateway.support.KafkaStack;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests a caller can send that the gateway cannot use, on a real port: bodies that cannot be decoded, bodies of
 * another endpoint, unparseable headers, methods no resource takes. Each gets a 4xx problem, never a 500 and never
 * an empty error. Refused requests never reach Kafka, so no processor runs.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class HostileRequestsTest {

    @RegisterExtension
    static final KafkaStack STACK = KafkaStack.withoutProcessor();

    /** The key "store-2-only" limited to one request, and then one a minute: spent by its first request. */
    static final DropwizardAppExtension<GatewayConfiguration> APP = new DropwizardAppExtension<>(
            GatewayApplication.class,
            ResourceHelpers.resourceFilePath("gateway-test.yml"),
            STACK.gateway("hostile-requests", "apiKeys[2].ratePerSecond", "0.016", "apiKeys[2].burst", "1"));

    private static final byte[] NOT_GZIP = ("{\"storeId\":\"store-1\",\"productId\":\"HOSTILE-1\",\"quantity\":1,"
                    + "\"version\":0,\"idempotencyKey\":\"hostile-1\"}")
            .getBytes(StandardCharsets.UTF_8);

    /** Every endpoint, with each method it takes and one it does not. */
    private static final List<String[]> TARGETS = List.of(
            new String[] {"POST", "/v1/inventory/updates"},
            new String[] {"POST", "/v1/inventory/transfers"},
            new String[] {"GET", "/v1/inventory/HOSTILE-1?storeId=store-1"},
            new String[] {"DELETE", "/v1/inventory/HOSTILE-1?storeId=store-1"},
            new String[] {"GET", "/v1/inventory?storeId=store-1"},
            new String[] {"GET", "/v1/inventory/HOSTILE-1/history?storeId=store-1"},
            new String[] {"PUT", "/v1/collections/wallets/w-hostile"},
            new String[] {"PATCH", "/v1/collections/wallets/w-hostile"},
            new String[] {"DELETE", "/v1/collections/wallets/w-hostile"},
            new String[] {"GET", "/v1/collections/wallets/w-hostile"});

    static Stream<Arguments> refusedKeys() {
        List<Arguments> cases = new ArrayList<>();
        for (String[] target : TARGETS) {
            for (String key : new String[] {"wrong-key-5Gd2", "", null}) {
                cases.add(Arguments.of(target[0], target[1], key));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} with key \"{2}\"")
    @MethodSource("refusedKeys")
    @DisplayName("given a body declared gzip that is not gzip, when sent with a wrong, an empty or no API key, then"
            + " 401 UNAUTHORIZED as a problem (it was a 500: the refusal read the body through the decoder)")
    void givenNotGzipBody_whenSentWithoutValidKey_then401(String method, String path, String key) {
        Http.Reply reply = send(method, path, key);

        assertProblem(reply, 401, "UNAUTHORIZED");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("targets")
    @DisplayName("given a body declared gzip that is not gzip, when sent with a key whose rate limit is spent, then"
            + " 429 RATE_LIMITED as a problem")
    void givenNotGzipBody_whenSentWithSpentKey_then429(String method, String path) {
        send("GET", "/v1/inventory/HOSTILE-1?storeId=store-2", "store-2-only"); // spends the one token, if left

        Http.Reply reply = send(method, path, "store-2-only");

        assertProblem(reply, 429, "RATE_LIMITED");
    }

    static Stream<Arguments> targets() {
        return TARGETS.stream().map(target -> Arguments.of(target[0], target[1]));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "{\"collection\":\"wallets\",\"id\":\"w-1\",\"operation\":\"PUT\",\"document\":{\"balance\":1},"
                        + "\"version\":0,\"idempotencyKey\":\"doc-1\"}",
                "{\"collection\":\"wallets\"}",
                "{\"collection\":\"wallets\",\"productId\":\"HOSTILE-1\",\"idempotencyKey\":\"t-1\",\"items\":["
                        + "{\"storeId\":\"store-1\",\"delta\":1,\"version\":1},"
                        + "{\"storeId\":\"store-2\",\"delta\":-1,\"version\":1}]}"
            })
    @DisplayName("given a document request's body, when posted to the transfers endpoint, then 400 INVALID_REQUEST"
            + " (it was a 500: ClassCastException)")
    void givenDocumentBody_whenPostedAsTransfer_then400(String body) {
        Http.Reply reply =
                new Http(APP.getLocalPort()).post("/v1/inventory/transfers", body, "X-API-Key", "all-stores");

        assertProblem(reply, 400, "INVALID_REQUEST");
        assertThat(reply.json().at("/detail").asText()).contains("/v1/collections/");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("targets")
    @DisplayName("given an unparseable Content-Type, when sent to any endpoint with its method, then 400 as a problem"
            + " (a PUT, PATCH or DELETE got an empty 400: Jetty writes error bodies for GET and POST only)")
    void givenUnparseableContentType_whenSent_then400Problem(String method, String path) {
        Http.Reply reply = new Http(APP.getLocalPort())
                .send(
                        method,
                        path,
                        HttpRequest.BodyPublishers.ofString("{}"),
                        "X-API-Key",
                        "demo",
                        "Content-Type",
                        ";;;garbage");

        assertProblem(reply, 400, "INVALID_REQUEST");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TRACE", "PROPFIND", "MADE-UP"})
    @DisplayName("given a method no resource takes, when sent, then 405 METHOD_NOT_ALLOWED as a problem (it was an"
            + " empty 405)")
    void givenUnknownMethod_whenSent_then405Problem(String method) {
        Http.Reply reply = new Http(APP.getLocalPort())
                .send(method, "/v1/inventory/updates", HttpRequest.BodyPublishers.ofString("{}"), "X-API-Key", "demo");

        assertProblem(reply, 405, "METHOD_NOT_ALLOWED");
    }

    private static Http.Reply send(String method, String path, String key) {
        List<String> headers = new ArrayList<>(List.of("Content-Encoding", "gzip"));
        if (key != null) {
            headers.addAll(List.of("X-API-Key", key));
        }
        return new Http(APP.getLocalPort())
                .send(method, path, HttpRequest.BodyPublishers.ofByteArray(NOT_GZIP), headers.toArray(String[]::new));
    }

    private static void assertProblem(Http.Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.header("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(reply.json().at("/code").asText()).isEqualTo(code);
        assertThat(reply.json().at("/status").asInt()).isEqualTo(status);
    }
}
