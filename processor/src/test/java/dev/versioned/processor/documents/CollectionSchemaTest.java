package dev.versioned.processor.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.versioned.schemas.WireFormat;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CollectionSchemaTest {

    private static final String WALLETS = CollectionSchema.CLASSPATH + "collections/wallets.schema.json";

    @Test
    @DisplayName("a document that satisfies the schema has no violation")
    void validDocumentPasses() throws Exception {
        CollectionSchema wallets = CollectionSchema.load("wallets", WALLETS);

        assertThat(wallets.violation(WireFormat.mapper().readTree("{\"name\":\"Ada\",\"balance\":0}")))
                .isEmpty();
    }

    @Test
    @DisplayName("a violation names the JSON Pointer of the failing value and what the schema requires there")
    void violationNamesPath() throws Exception {
        CollectionSchema wallets = CollectionSchema.load("wallets", WALLETS);

        assertThat(wallets.violation(WireFormat.mapper().readTree("{\"name\":\"Ada\",\"balance\":-1}")))
                .hasValueSatisfying(v -> {
                    assertThat(v.path()).isEqualTo("/balance");
                    assertThat(v.message()).contains("minimum").doesNotStartWith("/balance");
                });
    }

    @Test
    @DisplayName("a schema that is not valid JSON Schema 2020-12 is refused with the collection and the reason")
    void invalidSchemaIsRefused() {
        assertThatThrownBy(() -> CollectionSchema.fromJson("wallets", "{\"type\":\"integer-ish\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("collection 'wallets'")
                .hasMessageContaining("not a valid JSON Schema 2020-12");
    }

    @Test
    @DisplayName("a schema declaring another draft is refused: only 2020-12 is supported")
    void otherDraftIsRefused() {
        assertThatThrownBy(() -> CollectionSchema.fromJson(
                        "customers", "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\"}"))
                .hasMessageContaining("only JSON Schema 2020-12");
    }

    @Test
    @DisplayName("a schema that is not JSON, or a file that cannot be read, is refused naming the collection")
    void unreadableSchemaIsRefused() {
        assertThatThrownBy(() -> CollectionSchema.fromJson("customers", "{not json"))
                .hasMessageContaining("collection 'customers' is not JSON");
        assertThatThrownBy(() -> CollectionSchema.fromFile("customers", Path.of("no-such-file.json")))
                .hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> CollectionSchema.load("customers", "classpath:no/such.json"))
                .hasMessageContaining("not on the class path");
    }
}
