package dev.versioned.processor.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.versioned.schemas.DocumentResult;
import dev.versioned.schemas.WireFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;

/**
 * A collection's invariants: the JSON Schema (draft 2020-12) every document of the collection must satisfy
 * after every write. Checked once when it is loaded (a schema that is not valid 2020-12 refuses to load,
 * so the processor does not start), then against every document a write would make.
 */
public final class CollectionSchema {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG =
            SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build();
    private static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";

    private final String collection;
    private final JsonSchema schema;

    private CollectionSchema(String collection, JsonSchema schema) {
        this.collection = collection;
        this.schema = schema;
    }

    /** The prefix of a location on the class path: the example collections ship in the processor's jar. */
    public static final String CLASSPATH = "classpath:";

    /**
     * Reads and checks the schema of {@code collection} from a file, or from the class path when the location
     * starts with {@value #CLASSPATH}; throws {@link IllegalArgumentException} saying why not.
     */
    public static CollectionSchema load(String collection, String location) {
        if (!location.startsWith(CLASSPATH)) {
            return fromFile(collection, Path.of(location));
        }
        String resource = location.substring(CLASSPATH.length());
        try (InputStream in = CollectionSchema.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException(
                        "the schema of collection '" + collection + "' is not on the class path: " + resource);
            }
            return fromJson(collection, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "the schema of collection '" + collection + "' cannot be read from " + location + ": " + e);
        }
    }

    /** Reads and checks the schema file of {@code collection}; throws {@link IllegalArgumentException} saying why not. */
    public static CollectionSchema fromFile(String collection, Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "the schema of collection '" + collection + "' cannot be read from " + file + ": " + e);
        }
        return fromJson(collection, text);
    }

    /** The example collections the local stack ships: {@code customers} and {@code wallets}. */
    public static java.util.List<CollectionSchema> examples() {
        return java.util.List.of(
                load("customers", CLASSPATH + "collections/customers.schema.json"),
                load("wallets", CLASSPATH + "collections/wallets.schema.json"));
    }

    /** Checks and compiles a schema given as JSON text; throws {@link IllegalArgumentException} saying why not. */
    public static CollectionSchema fromJson(String collection, String json) {
        JsonNode node;
        try {
            node = WireFormat.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "the schema of collection '" + collection + "' is not JSON: " + firstLine(e));
        }
        if (node == null || !(node.isObject() || node.isBoolean())) {
            throw new IllegalArgumentException(
                    "the schema of collection '" + collection + "' must be a JSON object (a JSON Schema)");
        }
        JsonNode declared = node.path("$schema");
        if (!declared.isMissingNode() && !META_SCHEMA.equals(declared.asText())) {
            throw new IllegalArgumentException("the schema of collection '" + collection + "' declares $schema "
                    + declared + "; only JSON Schema 2020-12 (" + META_SCHEMA + ") is supported");
        }
        Set<ValidationMessage> problems =
                FACTORY.getSchema(SchemaLocation.of(META_SCHEMA), CONFIG).validate(node);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("the schema of collection '" + collection
                    + "' is not a valid JSON Schema 2020-12: " + first(problems).getMessage());
        }
        JsonSchema schema;
        try {
            schema = FACTORY.getSchema(node, CONFIG);
            schema.initializeValidators();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "the schema of collection '" + collection + "' cannot be compiled: " + e.getMessage());
        }
        return new CollectionSchema(collection, schema);
    }

    public String collection() {
        return collection;
    }

    /** Where {@code document} breaks the schema (the first failure by path), or empty when it satisfies it. */
    public Optional<DocumentResult.Violation> violation(JsonNode document) {
        Set<ValidationMessage> problems = schema.validate(IntegralNumbers.asIntegers(document));
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        ValidationMessage first = first(problems);
        String path = first.getInstanceLocation().toString();
        String message = first.getMessage();
        // The message starts with the path it is about; the violation names it apart.
        if (message.startsWith(path + ": ")) {
            message = message.substring(path.length() + 2);
        }
        return Optional.of(new DocumentResult.Violation(path, message));
    }

    private static ValidationMessage first(Set<ValidationMessage> problems) {
        return problems.stream()
                .min(Comparator.comparing(
                                (ValidationMessage m) -> m.getInstanceLocation().toString())
                        .thenComparing(ValidationMessage::getMessage))
                .orElseThrow();
    }

    private static String firstLine(IOException e) {
        return String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    }
}
