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

/**
 * Checks real responses against {@code openapi/inventory-api.yaml} (module schemas): the status must be
 * documented for the operation, and the JSON body must validate against the documented schema, with the
 * OpenAPI 3.1 dialect of networknt's json-schema-validator (JSON Schema 2020-12).
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
        String path = reply.path().split("\\?", 2)[0];
        String template =
                template(path).orElseThrow(() -> new AssertionError("path not in the API description: " + path));
        String method = reply.method().toLowerCase(Locale.ROOT);
        String responsePointer = "/paths/" + escape(template) + "/" + method + "/responses/" + reply.status();
        JsonNode response = SPEC.at(responsePointer);
        assertThat(response.isMissingNode())
                .as("%s %s -> %d is documented", method, template, reply.status())
                .isFalse();
        if (response.has("$ref")) {
            responsePointer = response.get("$ref").asText().substring(1);
            response = SPEC.at(responsePointer);
        }
        String schemaPointer = responsePointer + "/content/application~1json/schema";
        assertThat(SPEC.at(schemaPointer).isMissingNode())
                .as("a JSON schema for %s", responsePointer)
                .isFalse();
        assertThat(reply.header("Content-Type").orElse("")).startsWith("application/json");
        assertThat(reply.json()).as("a JSON body").isNotNull();
        JsonSchema schema = SCHEMAS.computeIfAbsent(
                schemaPointer,
                p -> FACTORY.getSchema(
                        SchemaLocation.of("classpath:" + DOCUMENT + "#" + p),
                        SchemaValidatorsConfig.builder().build()));
        Set<ValidationMessage> problems = schema.validate(reply.json());
        assertThat(problems)
                .as("%s %s -> %d body %s", method, path, reply.status(), reply.body())
                .isEmpty();
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
