package dev.versioned.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.versioned.stack.LocalStack;
import dev.versioned.stack.StackSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile HTTP against a real gateway on a real port: malformed and huge bodies, wrong types, odd
 * headers, wrong or missing API keys, and every framing a client can give a body ({@code Content-Encoding},
 * {@code Content-Type}, chunked or sized). Every bad request answers a 4xx with the one error shape and no
 * stack trace, and no state changes; no answer is a 5xx other than the documented 503 and 504.
 */
class HttpFuzzProperties {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path dataDir;
    private static LocalStack stack;
    private static StackSettings settings;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeContainer
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("http-fuzz");
        settings = StackSettings.onFreePorts(dataDir, ProcessStack.ROOT.resolve("gateway/config/gateway.yml"));
        stack = LocalStack.start(settings);
        HttpResponse<String> created = post(
                "demo",
                Optional.empty(),
                "{\"storeId\":\"store-1\",\"productId\":\"SKU-FUZZ\",\"quantity\":10,\"version\":0,\"idempotencyKey\":\"fuzz-create\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    }

    @AfterContainer
    static void stop() throws IOException {
        stack.close();
        try (var paths = Files.walk(dataDir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    private static HttpResponse<String> post(String apiKey, Optional<String[]> headers, String body) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + settings.httpPort() + "/v1/inventory/updates"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (apiKey != null) {
            builder.header("X-API-Key", apiKey);
        }
        headers.ifPresent(h -> builder.header(h[0], h[1]));
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertClearClientError(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode())
                .as("status of a bad request; body %s", response.body())
                .isBetween(400, 499);
        assertErrorShape(response);
    }

    private static long version() throws Exception {
        HttpResponse<String> read = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + settings.httpPort() + "/v1/inventory/SKU-FUZZ"))
                        .header("X-API-Key", "demo")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(read.body()).path("version").asLong();
    }

    @Provide
    Arbitrary<String> badBodies() {
        Arbitrary<String> garbage = Arbitraries.strings().all().ofMaxLength(300);
        Arbitrary<String> wrongType = Arbitraries.of(
                        "delta", "version", "quantity", "storeId", "productId", "idempotencyKey")
                .flatMap(field -> Arbitraries.of("\"7\"", "7.5", "null", "[]", "{}", "true", "-1", "\"\"", "1e400")
                        .map(value -> "{\"storeId\":\"store-1\",\"productId\":\"SKU-FUZZ\",\"delta\":1,\"version\":1,"
                                + "\"idempotencyKey\":\"fuzz\",\"" + field + "\":" + value + "}"));
        Arbitrary<String> huge = Arbitraries.integers()
                .between(20_000, 2_000_000)
                .map(n ->
                        "{\"storeId\":\"store-1\",\"productId\":\"SKU-FUZZ\",\"delta\":1,\"version\":1,\"idempotencyKey\":\""
                                + "k".repeat(n) + "\"}");
        Arbitrary<String> structural = Arbitraries.of(
                "",
                "{",
                "}",
                "[]",
                "[{}]",
                "null",
                "0",
                "\"s\"",
                "{\"updates\":5}",
                "{\"storeId\":\"store-1\",\"updates\":[]}",
                "{\"storeId\":\"store-1\",\"productId\":\"SKU-FUZZ\",\"delta\":1,\"delta\":2,\"version\":1,\"idempotencyKey\":\"d\"}");
        return Arbitraries.oneOf(garbage, wrongType, huge, structural);
    }

    @Property(tries = 150)
    void malformedBodiesGetAClearClientError(@ForAll("badBodies") String body) throws Exception {
        long before = version();

        assertClearClientError(post("demo", Optional.empty(), body));
        assertThat(version()).as("no state change").isEqualTo(before);
    }

    @net.jqwik.api.Example
    void aBatchOfInvalidItemsAnswersEachItemAndChangesNothing() throws Exception {
        long before = version();

        HttpResponse<String> response = post(
                "demo", Optional.empty(), "{\"storeId\":\"store-1\",\"updates\":[1,{\"productId\":\"SKU-FUZZ\"}]}");

        // a batch is answered item by item: 200, every item refused, the summary says so
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("summary").path("failed").asInt()).isEqualTo(2);
        body.path("results")
                .forEach(item -> assertThat(item.path("code").asText()).isEqualTo("INVALID_REQUEST"));
        assertThat(version()).isEqualTo(before);
    }

