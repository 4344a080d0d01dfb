package dev.versioned.processor.config;

import dev.versioned.processor.documents.CollectionSchema;
import dev.versioned.schemas.DocumentKey;
import dev.versioned.schemas.DocumentRequest;
import dev.versioned.schemas.TopicNames;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The document collections the processor decides writes for, and where their outcomes go.
 *
 * @param resultsTopic every document outcome (audit log), key = id
 * @param stateTopic the latest state of every document, compacted, key = {@code collection/id}
 * @param maxDocumentBytes the largest document (as compact JSON) a write may make
 * @param collections each collection's schema, by name; a request naming another collection is refused
 */
public record DocumentSettings(
        String resultsTopic, String stateTopic, int maxDocumentBytes, Map<String, CollectionSchema> collections) {

    public static final String DEFAULT_RESULTS_TOPIC = TopicNames.DOCUMENT_RESULTS;
    public static final String DEFAULT_STATE_TOPIC = TopicNames.DOCUMENT_STATE;
    public static final int DEFAULT_MAX_DOCUMENT_BYTES = DocumentRequest.DEFAULT_MAX_DOCUMENT_BYTES;
    /** Room in a request for everything but its document: ids, key, version, field names. */
    static final int ENVELOPE_BYTES = 4_096;

    public static final DocumentSettings NONE =
            new DocumentSettings(DEFAULT_RESULTS_TOPIC, DEFAULT_STATE_TOPIC, DEFAULT_MAX_DOCUMENT_BYTES, Map.of());

    public DocumentSettings {
        collections = Map.copyOf(collections);
        for (String topic : new String[] {resultsTopic, stateTopic}) {
            if (!TopicNames.isValidName(topic)) {
                throw new SettingsException("topic name '" + topic + "' must be 1..249 characters of [a-zA-Z0-9._-]");
            }
        }
        if (maxDocumentBytes < DocumentRequest.MIN_DOCUMENT_LIMIT
                || maxDocumentBytes > DocumentRequest.MAX_DOCUMENT_LIMIT) {
            throw new SettingsException("documents.max.document.bytes must be between "
                    + DocumentRequest.MIN_DOCUMENT_LIMIT + " and " + DocumentRequest.MAX_DOCUMENT_LIMIT + ", was "
                    + maxDocumentBytes);
        }
        collections.keySet().stream()
                .filter(name -> !DocumentKey.isCollection(name))
                .findFirst()
                .ifPresent(name -> {
                    throw new SettingsException(
                            "collection name '" + name + "' must be " + DocumentKey.COLLECTION_RULE);
                });
    }

    /** The largest document request the requests topic accepts: the largest document and its envelope. */
    public int maxRequestBytes() {
        return maxDocumentBytes + ENVELOPE_BYTES;
    }

    public Optional<CollectionSchema> collection(String name) {
        return Optional.ofNullable(collections.get(name));
    }

    /** These settings with one more collection (or its schema replaced). */
    public DocumentSettings withCollection(CollectionSchema schema) {
        Map<String, CollectionSchema> more = new TreeMap<>(collections);
        more.put(schema.collection(), schema);
        return new DocumentSettings(resultsTopic, stateTopic, maxDocumentBytes, more);
    }

    /** These settings with the example collections, {@code customers} and {@code wallets}, as the local stack has. */
    public DocumentSettings withExampleCollections() {
        DocumentSettings settings = this;
        for (CollectionSchema schema : CollectionSchema.examples()) {
            settings = settings.withCollection(schema);
        }
        return settings;
    }

    public DocumentSettings withMaxDocumentBytes(int bytes) {
        return new DocumentSettings(resultsTopic, stateTopic, bytes, collections);
    }
}
