package dev.versioned.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.gateway.GatewayApplication;
import dev.versioned.gateway.config.GatewayConfiguration;
import dev.versioned.gateway.support.Http;
import dev.versioned.gateway.support.KafkaStack;
import dev.versioned.gateway.support.OpenApiContract;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.Function;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code Content-Encoding} of an update's body, on a real port with the real processor: gzip (inflated by
 * Jetty), deflate and stacked codings are decoded and applied; a body that is not what its coding says is the
 * caller's 400, and a coding the gateway does not take is 415, both in the error shape.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ContentEncodingTest {

    @RegisterExtension
    static final KafkaStack STACK = KafkaStack.withProcessor();

    static final DropwizardAppExtension<GatewayConfiguration> APP = new DropwizardAppExtension<>(
            GatewayApplication.class, ResourceHelpers.resourceFilePath("gateway-test.yml"), STACK.gateway("encoding"));

    private Http http;
    private String product;

    @BeforeEach
    void setUp() {
        http = new Http(APP.getLocalPort());
        product = "ENC-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private byte[] create() {
        return ("{\"storeId\":\"store-1\",\"productId\":\"" + product + "\",\"quantity\":3,\"version\":0,"
                        + "\"idempotencyKey\":\"create-" + product + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private Http.Reply post(byte[] body, String contentEncoding) {
        return http.send(
                "POST",
                "/v1/inventory/updates",
                HttpRequest.BodyPublishers.ofByteArray(body),
                "X-API-Key",
                "demo",
                "Content-Encoding",
                contentEncoding);
    }

    private static byte[] compress(byte[] bytes, Function<OutputStream, OutputStream> coder) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream encoding = coder.apply(out)) {
            encoding.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] bytes) {
        return compress(bytes, out -> {
            try {
                return new GZIPOutputStream(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static byte[] deflate(byte[] bytes) {
        return compress(bytes, DeflaterOutputStream::new);
    }

    private static void assertError(Http.Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.json().at("/code").asText()).isEqualTo(code);
        assertThat(reply.json().at("/detail").asText()).isNotBlank();
        assertThat(reply.body()).doesNotContain("Exception").doesNotContain("\tat ");
        OpenApiContract.assertConforms(reply);
    }

    @Test
    @DisplayName("given a gzip body, when posted with Content-Encoding gzip, then it is decoded and applied")
    void givenGzipBody_whenPosted_thenApplied() {
        Http.Reply reply = post(gzip(create()), "gzip");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("newVersion").asLong()).isEqualTo(1);
    }

    @Test
    @DisplayName("given a deflate body, when posted with Content-Encoding deflate, then it is decoded and applied")
    void givenDeflateBody_whenPosted_thenApplied() {
        Http.Reply reply = post(deflate(create()), "deflate");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("newVersion").asLong()).isEqualTo(1);
    }

    @Test
    @DisplayName(
            "given a body deflated then gzipped, when posted as 'identity, deflate, gzip', then both are undone, last first")
    void givenStackedCodings_whenPosted_thenUndoneLastFirst() {
        Http.Reply reply = post(gzip(deflate(create())), "identity, deflate, gzip");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    @Test
    @DisplayName("given a body that is not gzip, when posted as gzip, then 400 INVALID_REQUEST (it was a 500)")
    void givenNotGzip_whenPostedAsGzip_then400() {
        Http.Reply reply = post(create(), "gzip");

        assertError(reply, 400, "INVALID_REQUEST");
        assertThat(reply.json().at("/detail").asText()).contains("gzip");
    }

    @Test
    @DisplayName("given a truncated gzip body, when posted as gzip, then 400 INVALID_REQUEST")
    void givenTruncatedGzip_whenPosted_then400() {
        byte[] whole = gzip(create());

        assertError(post(Arrays.copyOf(whole, whole.length / 2), "gzip"), 400, "INVALID_REQUEST");
    }

    @Test
    @DisplayName("given a body that is not deflate data, when posted as deflate, then 400 INVALID_REQUEST")
    void givenNotDeflate_whenPostedAsDeflate_then400() {
        Http.Reply reply = post(create(), "deflate");

        assertError(reply, 400, "INVALID_REQUEST");
        assertThat(reply.json().at("/detail").asText()).contains("deflate");
    }

    @ParameterizedTest(name = "Content-Encoding: {0}")
    @ValueSource(strings = {"br", "compress", "zstd", "x-made-up", "gzip, br", "identity;q=1"})
    @DisplayName("given a coding the gateway does not take, when posted, then 415 UNSUPPORTED_MEDIA_TYPE")
    void givenUnsupportedCoding_whenPosted_then415(String contentEncoding) {
        Http.Reply reply = post(create(), contentEncoding);

        assertError(reply, 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    @DisplayName("given more than 4 codings, when posted, then 415 UNSUPPORTED_MEDIA_TYPE")
    void givenTooManyCodings_whenPosted_then415() {
        assertError(post(create(), "gzip, gzip, gzip, gzip, gzip, gzip"), 415, "UNSUPPORTED_MEDIA_TYPE");
    }
}