    @Provide
    Arbitrary<String[]> badHeaders() {
        Arbitrary<String> printable =
                Arbitraries.strings().withCharRange(' ', '~').ofMinLength(0).ofMaxLength(300);
        return Arbitraries.oneOf(
                printable.map(v -> new String[] {"If-Match", v.isBlank() ? "x" : v}),
                printable.filter(v -> v.length() > 128 || v.isBlank()).map(v ->
                        new String[] {"Idempotency-Key", v.isEmpty() ? " " : v}),
                Arbitraries.of("\"abc\"", "W/\"1\"", "-1", "*", "1,2", "\"99999999999999999999\"")
                        .map(v -> new String[] {"If-Match", v}));
    }

    @Property(tries = 100)
    void oddHeadersGetAClearClientError(@ForAll("badHeaders") String[] header) throws Exception {
        long before = version();
        // the body lacks version and key: only the (bad) headers could supply them
        HttpResponse<String> response =
                post("demo", Optional.of(header), "{\"storeId\":\"store-1\",\"productId\":\"SKU-FUZZ\",\"delta\":1}");

        assertClearClientError(response);
        assertThat(version()).isEqualTo(before);
    }

    @Provide
    Arbitrary<String> wrongKeys() {
        return Arbitraries.oneOf(
                Arbitraries.strings()
                        .withCharRange('!', '~')
                        .ofMinLength(1)
                        .ofMaxLength(200)
                        .filter(k -> !k.equals("demo") && !k.equals("demo-all-stores")),
                Arbitraries.just(null));
    }

    @Property(tries = 300) // connection reuse after a 401 once failed at try 33: many tries keep it covered
    void wrongOrMissingApiKeysAre401(@ForAll("wrongKeys") String apiKey) throws Exception {
        HttpResponse<String> response = post(
                apiKey,
                Optional.empty(),
                "{\"storeId\":\"store-1\",\"productId\":\"SKU-FUZZ\",\"delta\":1,\"version\":1,\"idempotencyKey\":\"auth\"}");

        assertThat(response.statusCode()).isEqualTo(401);
        assertClearClientError(response);
    }

    /** Codings the gateway takes; anything else must be refused with 415. */
    private static final Set<String> SUPPORTED = Set.of("identity", "gzip", "x-gzip", "deflate", "GZIP", "Deflate");

    private static final Set<String> MALFORMED_TYPES = Set.of("", ";;;garbage", "no-slash");
    private static final Set<String> JSON_TYPES =
            Set.of("application/json", "application/json; charset=utf-8", "application/json;charset=UTF-8");

    /**
     * One way to frame a body: its codings as listed in Content-Encoding (applied in that order), whether the
     * bytes really are what the codings say, the Content-Type (null: none), chunked or sized, and whether the
     * codings come in one comma-separated header or one header each.
     */
    record Framing(List<String> codings, boolean honest, String contentType, boolean chunked, boolean oneHeader) {
        boolean supported() {
            return codings.stream().allMatch(SUPPORTED::contains);
        }
    }

    @Provide
    Arbitrary<Framing> framings() {
        Arbitrary<List<String>> codings = Arbitraries.of(
                        "identity",
                        "gzip",
                        "x-gzip",
                        "deflate",
                        "GZIP",
                        "Deflate",
                        "br",
                        "compress",
                        "zstd",
                        "x-made-up",
                        "gzip;q=1",
                        "*")
                .list()
                .ofMaxSize(3);
        Arbitrary<String> contentTypes = Arbitraries.of(
                        "application/json",
                        "application/json; charset=utf-8",
                        "application/json;charset=UTF-8",
                        "application/json; charset=latin-99",
                        "text/plain",
                        "",
                        ";;;garbage",
                        "multipart/form-data; boundary=x",
                        "application/x-www-form-urlencoded",
                        "application/octet-stream",
                        "*/*",
                        "no-slash")
                .injectNull(0.15);
        return Combinators.combine(
                        codings,
                        Arbitraries.of(true, false),
                        contentTypes,
                        Arbitraries.of(true, false),
                        Arbitraries.of(true, false))
                .as(Framing::new);
    }

