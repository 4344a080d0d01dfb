package dev.versioned.gateway.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.versioned.schemas.DocumentKey;
import dev.versioned.schemas.DocumentRequest;
import dev.versioned.schemas.TopicNames;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The versioned documents the gateway serves under {@code /v1/collections/{collection}/{id}}: which collections
 * (each one the processor is configured with; none by default, and then the document API answers 404 for every
 * collection), the largest document a write may carry (the processor's {@code documents.max.document.bytes}, so
 * that an oversized document is refused 413 here and never sent), and the compacted state topic reads come from.
 *
 * <pre>
 * documents:
 *   collections: [customers, wallets]
 *   maxDocumentBytes: 65536
 *   stateTopic: documents.state
 * </pre>
 */
public class DocumentsConfig {

    /** The processor's default limit. */
    public static final int DEFAULT_MAX_DOCUMENT_BYTES = DocumentRequest.DEFAULT_MAX_DOCUMENT_BYTES;

    public static final String DEFAULT_STATE_TOPIC = dev.versioned.schemas.TopicNames.DOCUMENT_STATE;

    @NotNull
    private List<String> collections = new ArrayList<>();

    @Min(
            value = DocumentRequest.MIN_DOCUMENT_LIMIT,
            message = "documents.maxDocumentBytes must be at least 1024, as in the processor")
    @Max(
            value = DocumentRequest.MAX_DOCUMENT_LIMIT,
            message = "documents.maxDocumentBytes must be at most 1000000, as in the processor")
    private int maxDocumentBytes = DEFAULT_MAX_DOCUMENT_BYTES;

    @NotNull
    private String stateTopic = DEFAULT_STATE_TOPIC;

    @JsonProperty
    public List<String> getCollections() {
        return collections;
    }

    @JsonProperty
    public void setCollections(List<String> collections) {
        this.collections = collections;
    }

    @JsonProperty
    public int getMaxDocumentBytes() {
        return maxDocumentBytes;
    }

    @JsonProperty
    public void setMaxDocumentBytes(int maxDocumentBytes) {
        this.maxDocumentBytes = maxDocumentBytes;
    }

    @JsonProperty
    public String getStateTopic() {
        return stateTopic;
    }

    @JsonProperty
    public void setStateTopic(String stateTopic) {
        this.stateTopic = stateTopic;
    }

    /** The collections served, in configuration order. */
    @JsonIgnore
    public Set<String> collectionSet() {
        return collections == null ? Set.of() : new LinkedHashSet<>(collections);
    }

    @ValidationMethod(
            message = "documents.collections must name collections as the processor does: a lower-case letter then"
                    + " up to 63 of [a-z0-9-], each once")
    @JsonIgnore
    public boolean isCollectionsWellFormed() {
        Set<String> seen = new HashSet<>();
        return collections == null
                || collections.stream().allMatch(name -> DocumentKey.isCollection(name) && seen.add(name));
    }

    @ValidationMethod(message = "documents.stateTopic must be 1..249 characters of [a-zA-Z0-9._-]")
    @JsonIgnore
    public boolean isStateTopicValid() {
        return stateTopic == null || TopicNames.isValidName(stateTopic);
    }
}
