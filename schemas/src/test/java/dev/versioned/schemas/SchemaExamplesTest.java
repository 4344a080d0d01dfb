package dev.versioned.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every example under {@code schemas/examples/<schema>/{valid,invalid}} is checked by a maintained JSON
 * Schema validator, by the Java parser (for requests), and round-tripped through the serdes.
 */
class SchemaExamplesTest {

    private static final Path EXAMPLES = Path.of("examples");

    /** The requests topic's limits: a document request may be larger than an update, by its document. */
    private static final int MAX_REQUEST_BYTES = 16_384;

    private static final int MAX_DOCUMENT_REQUEST_BYTES = 16_384 + 65_536;

    private record Contract(String name, JsonSerde<?> serde) {}

    private static final List<Contract> CONTRACTS = List.of(
            new Contract("update-request", WireSerdes.UPDATE_REQUEST),
            new Contract("transfer-request", WireSerdes.TRANSFER_REQUEST),
            new Contract("update-result", WireSerdes.UPDATE_RESULT),
            new Contract("inventory-record", WireSerdes.INVENTORY_RECORD),
            new Contract("document-request", WireSerdes.DOCUMENT_REQUEST),
            new Contract("document-result", WireSerdes.DOCUMENT_RESULT),
            new Contract("document-record", WireSerdes.DOCUMENT_RECORD),
            new Contract("dead-letter", WireSerdes.DEAD_LETTER),
            new Contract("stream-append", WireSerdes.STREAM_APPEND),
            new Contract("stream-result", WireSerdes.STREAM_RESULT),
            new Contract("stream-event", WireSerdes.STREAM_EVENT));

    @TestFactory
    @DisplayName("valid examples pass the schema, the Java contract, and survive a serde round trip")
    Stream<DynamicTest> validExamples() {
        return CONTRACTS.stream()
                .flatMap(contract -> examples(contract, "valid")
                        .map(file -> DynamicTest.dynamicTest(contract.name() + "/" + file.getFileName(), () -> {
                            byte[] bytes = Files.readAllBytes(file);
                            assertThat(errors(contract, bytes))
                                    .as("schema errors")
                                    .isEmpty();
                            if (contract.name().equals("update-request")) {
                                assertThat(RequestParser.parse(bytes, 16_384)).isInstanceOf(ParsedRequest.Valid.class);
                            }
                            if (contract.name().equals("transfer-request")) {
                                assertThat(RequestParser.parseAny(bytes, 16_384))
                                        .isInstanceOf(ParsedRequest.ValidTransfer.class);
                            }
                            if (contract.name().equals("document-request")) {
                                assertThat(RequestParser.parseAny(bytes, MAX_REQUEST_BYTES, MAX_DOCUMENT_REQUEST_BYTES))
                                        .isInstanceOf(ParsedRequest.ValidDocument.class);
                            }
                            if (contract.name().equals("stream-append")) {
                                assertThat(RequestParser.parseAny(bytes, MAX_REQUEST_BYTES, MAX_DOCUMENT_REQUEST_BYTES))
                                        .isInstanceOf(ParsedRequest.ValidAppend.class);
                            }
                            Object value = contract.serde().fromBytes(bytes);
                            byte[] written = write(contract.serde(), value);
                            assertThat(errors(contract, written))
                                    .as("schema errors of the re-serialized value")
                                    .isEmpty();
                            assertThat(contract.serde().fromBytes(written)).isEqualTo(value);
                        })));
    }

    @TestFactory
    @DisplayName("invalid examples fail the schema, and invalid requests fail the Java parser too")
    Stream<DynamicTest> invalidExamples() {
        return CONTRACTS.stream()
                .flatMap(contract -> examples(contract, "invalid")
                        .map(file -> DynamicTest.dynamicTest(contract.name() + "/" + file.getFileName(), () -> {
                            byte[] bytes = Files.readAllBytes(file);
                            assertThat(errors(contract, bytes))
                                    .as("schema errors")
                                    .isNotEmpty();
                            if (contract.name().equals("update-request")) {
                                assertThat(RequestParser.parse(bytes, 16_384))
                                        .isInstanceOf(ParsedRequest.Invalid.class);
                            }
                            if (contract.name().equals("transfer-request")) {
                                assertThat(RequestParser.parseAny(bytes, 16_384))
                                        .isInstanceOf(ParsedRequest.Invalid.class);
                            }
                            if (contract.name().equals("document-request")) {
                                assertThat(RequestParser.parseAny(bytes, MAX_REQUEST_BYTES, MAX_DOCUMENT_REQUEST_BYTES))
                                        .isInstanceOf(ParsedRequest.InvalidDocument.class);
                            }
                            if (contract.name().equals("stream-append")) {
                                assertThat(RequestParser.parseAny(bytes, MAX_REQUEST_BYTES, MAX_DOCUMENT_REQUEST_BYTES))
                                        .isInstanceOf(ParsedRequest.InvalidAppend.class);
                            }
                        })));
    }

    @SuppressWarnings("unchecked")
    private static byte[] write(JsonSerde<?> serde, Object value) {
        return ((JsonSerde<Object>) serde).toBytes(value);
    }

    private static Stream<Path> examples(Contract contract, String kind) {
        try {
            List<Path> files = Files.list(EXAMPLES.resolve(contract.name()).resolve(kind))
                    .sorted()
                    .toList();
            assertThat(files).as(contract.name() + " has " + kind + " examples").isNotEmpty();
            return files.stream();
        } catch (IOException e) {
            throw new AssertionError("cannot list examples of " + contract.name(), e);
        }
    }

    private static Set<ValidationMessage> errors(Contract contract, byte[] json) throws IOException {
        JsonNode node = WireFormat.mapper().readTree(json);
        return schema(contract.name()).validate(node);
    }

    private static JsonSchema schema(String name) throws IOException {
        try (InputStream in = SchemaExamplesTest.class.getResourceAsStream("/schemas/" + name + ".schema.json")) {
            assertThat(in).as("schema file of " + name).isNotNull();
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                    .formatAssertionsEnabled(true)
                    .build();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(in, config);
        }
    }
}