    private static byte[] encode(byte[] body, Framing framing) throws IOException {
        if (!framing.honest()) {
            // corrupt: the plain bytes, or the honest encoding cut in half
            byte[] honest = encode(body, new Framing(framing.codings(), true, null, false, true));
            return Arrays.equals(honest, body) ? body : Arrays.copyOf(honest, honest.length / 2);
        }
        byte[] bytes = body;
        for (String coding : framing.codings()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            switch (coding.toLowerCase(java.util.Locale.ROOT)) {
                case "gzip", "x-gzip" -> {
                    try (OutputStream gzip = new GZIPOutputStream(out)) {
                        gzip.write(bytes);
                    }
                }
                case "deflate" -> {
                    try (OutputStream deflate = new DeflaterOutputStream(out)) {
                        deflate.write(bytes);
                    }
                }
                default -> out.write(bytes); // identity, or a coding we cannot produce: sent as it is
            }
            bytes = out.toByteArray();
        }
        return bytes;
    }

    private static HttpResponse<String> postFramed(byte[] body, Framing framing) throws Exception {
        HttpRequest.BodyPublisher sized = HttpRequest.BodyPublishers.ofByteArray(body);
        HttpRequest.Builder builder = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + settings.httpPort() + "/v1/inventory/updates"))
                .timeout(Duration.ofSeconds(30))
                .header("X-API-Key", "demo")
                // a publisher without a length makes the client send Transfer-Encoding: chunked
                .POST(framing.chunked() ? HttpRequest.BodyPublishers.fromPublisher(sized) : sized);
        if (framing.contentType() != null) {
            builder.header("Content-Type", framing.contentType());
        }
        if (!framing.codings().isEmpty()) {
            if (framing.oneHeader()) {
                builder.header("Content-Encoding", String.join(", ", framing.codings()));
            } else {
                framing.codings().forEach(coding -> builder.header("Content-Encoding", coding));
            }
        }
        // The shared client reuses its connections: a refusal must leave the connection usable (the gateway
        // reads a refused body before answering), or the next request on it gets no answer at all.
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Property(tries = 200)
    void everyBodyFramingGetsADocumentedAnswer(@ForAll("framings") Framing framing) throws Exception {
        String product = "SKU-FRAME-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] create = ("{\"storeId\":\"store-1\",\"productId\":\"" + product + "\",\"quantity\":1,\"version\":0,"
                        + "\"idempotencyKey\":\"frame-" + product + "\"}")
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = postFramed(encode(create, framing), framing);

        assertThat(response.statusCode())
                .as("no 5xx but the documented 503 and 504; %s: %s", framing, response.body())
                .satisfiesAnyOf(
                        status -> assertThat(status).isLessThan(500),
                        status -> assertThat(status).isIn(503, 504));
        if (response.statusCode() >= 400) {
            assertErrorShape(response);
        }
        if (framing.contentType() != null && MALFORMED_TYPES.contains(framing.contentType())) {
            // Jersey refuses an unparseable Content-Type before the body's coding is looked at
            assertThat(response.statusCode())
                    .as("a malformed Content-Type: %s", framing)
                    .isIn(400, 415);
        } else if (!framing.supported()) {
            assertThat(response.statusCode())
                    .as("a coding the gateway does not take: %s", framing)
                    .isEqualTo(415);
        } else if (framing.honest() && framing.contentType() != null && JSON_TYPES.contains(framing.contentType())) {
            assertThat(response.statusCode())
                    .as("a well-framed update is applied: %s: %s", framing, response.body())
                    .isEqualTo(200);
        }
    }

    private static void assertErrorShape(HttpResponse<String> response) throws Exception {
        JsonNode body = JSON.readTree(response.body());
        assertThat(response.headers().firstValue("Content-Type").orElse(""))
                .as(response.body())
                .startsWith("application/problem+json");
        assertThat(body.path("code").asText()).as(response.body()).matches("[A-Z0-9_]+");
        assertThat(body.path("status").asInt()).as(response.body()).isEqualTo(response.statusCode());
        assertThat(body.path("detail").asText()).as(response.body()).isNotBlank();
        assertThat(response.body())
                .doesNotContain("Exception")
                .doesNotContain("\tat ")
                .doesNotContain("at dev.versioned");
    }
}
