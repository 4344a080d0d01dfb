package dev.versioned.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.versioned.processor.config.DocumentSettings;
import dev.versioned.processor.config.ProcessorSettings;
import dev.versioned.processor.documents.CollectionSchema;
import dev.versioned.schemas.DocumentRequest;
import dev.versioned.schemas.DocumentResult;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.WireFormat;
import dev.versioned.schemas.WireSerdes;
import java.nio.file.Path;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every document output fits a Kafka record at the largest document limit a deployment may set: a refusal carries
 * the current document beside whatever the request made the validator say, and that must stay bounded however
 * long the request's member names are (each control character in one is six bytes once escaped as JSON).
 */
class DocumentOutputSizeTest {

    /** The producer's default {@code max.request.size}, which the processor does not raise. */
    private static final int KAFKA_RECORD_LIMIT = Integer.parseInt(
            String.valueOf(ProducerConfig.configDef().defaultValues().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG)));
    /** Room for the record's key, headers and batch framing. */
    private static final int FRAMING = 4_096;

    private static final String TAGS_SCHEMA = """
            {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
             "properties":{"tags":{"type":"object","additionalProperties":{"type":"string"}}}}""";

    @TempDir
    Path stateDir;

    DocumentFixture fixture;

    @BeforeEach
    void start() {
        ProcessorSettings settings = ProcessorSettings.defaults("unused:9092")
                .withDocuments(DocumentSettings.NONE
                        .withMaxDocumentBytes(DocumentRequest.MAX_DOCUMENT_LIMIT)
                        .withCollection(CollectionSchema.fromJson("notes", TAGS_SCHEMA)));
        fixture = new DocumentFixture(settings, stateDir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    @DisplayName("a schema refusal beside a large current document fits a Kafka record, however long the failing path")
    void schemaRefusalOfALongPathFits() {
        // given a note of about 700 KB
        ObjectNode note = WireFormat.mapper().createObjectNode().put("text", "x".repeat(700_000));
        assertThat(fixture.decide(DocumentRequest.put("notes", "n-1", note, 0, "create"))
                        .applied())
                .isTrue();
        fixture.states();

        // when a patch adds a tag whose name is 40,000 control characters and whose value breaks the schema
        ObjectNode patch = WireFormat.mapper().createObjectNode();
        patch.putObject("tags").put("\u0001".repeat(40_000), 5);
        fixture.send(DocumentRequest.patch("notes", "n-1", patch, 1, "long-path"));

        // then the refusal names a bounded path, and every output of it fits a Kafka record
        DocumentResult refused = fixture.onlyResult(); // checks the reply is the same result
        assertThat(refused.code()).isEqualTo(ResultCode.CONSTRAINT_VIOLATION);
        assertThat(refused.violation().orElseThrow().path())
                .startsWith("/tags/")
                .hasSizeLessThan(600);
        assertThat(WireSerdes.DOCUMENT_RESULT.toBytes(refused).length).isLessThan(KAFKA_RECORD_LIMIT - FRAMING);
    }
}
