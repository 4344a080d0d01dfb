package dev.versioned.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Checks real responses against {@code openapi/inventory-api.yaml} (module schemas): the status must be
 * documented for the operation, its required headers present and well-formed, its media type documented
 * ({@code application/json} or {@code application/problem+json}; none for a 304), and the body must validate
 * against that media type's schema, with the OpenAPI 3.1 dialect of networknt's json-schema-validator (JSON
 * Schema 2020-12).
 */
public final class OpenApiContract {

    public static final String DOCUMENT = "openapi/inventory-api.yaml";

    private static final JsonNode SPEC = load();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V202012,
            builder -> builder.metaSchema(OpenApi31.getInstance())
                    .defaultMetaSchemaIri(OpenApi31.getInstance().getIri()));
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private OpenApiContract() {}

    public static JsonNode spec() {
        return SPEC;
    }

    /** Asserts that the reply is one the API description allows. */
    public static void assertConforms(Http.Reply reply) {
        assertConforms(reply.method(), reply.path(), reply.status(), reply::header, reply.body(), reply.json());
    }

    /**
     * Asserts that an answer is one the API description allows: {@code method} on {@code path} answered
     * {@code status}, with these headers, this body text and its JSON ({@code null} when none); for answers that
     * did not come over a socket (a resource test's).
     */
    public static void assertConforms(
            String method,
            String requestPath,
            int status,
            Function<String, Optional<String>> headers,
            String text,
            JsonNode json) {
        String path = requestPath.split("\\?", 2)[0];
        String template =
                template(path).orElseThrow(() -> new AssertionError("path not in the API description: " + path));
        String verb = method.toLowerCase(Locale.ROOT);
        String responsePointer = "/paths/" + escape(template) + "/" + verb + "/responses/" + status;
        JsonNode response = SPEC.at(responsePointer);
        assertThat(response.isMissingNode())
                .as("%s %s -> %d is documented", verb, template, status)
                .isFalse();
        if (response.has("$ref")) {
            responsePointer = response.get("$ref").asText().substring(1);
            response = SPEC.at(responsePointer);
        }
        assertHeaders(verb, path, status, headers, response);
        JsonNode content = response.path("content");
        if (content.isMissingNode()) {
            assertThat(text).as("%s %s -> %d has no body", verb, path, status).isEmpty();
            return;
        }
        String mediaType =
                headers.apply("Content-Type").orElse("").split(";", 2)[0].trim();
        assertThat(content.has(mediaType))
                .as("%s %s -> %d is documented as %s (documented: %s)", verb, path, status, mediaType, content)
                .isTrue();
        String schemaPointer = responsePointer + "/content/" + escape(mediaType) + "/schema";
        assertThat(json).as("a JSON body").isNotNull();
        Set<ValidationMessage> problems = schema(schemaPointer).validate(json);
        assertThat(problems).as("%s %s -> %d body %s", verb, path, status, text).isEmpty();
    }

    /**
     * Asserts that the reply is a problem as the API description's {@code Problem} schema says, for answers
     * outside the described operations (an unknown path, a method the path does not take).
     */
    public static void assertProblem(Http.Reply reply) {
        assertThat(reply.header("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(reply.json()).as("a JSON body").isNotNull();
        assertThat(schema("/components/schemas/Problem").validate(reply.json()))
                .as("%s %s -> %d body %s", reply.method(), reply.path(), reply.status(), reply.body())
                .isEmpty();
    }

    /** Each documented header that is required is there, and every documented header present fits its pattern. */
    private static void assertHeaders(
            String method, String path, int status, Function<String, Optional<String>> headers, JsonNode response) {
        Iterator<Map.Entry<String, JsonNode>> documented =
                response.path("headers").fields();
        while (documented.hasNext()) {
            Map.Entry<String, JsonNode> header = documented.next();
            JsonNode definition = resolve(header.getValue());
            Optional<String> value = headers.apply(header.getKey());
            if (definition.path("required").asBoolean(false)) {
                assertThat(value)
                        .as("%s %s -> %d carries %s", method, path, status, header.getKey())
                        .isPresent();
            }
            String pattern = definition.path("schema").path("pattern").asText("");
            value.filter(v -> !pattern.isEmpty())
                    .ifPresent(v -> assertThat(v).as(header.getKey()).matches(pattern));
        }
    }

    private static JsonSchema schema(String pointer) {
        return SCHEMAS.computeIfAbsent(
                pointer,
                p -> FACTORY.getSchema(
                        SchemaLocation.of("classpath:" + DOCUMENT + "#" + p),
                        SchemaValidatorsConfig.builder().build()));
    }

    private static JsonNode resolve(JsonNode node) {
        return node.has("$ref") ? SPEC.at(node.get("$ref").asText().substring(1)) : node;
    }

    private static Optional<String> template(String path) {
        Iterator<String> templates = SPEC.get("paths").fieldNames();
        String best = null;
        while (templates.hasNext()) {
            String candidate = templates.next();
            if (candidate.equals(path)) {
                return Optional.of(candidate);
            }
            if (path.matches(candidate.replaceAll("\\{[^/]+}", "[^/]+"))) {
                best = candidate;
            }
        }
        return Optional.ofNullable(best);
    }

    private static String escape(String template) {
        return template.replace("~", "~0").replace("/", "~1");
    }

    private static JsonNode load() {
        try (InputStream in = OpenApiContract.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new IllegalStateException(DOCUMENT + " is not on the classpath");
            }
            return new YAMLMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
