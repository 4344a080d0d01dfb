package dev.versioned.processor.topology;

import dev.versioned.processor.metrics.ProcessorMetrics;
import dev.versioned.processor.store.IdempotencyEntry;
import dev.versioned.processor.store.IdempotencyStore;
import dev.versioned.processor.store.InventoryStore;
import dev.versioned.schemas.DeadLetterReason;
import dev.versioned.schemas.Fingerprint;
import dev.versioned.schemas.ParsedRequest;
import dev.versioned.schemas.ReplyHeaders;
import dev.versioned.schemas.RequestParser;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.UpdateResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decides every request of its partition, one at a time: get, compare, put, forward. Under
 * exactly-once, the store writes and every output of one request commit together or not at all.
 *
 * <p>Outputs: the result to the results topic (always) and to the request's reply address (when it
 * has one); the new record to the state topic (when applied); the original record to the dead-letter
 * topic (when it cannot be accepted: unparseable, schema-invalid, oversized, keyed by something other
 * than its productId, or with malformed reply headers). Nothing here throws for bad input.
 */
final class UpdateProcessor implements Processor<String, byte[], String, Object> {

    private final int maxRequestBytes;
    private final String replyPrefix;
    private final Duration retention;
    private final UpdateRules rules;
    private final boolean idempotencyEnabled;

    private ProcessorContext<String, Object> context;
    private InventoryStore inventory;
    private Optional<IdempotencyStore> idempotency = Optional.empty();
    private ProcessorMetrics metrics;

    UpdateProcessor(int maxRequestBytes, String replyPrefix, Duration retention, boolean unconditionalAdjust,
                    boolean idempotencyEnabled) {
        this.maxRequestBytes = maxRequestBytes;
        this.replyPrefix = replyPrefix;
        this.retention = retention;
        this.rules = new UpdateRules(unconditionalAdjust);
        this.idempotencyEnabled = idempotencyEnabled;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.inventory = new InventoryStore(context.getStateStore(InventoryStore.NAME));
        if (idempotencyEnabled) {
            IdempotencyStore store = new IdempotencyStore(context.getStateStore(IdempotencyStore.NAME), retention);
            this.idempotency = Optional.of(store);
            // Expiry is judged in stream time; the schedule is wall clock so that sweeps go on when input stops.
            context.schedule(IdempotencyStore.SWEEP_INTERVAL, PunctuationType.WALL_CLOCK_TIME, wallClock ->
                    store.sweep(Instant.ofEpochMilli(context.currentStreamTimeMs()), IdempotencyStore.SWEEP_BATCH));
        }
        this.metrics = new ProcessorMetrics(context.metrics(), TopologyNames.UPDATE_PROCESSOR);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        RequestHeaders headers = RequestHeaders.read(record.headers(), replyPrefix);
        ParsedRequest parsed = RequestParser.parse(record.value(), maxRequestBytes);
        if (parsed instanceof ParsedRequest.Invalid invalid) {
            reject(record, headers, invalid.reason(), invalid.message(), Ids.of(invalid));
        } else if (headers.problem().isPresent()) {
            reject(record, headers, DeadLetterReason.INVALID_HEADER, headers.problem().get(), Ids.NONE);
        } else {
            UpdateRequest request = ((ParsedRequest.Valid) parsed).request();
            if (!Objects.equals(record.key(), request.productId())) {
                reject(record, headers, DeadLetterReason.KEY_MISMATCH, "the record key must be the productId '"
                        + request.productId() + "', was " + (record.key() == null ? "null" : "'" + record.key() + "'"),
                        Ids.of(request));
            } else {
                decide(record, headers, request);
            }
        }
    }

    private void decide(Record<String, byte[]> record, RequestHeaders headers, UpdateRequest request) {
        Instant now = Instant.ofEpochMilli(record.timestamp());
        Optional<IdempotencyEntry> seen = idempotency.flatMap(store -> store.find(request.recordKey(),
                request.idempotencyKey(), now));
        Decision decision = rules.decide(request, headers.correlationId(), inventory.current(request.recordKey()),
                seen, now);
        decision.newState().ifPresent(state -> {
            inventory.put(state);
            context.forward(new Record<String, Object>(state.key().asString(), state, record.timestamp()),
                    TopologyNames.STATE_SINK);
        });
        EncodedResult result = EncodedResult.of(decision.result());
        if (decision.recordOutcome()) {
            idempotency.ifPresent(store -> store.record(request.recordKey(), request.idempotencyKey(),
                    Fingerprint.of(request), result.result(), now));
        }
        publish(record, headers, request.productId(), result);
    }

    /** The ids a rejection can name: as far as the request could be read. */
    private record Ids(Optional<String> storeId, Optional<String> productId, Optional<String> idempotencyKey) {
        static final Ids NONE = new Ids(Optional.empty(), Optional.empty(), Optional.empty());

        static Ids of(ParsedRequest.Invalid invalid) {
            return new Ids(invalid.storeId(), invalid.productId(), invalid.idempotencyKey());
        }

        static Ids of(UpdateRequest request) {
            return new Ids(Optional.of(request.storeId()), Optional.of(request.productId()),
                    Optional.of(request.idempotencyKey()));
        }
    }

    private void reject(Record<String, byte[]> record, RequestHeaders headers, DeadLetterReason reason, String message,
                        Ids ids) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        context.forward(new Record<String, Object>(record.key(),
                DeadLetters.of(reason, message, source.topic(), source.partition(), source.offset(), record.timestamp(),
                        record.key(), record.value(), record.headers(), headers.correlationId()),
                record.timestamp(), record.headers()), TopologyNames.DEAD_LETTER_SINK);
        metrics.deadLettered();
        UpdateResult result = UpdateResult.rejected(ids.storeId(), ids.productId(), ids.idempotencyKey(),
                headers.correlationId(), ResultCode.INVALID_REQUEST, reason + ": " + message);
        publish(record, headers, ids.productId().orElse(record.key()), EncodedResult.of(result));
    }

    private void publish(Record<String, byte[]> record, RequestHeaders headers, String key, EncodedResult result) {
        RecordHeaders out = new RecordHeaders();
        headers.correlationId().ifPresent(id -> out.add(ReplyHeaders.CORRELATION_ID, id.getBytes(StandardCharsets.UTF_8)));
        context.forward(new Record<String, Object>(key, result, record.timestamp(), out), TopologyNames.RESULTS_SINK);
        headers.replyAddress().ifPresent(address -> context.forward(
                new Record<String, Object>(key, new Reply(address, result), record.timestamp(), out),
                TopologyNames.REPLY_SINK));
        metrics.outcome(result.result());
    }
}
