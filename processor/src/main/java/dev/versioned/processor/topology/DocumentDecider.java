package dev.versioned.processor.topology;

import dev.versioned.processor.config.DocumentSettings;
import dev.versioned.processor.documents.CollectionSchema;
import dev.versioned.processor.documents.DocumentRules;
import dev.versioned.processor.metrics.ProcessorMetrics;
import dev.versioned.processor.store.DocumentStore;
import dev.versioned.processor.store.IdempotencyStore;
import dev.versioned.schemas.DocumentKey;
import dev.versioned.schemas.DocumentRecord;
import dev.versioned.schemas.DocumentRequest;
import dev.versioned.schemas.DocumentResult;
import dev.versioned.schemas.Fingerprint;
import dev.versioned.schemas.ReplyHeaders;
import dev.versioned.schemas.WireSerdes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Decides a document write with the same guarantees as an inventory update: one writer per id (the requests
 * topic is keyed by id), the version checked and the new state written in the partition's one thread, the
 * outcome recorded under the idempotency key and replayed to a retry, every output committed with the store
 * writes under exactly-once.
 *
 * <p>Outputs: the {@link DocumentResult} to the documents results topic (always) and to the request's reply
 * address, with the header {@link ReplyHeaders#RESULT_TYPE} {@code document}; the new {@link DocumentRecord}
 * to the documents state topic (when applied).
 */
final class DocumentDecider {

    private static final byte[] DOCUMENT_RESULT_TYPE = ReplyHeaders.DOCUMENT_RESULT.getBytes(StandardCharsets.UTF_8);

    private final UpdateProcessor processor;
    private final ProcessorContext<String, Object> context;
    private final DocumentSettings settings;
    private final DocumentRules rules;
    private final DocumentStore store;
    private final Optional<IdempotencyStore> idempotency;
    private final ProcessorMetrics metrics;

    DocumentDecider(
            UpdateProcessor processor,
            ProcessorContext<String, Object> context,
            DocumentSettings settings,
            DocumentStore store,
            Optional<IdempotencyStore> idempotency,
            ProcessorMetrics metrics) {
        this.processor = processor;
        this.context = context;
        this.settings = settings;
        this.rules = new DocumentRules(settings.maxDocumentBytes());
        this.store = store;
        this.idempotency = idempotency;
        this.metrics = metrics;
    }

    /** The schema of the request's collection; empty when the processor is not configured with it. */
    Optional<CollectionSchema> schemaOf(DocumentRequest request) {
        return settings.collection(request.collection());
    }

    /** Decides a valid request of a configured collection. */
    void decide(
            Record<String, byte[]> record,
            RequestHeaders headers,
            DocumentRequest request,
            CollectionSchema schema,
            Instant now) {
        Optional<String> correlationId = headers.correlationId();
        DocumentKey key = request.key();
        Optional<DocumentRecord> current = store.load(key);
        String fingerprint = Fingerprint.of(request);
        Optional<IdempotencyStore.DocumentEntry> seen =
                idempotency.flatMap(s -> s.findDocument(key, request.idempotencyKey(), now));
        if (seen.isPresent()) {
            DocumentResult answer = seen.get().fingerprint().equals(fingerprint)
                    ? seen.get().result().asReplayFor(correlationId)
                    : DocumentResult.keyReused(
                            request, correlationId, current, seen.get().result());
            publish(record, headers, request.id(), answer, WireSerdes.DOCUMENT_RESULT.toBytes(answer));
            return;
        }
        DocumentRules.Decision decision = rules.decide(request, correlationId, current, schema, now);
        decision.newState()
                .ifPresent(state -> context.forward(
                        new Record<String, Object>(
                                key.asString(), store.put(state), record.timestamp(), new RecordHeaders()),
                        TopologyNames.DOCUMENT_STATE_SINK));
        byte[] json = WireSerdes.DOCUMENT_RESULT.toBytes(decision.result());
        if (decision.result().code().isRecorded()) {
            idempotency.ifPresent(s -> s.recordDocument(key, request.idempotencyKey(), fingerprint, json, now));
        }
        publish(record, headers, request.id(), decision.result(), json);
    }

    /** Answers a document request that cannot be decided: {@code INVALID_REQUEST}, naming what could be read. */
    void refuse(
            Record<String, byte[]> record,
            RequestHeaders headers,
            Optional<String> collection,
            Optional<String> id,
            Optional<String> idempotencyKey,
            String error,
            String fallbackKey) {
        DocumentResult result = DocumentResult.rejected(collection, id, idempotencyKey, headers.correlationId(), error);
        publish(record, headers, id.orElse(fallbackKey), result, WireSerdes.DOCUMENT_RESULT.toBytes(result));
    }

    private void publish(
            Record<String, byte[]> record, RequestHeaders headers, String key, DocumentResult result, byte[] json) {
        RecordHeaders out = UpdateProcessor.correlationHeaders(headers);
        context.forward(
                new Record<String, Object>(key, json, record.timestamp(), out), TopologyNames.DOCUMENT_RESULTS_SINK);
        RecordHeaders reply = UpdateProcessor.correlationHeaders(headers);
        reply.add(ReplyHeaders.RESULT_TYPE, DOCUMENT_RESULT_TYPE);
        processor.sendReply(record, headers, key, json, reply);
        metrics.documentOutcome(result.collection(), result.code(), result.replayed());
    }
}
