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
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Hostile HTTP against a real gateway on a real port: malformed and huge bodies, wrong types, odd
 * headers, wrong or missing API keys, and every framing a client can give a body ({@code Content-Encoding},
 * {@code Content-Type}, chunked or sized). Every bad request answers a 4xx with the one error shape and no
 * stack trace, and no state changes; no answer is a 5xx other than the documented 503 and 504. The same holds for
 * every endpoint and every method, those no endpoint takes included, with the body of any endpoint in an
 * encoding that is or is not what {@code Content-Encoding} says, under a valid, wrong, empty or missing key
 * ({@link #hostileRequestsToEveryEndpointGetNoServerError}).
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
            bytes = switch (coding.toLowerCase(java.util.Locale.ROOT)) {
                case "gzip", "x-gzip" -> gzip(bytes);
                case "deflate" -> deflate(bytes);
                default -> bytes; // identity, or a coding we cannot produce: sent as it is
            };
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

    /** Every operation of the API (method and path), each on a product or document of its own. */
    private static final List<List<String>> OPERATIONS = List.of(
            List.of("POST", "/v1/inventory/updates"),
            List.of("POST", "/v1/inventory/transfers"),
            List.of("GET", "/v1/inventory/SKU-HOSTILE?storeId=store-1"),
            List.of("DELETE", "/v1/inventory/SKU-HOSTILE?storeId=store-1"),
            List.of("GET", "/v1/inventory?storeId=store-1"),
            List.of("GET", "/v1/inventory/SKU-HOSTILE/history?storeId=store-1"),
            List.of("PUT", "/v1/collections/wallets/w-hostile"),
            List.of("PATCH", "/v1/collections/wallets/w-hostile"),
            List.of("DELETE", "/v1/collections/wallets/w-hostile"),
            List.of("GET", "/v1/collections/customers/c-hostile"));

    /** Every method, those no endpoint takes included. */
    private static final List<String> METHODS =
            List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND");

    /** The bodies of every endpoint, and bodies of none. */
    private static final List<String> BODY_SHAPES = List.of(
            "{\"storeId\":\"store-1\",\"productId\":\"SKU-HOSTILE\",\"delta\":1,\"version\":1,\"idempotencyKey\":\"h-1\"}",
            "{\"storeId\":\"store-1\",\"updates\":[{\"productId\":\"SKU-HOSTILE\",\"delta\":1,\"version\":1,"
                    + "\"idempotencyKey\":\"h-2\"}]}",
            "{\"productId\":\"SKU-HOSTILE\",\"idempotencyKey\":\"h-3\",\"items\":[{\"storeId\":\"store-1\",\"delta\":1,"
                    + "\"version\":1},{\"storeId\":\"store-2\",\"delta\":-1,\"version\":1}]}",
            "{\"balance\":5}",
            "{\"balance\":null,\"owner\":{\"name\":\"x\"}}",
            "{\"collection\":\"wallets\",\"id\":\"w-hostile\",\"operation\":\"PUT\",\"document\":{\"balance\":1},"
                    + "\"version\":0,\"idempotencyKey\":\"h-4\"}",
            "{\"collection\":\"wallets\"}",
            "",
            "[]",
            "null",
            "\"text\"",
            "{\"storeId\":",
            "\u0000\u00ff garbage \ud83d\ude00");

    /**
     * How a body is encoded against what {@code Content-Encoding} declares: honestly, not at all, cut short, or
     * in another coding than the one declared.
     */
    enum Encoding {
        NONE(null),
        GZIP("gzip"),
        DEFLATE("deflate"),
        X_GZIP("x-gzip"),
        DEFLATE_THEN_GZIP("deflate, gzip"),
        GZIP_DECLARED_PLAIN("gzip"),
        DEFLATE_DECLARED_PLAIN("deflate"),
        GZIP_TRUNCATED("gzip"),
        DEFLATE_TRUNCATED("deflate"),
        STACKED_TRUNCATED("deflate, gzip"),
        GZIP_DECLARED_DEFLATE_SENT("gzip"),
        DEFLATE_DECLARED_GZIP_SENT("deflate"),
        GZIP_SENT_UNDECLARED(null),
        GZIP_DECLARED_TWICE_ONCE_SENT("gzip, gzip"),
        UNSUPPORTED("br");

        final String declared;

        Encoding(String declared) {
            this.declared = declared;
        }

        byte[] apply(byte[] body) throws IOException {
            return switch (this) {
                case NONE, GZIP_DECLARED_PLAIN, DEFLATE_DECLARED_PLAIN, UNSUPPORTED -> body;
                case GZIP, X_GZIP, GZIP_SENT_UNDECLARED, GZIP_DECLARED_DEFLATE_SENT, GZIP_DECLARED_TWICE_ONCE_SENT ->
                    gzip(body);
                case DEFLATE, DEFLATE_DECLARED_GZIP_SENT -> deflate(body);
                case DEFLATE_THEN_GZIP -> gzip(deflate(body));
                case GZIP_TRUNCATED -> half(gzip(body));
                case DEFLATE_TRUNCATED -> half(deflate(body));
                case STACKED_TRUNCATED -> half(gzip(deflate(body)));
            };
        }

        private static byte[] half(byte[] bytes) {
            return Arrays.copyOf(bytes, bytes.length / 2);
        }
    }

    /** The encodings whose bytes are what {@code Content-Encoding} says (or, without one, plain). */
    private static final List<Encoding> HONEST =
            List.of(Encoding.NONE, Encoding.GZIP, Encoding.DEFLATE, Encoding.X_GZIP, Encoding.DEFLATE_THEN_GZIP);

    private static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(body);
        }
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream deflate = new DeflaterOutputStream(out)) {
            deflate.write(body);
        }
        return out.toByteArray();
    }

    /**
     * A request a hostile or careless caller can send: any method on any endpoint, a key that is valid, wrong,
     * empty or missing (null), the body of any endpoint in any of the encodings, chunked or sized, any
     * Content-Type (null: none), and the preconditions that let a write reach its body, or none.
     */
    record Hostile(
            List<String> operation,
            String key,
            String body,
            Encoding encoding,
            boolean chunked,
            String contentType,
            List<String> preconditions) {

        String method() {
            return operation.get(0);
        }

        String path() {
            return operation.get(1);
        }

        boolean validKey() {
            return "demo".equals(key) || "demo-all-stores".equals(key);
        }
    }

    @Provide
    Arbitrary<Hostile> hostileRequests() {
        Arbitrary<String> keys = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of("demo", "demo-all-stores")),
                Tuple.of(1, Arbitraries.just("")),
                Tuple.of(
                        1,
                        Arbitraries.strings()
                                .withCharRange('!', '~')
                                .ofMinLength(1)
                                .ofMaxLength(40)
                                .filter(k -> !k.startsWith("demo"))),
                Tuple.of(1, Arbitraries.just(null)));
        // As often a body that is what its header says as one that is not.
        Arbitrary<Encoding> encodings = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of(HONEST)),
                Tuple.of(
                        1,
                        Arbitraries.of(Arrays.stream(Encoding.values())
                                .filter(e -> !HONEST.contains(e))
                                .toList())));
        Arbitrary<String> contentTypes = Arbitraries.of(
                        "application/json", "application/merge-patch+json", "text/plain", ";;;garbage")
                .injectNull(0.2);
        Arbitrary<List<String>> preconditions = Arbitraries.of(
                List.of(),
                List.of("Idempotency-Key", "hostile-1", "If-Match", "\"1\""),
                List.of("Idempotency-Key", "hostile-2", "If-None-Match", "*"));
        // Mostly the operations the API has; otherwise any method on any of their paths.
        Arbitrary<List<String>> operations = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(OPERATIONS)),
                Tuple.of(
                        1,
                        Combinators.combine(Arbitraries.of(METHODS), Arbitraries.of(OPERATIONS))
                                .as((method, operation) -> List.of(method, operation.get(1)))));
        return Combinators.combine(
                        operations,
                        keys,
                        Arbitraries.of(BODY_SHAPES),
                        encodings,
                        Arbitraries.of(true, false),
                        contentTypes,
                        preconditions)
                .as(Hostile::new);
    }

    private static HttpResponse<String> send(Hostile request) throws Exception {
        HttpRequest.BodyPublisher sized = HttpRequest.BodyPublishers.ofByteArray(
                request.encoding().apply(request.body().getBytes(StandardCharsets.UTF_8)));
        HttpRequest.Builder builder = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + settings.httpPort() + request.path()))
                .timeout(Duration.ofSeconds(30))
                // a publisher without a length makes the client send Transfer-Encoding: chunked
                .method(request.method(), request.chunked() ? HttpRequest.BodyPublishers.fromPublisher(sized) : sized);
        if (request.key() != null) {
            builder.header("X-API-Key", request.key());
        }
        if (request.encoding().declared != null) {
            builder.header("Content-Encoding", request.encoding().declared);
        }
        if (request.contentType() != null) {
            builder.header("Content-Type", request.contentType());
        }
        for (int i = 0; i < request.preconditions().size(); i += 2) {
            builder.header(
                    request.preconditions().get(i), request.preconditions().get(i + 1));
        }
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Property(tries = 1500)
    void hostileRequestsToEveryEndpointGetNoServerError(@ForAll("hostileRequests") Hostile request) throws Exception {
        HttpResponse<String> response = send(request);
        Statistics.label("status").collect(response.statusCode());

        assertThat(response.statusCode())
                .as("no 5xx but the documented 503 and 504; %s: %s", request, response.body())
                .satisfiesAnyOf(
                        status -> assertThat(status).isLessThan(500),
                        status -> assertThat(status).isIn(503, 504));
        if (response.statusCode() >= 400 && !request.method().equals("HEAD")) {
            assertErrorShape(response);
        }
        if (!request.validKey() && !request.method().equals("OPTIONS")) {
            assertThat(response.statusCode())
                    .as("a request without a valid key is refused; %s: %s", request, response.body())
                    .isGreaterThanOrEqualTo(400);
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
