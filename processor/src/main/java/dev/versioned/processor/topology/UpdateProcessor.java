package dev.versioned.processor.topology;

import dev.versioned.processor.config.DocumentSettings;
import dev.versioned.processor.config.ProcessorSettings;
import dev.versioned.processor.config.StreamSettings;
import dev.versioned.processor.documents.CollectionSchema;
import dev.versioned.processor.metrics.ProcessorMetrics;
import dev.versioned.processor.store.DocumentStore;
import dev.versioned.processor.store.IdempotencyEntry;
import dev.versioned.processor.store.IdempotencyStore;
import dev.versioned.processor.store.InventoryStore;
import dev.versioned.processor.store.StreamStore;
import dev.versioned.processor.store.Transition;
import dev.versioned.processor.store.Transitions;
import dev.versioned.schemas.DeadLetterReason;
import dev.versioned.schemas.DocumentRequest;
import dev.versioned.schemas.Fingerprint;
import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.ParsedRequest;
import dev.versioned.schemas.RecordKey;
import dev.versioned.schemas.ReplyHeaders;
import dev.versioned.schemas.RequestParser;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.StreamAppend;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.UpdateResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.TaskMigratedException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides every request of its partition, one at a time: get, compare, put, forward. Under
 * exactly-once, the store writes and every output of one request commit together or not at all.
 *
 * <p>Outputs: the result to the results topic (always) and to the request's reply address (when it
 * has one); the new record to the state topic (when applied); the original record to the dead-letter
 * topic (when it cannot be accepted: unparseable, schema-invalid, oversized, keyed by something other
 * than its productId, or with malformed reply headers). Nothing here throws for bad input. A transfer, a
 * document write and an append to a stream are each decided by a decider of their own ({@link TransferDecider},
 * {@link DocumentDecider}, {@link StreamDecider}); this class parses, checks the boundary and dispatches.
 *
 * <p>At the Kafka boundary: a valid request on a partition other than its key's is not decided here but
 * forwarded once to its key's partition ({@link KeyPartitioner}), so that a product never has a second
 * writer; a reply whose topic cannot be written is skipped ({@link dev.versioned.processor.kafka.ReplyTopics});
 * every value copied from a request into an output is bounded ({@link OutputLimits}); and a record that
 * failed {@link RetryBudget#MAX_TRIES} times is dead-lettered {@code PROCESSING_FAILED} instead of tried again.
 */
final class UpdateProcessor implements Processor<String, byte[], String, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(UpdateProcessor.class);

    private final int maxRequestBytes;
    private final DocumentSettings documentSettings;
    private final StreamSettings streamSettings;
    private final String replyPrefix;
    private final Duration retention;
    private final UpdateRules rules;
    private final TopologyOptions options;
    private final KafkaBoundary boundary;
    private final ProcessorMetrics.Counters counters;

    private ProcessorContext<String, Object> context;
    private InventoryStore inventory;
    private Optional<IdempotencyStore> idempotency = Optional.empty();
    private ProcessorMetrics metrics;
    private TransferDecider transfers;
    private DocumentDecider documents;
    private StreamDecider streams;
    /** Whether state records go out when the inventory store's cache is flushed, rather than on every put. */
    private boolean stateOnFlush;

    /**
     * @param settings the request size limit, reply-topic prefix, idempotency retention and whether ADJUST
     *                 without a version is accepted
     * @param options  which parts of the design the topology is built with
     * @param boundary what the processor knows of the cluster around it
     * @param counters the instance's exported counters, which this task's metrics count into too
     */
    UpdateProcessor(
            ProcessorSettings settings,
            TopologyOptions options,
            KafkaBoundary boundary,
            ProcessorMetrics.Counters counters) {
        this.maxRequestBytes = settings.maxRequestBytes();
        this.documentSettings = settings.documents();
        this.streamSettings = settings.streams();
        this.replyPrefix = settings.topics().replyPrefix();
        this.retention = settings.idempotencyRetention();
        this.rules = new UpdateRules(settings.unconditionalAdjustEnabled());
        this.options = options;
        this.boundary = boundary;
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.inventory = new InventoryStore(context.getStateStore(InventoryStore.NAME));
        // One state record per product per commit: the latest, when the cache flushes it (which is also when
        // its changelog record is written). Without a cache, one per applied update.
        this.stateOnFlush = options.statePerCommit()
                && StateOnFlush.register(
                        context,
                        inventory.underlying(),
                        flushed -> context.forward(
                                new Record<String, Object>(
                                        flushed.key(),
                                        InventoryStore.decode(flushed.key(), flushed.value()),
                                        flushed.timestamp(),
                                        flushed.headers()),
                                TopologyNames.STATE_SINK));
        if (options.idempotency()) {
            String task = context.taskId().toString();
            IdempotencyStore store = new IdempotencyStore(
                    context.getStateStore(IdempotencyStore.NAME),
                    retention,
                    live -> counters.liveIdempotencyEntries(task, live));
            this.idempotency = Optional.of(store);
            // Expiry is judged in stream time; the schedule is wall clock so that sweeps go on when input stops.
            context.schedule(
                    IdempotencyStore.SWEEP_INTERVAL,
                    PunctuationType.WALL_CLOCK_TIME,
                    wallClock -> store.sweep(
                            Instant.ofEpochMilli(context.currentStreamTimeMs()), IdempotencyStore.SWEEP_BATCH));
        }
        this.metrics = new ProcessorMetrics(context.metrics(), TopologyNames.UPDATE_PROCESSOR, counters);
        this.transfers = new TransferDecider(this, rules, inventory, idempotency, options.transitionsInRecord());
        this.documents = new DocumentDecider(
                this,
                context,
                documentSettings,
                new DocumentStore(context.getStateStore(DocumentStore.NAME)),
                idempotency,
                metrics);
        this.streams = new StreamDecider(
                this, context, new StreamStore(context.getStateStore(StreamStore.NAME)), idempotency, metrics);
    }

    @Override
    public void close() {
        counters.forgetTask(context.taskId().toString());
    }

    @Override
    public void process(Record<String, byte[]> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        RetryBudget.Source at = new RetryBudget.Source(source.topic(), source.partition(), source.offset());
        Optional<RetryBudget.Failures> failures = boundary.retries().failures(at);
        if (failures.isPresent() && failures.get().count() >= RetryBudget.MAX_TRIES) {
            giveUp(record, original(record, source), failures.get());
            return;
        }
        try {
            accept(record, source);
        } catch (TaskMigratedException e) {
            throw e;
        } catch (RuntimeException e) {
            if (RetryBudget.recoveredByStreams(e)) {
                throw e;
            }
            // Count the failure against this record (unless it is an earlier record's, surfacing at this
            // record's send), then have this stream thread drop its tasks and its producer (whose transaction a
            // failed send has broken) and take them up again from the last commit. A failed thread would instead
            // be replaced only after a session timeout (Kafka Streams does not leave the group on close), for
            // every try; and reviving a "corrupted" task still commits the other tasks on the broken producer,
            // which fails. Losing the tasks is the recovery Kafka Streams itself uses for a fenced producer.
            String attempt = boundary.retries().failed(at, e)
                    ? "try "
                            + boundary.retries()
                                    .failures(at)
                                    .map(RetryBudget.Failures::count)
                                    .orElse(0)
                    : "a failure not counted against it";
            LOG.error("processing {} failed ({}); its transaction aborts and the record is read again", at, attempt, e);
            throw new TaskMigratedException(
                    "processing " + at + " failed (" + attempt + "); starting again from the last commit", e);
        }
    }

    private void accept(Record<String, byte[]> record, RecordMetadata source) {
        RequestHeaders headers = RequestHeaders.read(record.headers(), replyPrefix);
        ParsedRequest parsed = parse(record.value());
        if (parsed instanceof ParsedRequest.Invalid invalid) {
            reject(record, headers, invalid.reason(), invalid.message(), Ids.of(invalid));
        } else if (parsed instanceof ParsedRequest.InvalidDocument invalid) {
            reject(record, headers, invalid.reason(), invalid.message(), Ids.of(invalid));
        } else if (parsed instanceof ParsedRequest.InvalidAppend invalid) {
            reject(record, headers, invalid.reason(), invalid.message(), Ids.of(invalid));
        } else if (headers.problem().isPresent()) {
            reject(
                    record,
                    headers,
                    DeadLetterReason.INVALID_HEADER,
                    headers.problem().get(),
                    Ids.of(parsed).unnamed());
        } else {
            Ids ids = Ids.of(parsed);
            String partitionKey = ids.key().orElseThrow();
            int keyPartition = KeyPartitioner.partitionOf(partitionKey, boundary.requestPartitions());
            if (!Objects.equals(record.key(), partitionKey)) {
                reject(
                        record,
                        headers,
                        DeadLetterReason.KEY_MISMATCH,
                        "the record key must be the " + ids.kind().keyName() + " '" + partitionKey + "', was "
                                + (record.key() == null ? "null" : OutputLimits.quoted(record.key())),
                        ids);
            } else if (keyPartition != source.partition()) {
                misrouted(record, headers, ids, source, keyPartition);
            } else if (parsed instanceof ParsedRequest.ValidTransfer transfer) {
                transfers.decide(record, headers, transfer.transfer(), now(record));
            } else if (parsed instanceof ParsedRequest.ValidDocument document) {
                decideDocument(record, headers, document.request(), ids);
            } else if (parsed instanceof ParsedRequest.ValidAppend append) {
                decideAppend(record, headers, append.append(), ids);
            } else {
                decide(record, headers, ((ParsedRequest.Valid) parsed).request());
            }
        }
    }

    private ParsedRequest parse(byte[] value) {
        return RequestParser.parseAny(
                value, maxRequestBytes, documentSettings.maxRequestBytes(), streamSettings.maxAppendBytes());
    }

    private void decideDocument(
            Record<String, byte[]> record, RequestHeaders headers, DocumentRequest request, Ids ids) {
        Optional<CollectionSchema> schema = documents.schemaOf(request);
        if (schema.isEmpty()) {
            reject(
                    record,
                    headers,
                    DeadLetterReason.SCHEMA_INVALID,
                    "unknown collection '" + request.collection() + "'; this processor has "
                            + (documentSettings.collections().isEmpty()
                                    ? "no collections"
                                    : "collections "
                                            + new TreeSet<>(documentSettings
                                                    .collections()
                                                    .keySet())),
                    ids);
            return;
        }
        documents.decide(record, headers, request, schema.get(), now(record));
    }

    private void decideAppend(Record<String, byte[]> record, RequestHeaders headers, StreamAppend append, Ids ids) {
        int events = append.events().size();
        if (events > streamSettings.maxEvents()) {
            reject(
                    record,
                    headers,
                    DeadLetterReason.OVERSIZED,
                    "an append carries at most " + streamSettings.maxEvents() + " events, this one " + events,
                    ids);
            return;
        }
        streams.decide(record, headers, append, now(record));
    }

    /**
     * One clock for recording, finding and sweeping entries: stream time, which never goes back. A past-dated
     * request is recorded at stream time, so the sweep cannot delete its key while a lookup would still find
     * it live.
     */
    private Instant now(Record<String, byte[]> record) {
        return Instant.ofEpochMilli(Math.max(record.timestamp(), context.currentStreamTimeMs()));
    }

    private void decide(Record<String, byte[]> record, RequestHeaders headers, UpdateRequest request) {
        Instant now = now(record);
        InventoryStore.Stored stored = inventory.load(request.recordKey());
        long keyHash = options.transitionsInRecord() ? Transition.hashOf(request.idempotencyKey()) : 0;
        Optional<IdempotencyEntry> seen = idempotency.flatMap(store -> seen(store, request, keyHash, stored, now));
        Decision decision = rules.decide(request, headers.correlationId(), stored.record(), seen, now);
        EncodedResult result = EncodedResult.of(decision.result());
        // An applied conditional update is remembered by the record's own transitions; every other
        // recorded outcome (refusals, unconditional updates) by its idempotency key.
        boolean inRecord = options.transitionsInRecord()
                && request.version().isPresent()
                && decision.newState().isPresent();
        decision.newState().ifPresent(state -> {
            Transition made = inRecord
                    ? Transition.of(state.version(), keyHash, Fingerprint.bytes(request), state.quantity(), now)
                    : Transition.unknown(state.version(), state.quantity(), now);
            write(state, stored, made, record.timestamp());
        });
        if (decision.recordOutcome() && !inRecord) {
            idempotency.ifPresent(store -> store.record(
                    request.recordKey(), request.idempotencyKey(), Fingerprint.of(request), result.result(), now));
        } else if (inRecord && options.appliedKeyIndex()) {
            long version = decision.newState().orElseThrow().version();
            idempotency.ifPresent(
                    store -> store.recordApplied(request.recordKey(), request.idempotencyKey(), version, now));
        }
        publish(record, headers, request.productId(), result);
    }

    /**
     * Stores a record's new state (with the transition that made it, where records keep them) and, unless
     * state goes out when the cache flushes, publishes it.
     */
    void write(InventoryRecord state, InventoryStore.Stored before, Transition made, long timestamp) {
        if (options.transitionsInRecord()) {
            Transitions.Appended appended = before.recent().append(made);
            inventory.put(state, appended.kept());
            appended.movedOut()
                    .ifPresent(block -> idempotency.ifPresent(store -> store.recordTransitions(state.key(), block)));
        } else {
            inventory.put(state);
        }
        if (!stateOnFlush) {
            context.forward(
                    new Record<String, Object>(state.key().asString(), state, timestamp, new RecordHeaders()),
                    TopologyNames.STATE_SINK);
        }
    }

    /**
     * What this request's idempotency key already decided for its record: an entry under the key (an outcome, or
     * the marker of the transition it applied, whose outcome the record's transitions give), else a transition of
     * the record that a request with this key made. The transitions are looked at for what was recorded before
     * applied keys left markers: a conditional request expecting version v can only have been applied as the
     * transition to v + 1, so that one first (in the record's value, or in its stored block); else the newest
     * transition of the current block made with this key, which can only be another request reusing it.
     */
    Optional<IdempotencyEntry> seen(
            IdempotencyStore store, UpdateRequest request, long keyHash, InventoryStore.Stored stored, Instant now) {
        RecordKey key = request.recordKey();
        Optional<IdempotencyStore.Remembered> remembered = store.find(key, request.idempotencyKey(), now);
        if (remembered.isPresent()) {
            if (remembered.get() instanceof IdempotencyStore.Remembered.Outcome outcome) {
                return Optional.of(outcome.entry());
            }
            long version = ((IdempotencyStore.Remembered.Applied) remembered.get()).version();
            Transition made = transitionTo(store, key, version, stored, now)
                    .filter(t -> t.madeBy(keyHash))
                    // A marker outlives no transition (a block expires with its newest one): never decide anew.
                    .orElseThrow(() -> new IllegalStateException("idempotency key of " + key + " applied version "
                            + version + ", whose transition is no longer stored"));
            return Optional.of(made.asEntry(key, request.idempotencyKey()));
        }
        if (!options.transitionsInRecord()) {
            return Optional.empty();
        }
        Instant oldest = now.minus(retention);
        Optional<Transition> made = request.version()
                .filter(expected -> expected < stored.record().version())
                .flatMap(expected -> transitionTo(store, key, expected + 1, stored, now))
                .filter(t -> t.madeBy(keyHash));
        if (made.isEmpty()) {
            made = stored.recent().lastMadeBy(keyHash);
        }
        return made.filter(t -> !t.at().isBefore(oldest)).map(t -> t.asEntry(key, request.idempotencyKey()));
    }

    /** The record's transition to {@code version}: in its value, or in its stored block. */
    private static Optional<Transition> transitionTo(
            IdempotencyStore store, RecordKey key, long version, InventoryStore.Stored stored, Instant now) {
        return stored.recent().covers(version) ? stored.recent().at(version) : store.transition(key, version, now);
    }

    /**
     * A valid request on a partition that its key does not belong to: it is sent on, once and unchanged, to
     * its key's partition, where it is decided in order with every other request of its product. One that
     * arrives on a wrong partition again (the partition count changed, or a producer set the header) is
     * dead-lettered, never decided here.
     */
    private void misrouted(
            Record<String, byte[]> record, RequestHeaders headers, Ids ids, RecordMetadata source, int keyPartition) {
        Header forwardedFrom = record.headers().lastHeader(ReplyHeaders.FORWARDED_FROM);
        if (forwardedFrom != null) {
            reject(
                    record,
                    headers,
                    DeadLetterReason.WRONG_PARTITION,
                    "the record is on partition " + source.partition()
                            + " but its key belongs to partition " + keyPartition + " of "
                            + boundary.requestPartitions()
                            + ", and it was already forwarded once; produce requests with the murmur2 partitioner",
                    ids);
            return;
        }
        Headers forwarded = new RecordHeaders(record.headers().toArray());
        forwarded.add(
                ReplyHeaders.FORWARDED_FROM,
                ReplyHeaders.position(source.partition(), source.offset()).getBytes(StandardCharsets.UTF_8));
        context.forward(
                new Record<String, Object>(record.key(), record.value(), record.timestamp(), forwarded),
                TopologyNames.REQUEST_FORWARD_SINK);
        metrics.forwardedToKeyPartition();
    }

    /** What kind of record a request writes, and so what it is keyed and answered by. */
    private enum Kind {
        UPDATE("productId"),
        DOCUMENT("id"),
        STREAM("stream");

        private final String keyName;

        Kind(String keyName) {
            this.keyName = keyName;
        }

        String keyName() {
            return keyName;
        }
    }

    /**
     * The ids a rejection can name, as far as the request could be read: an update's store, product and key, a
     * document request's collection, id and key, or an append's stream and key. {@code key} is what the request is
     * partitioned by.
     */
    private record Ids(Kind kind, Optional<String> scope, Optional<String> key, Optional<String> idempotencyKey) {

        /** The same kind of request, naming nothing. */
        Ids unnamed() {
            return new Ids(kind, Optional.empty(), Optional.empty(), Optional.empty());
        }

        static Ids of(ParsedRequest parsed) {
            if (parsed instanceof ParsedRequest.Valid valid) {
                UpdateRequest request = valid.request();
                return new Ids(
                        Kind.UPDATE,
                        Optional.of(request.storeId()),
                        Optional.of(request.productId()),
                        Optional.of(request.idempotencyKey()));
            }
            if (parsed instanceof ParsedRequest.ValidTransfer transfer) {
                return new Ids(
                        Kind.UPDATE,
                        Optional.empty(),
                        Optional.of(transfer.transfer().productId()),
                        Optional.of(transfer.transfer().idempotencyKey()));
            }
            if (parsed instanceof ParsedRequest.ValidDocument document) {
                DocumentRequest request = document.request();
                return new Ids(
                        Kind.DOCUMENT,
                        Optional.of(request.collection()),
                        Optional.of(request.id()),
                        Optional.of(request.idempotencyKey()));
            }
            if (parsed instanceof ParsedRequest.ValidAppend valid) {
                StreamAppend append = valid.append();
                return new Ids(
                        Kind.STREAM,
                        Optional.empty(),
                        Optional.of(append.stream()),
                        Optional.of(append.idempotencyKey()));
            }
            if (parsed instanceof ParsedRequest.InvalidDocument invalid) {
                return new Ids(Kind.DOCUMENT, invalid.collection(), invalid.id(), invalid.idempotencyKey());
            }
            if (parsed instanceof ParsedRequest.InvalidAppend invalid) {
                return new Ids(Kind.STREAM, Optional.empty(), invalid.stream(), invalid.idempotencyKey());
            }
            ParsedRequest.Invalid invalid = (ParsedRequest.Invalid) parsed;
            return new Ids(Kind.UPDATE, invalid.storeId(), invalid.productId(), invalid.idempotencyKey());
        }
    }

    private void reject(
            Record<String, byte[]> record, RequestHeaders headers, DeadLetterReason reason, String message, Ids ids) {
        DeadLetters.Original original =
                original(record, context.recordMetadata().orElseThrow());
        context.forward(
                new Record<String, Object>(
                        deadLetterKey(record),
                        DeadLetters.of(reason, message, original, headers.correlationId()),
                        record.timestamp(),
                        DeadLetters.reattached(record.headers())),
                TopologyNames.DEAD_LETTER_SINK);
        metrics.deadLettered();
        refuse(record, headers, ids, reason, message);
    }

    private void refuse(
            Record<String, byte[]> record, RequestHeaders headers, Ids ids, DeadLetterReason reason, String message) {
        String error = OutputLimits.message(reason + ": " + message);
        if (ids.kind() == Kind.DOCUMENT) {
            documents.refuse(
                    record, headers, ids.scope(), ids.key(), ids.idempotencyKey(), error, deadLetterKey(record));
            return;
        }
        if (ids.kind() == Kind.STREAM) {
            streams.refuse(record, headers, ids.key(), ids.idempotencyKey(), error, deadLetterKey(record));
            return;
        }
        UpdateResult result = UpdateResult.rejected(
                ids.scope(),
                ids.key(),
                ids.idempotencyKey(),
                headers.correlationId(),
                ResultCode.INVALID_REQUEST,
                error);
        publish(record, headers, ids.key().orElseGet(() -> deadLetterKey(record)), EncodedResult.of(result));
    }

    /**
     * A record that failed every try: at the first give-up a dead letter that points at it and a refusal
     * (so that a waiting caller is answered); if even that failed, the dead letter alone; if that failed
     * too, nothing but an error log line naming the record, which stays on the requests topic.
     */
    private void giveUp(Record<String, byte[]> record, DeadLetters.Original original, RetryBudget.Failures failures) {
        int beyond = failures.count() - RetryBudget.MAX_TRIES;
        String message = "processing failed " + failures.count() + " times; the last failure: " + failures.last();
        if (beyond >= 2) {
            LOG.error(
                    "giving up on {}-{}@{}: not decided, no dead letter could be written ({})",
                    original.topic(),
                    original.partition(),
                    original.offset(),
                    message);
            metrics.givenUp();
            return;
        }
        context.forward(
                new Record<String, Object>(
                        deadLetterKey(record),
                        DeadLetters.pointer(DeadLetterReason.PROCESSING_FAILED, message, original),
                        record.timestamp()),
                TopologyNames.DEAD_LETTER_SINK);
        metrics.processingFailed();
        LOG.error(
                "gave up on {}-{}@{} after {} failed tries; dead-lettered PROCESSING_FAILED",
                original.topic(),
                original.partition(),
                original.offset(),
                failures.count());
        if (beyond == 0) {
            RequestHeaders headers = RequestHeaders.read(record.headers(), replyPrefix);
            refuse(record, headers, Ids.of(parse(record.value())), DeadLetterReason.PROCESSING_FAILED, message);
        }
    }

    private void publish(Record<String, byte[]> record, RequestHeaders headers, String key, EncodedResult result) {
        audit(record, headers, key, result);
        reply(record, headers, key, result);
    }

    /** Writes an outcome to the results topic, the audit log. */
    void audit(Record<String, byte[]> record, RequestHeaders headers, String key, EncodedResult result) {
        context.forward(
                new Record<String, Object>(key, result, record.timestamp(), correlationHeaders(headers)),
                TopologyNames.RESULTS_SINK);
    }

    /** Sends an outcome to the request's reply address, if it has a writable one, and counts it. */
    void reply(Record<String, byte[]> record, RequestHeaders headers, String key, EncodedResult result) {
        sendReply(record, headers, key, result.json(), correlationHeaders(headers));
        metrics.outcome(result.result());
    }

    /**
     * Sends a reply's bytes to the request's reply address, if it has a writable one, with the position of the
     * request record it answers ({@link ReplyHeaders#REQUEST_POSITION}).
     */
    void sendReply(Record<String, byte[]> record, RequestHeaders headers, String key, byte[] json, RecordHeaders out) {
        headers.replyAddress().ifPresent(address -> {
            if (boundary.replyTopics().writable(address.topic())) {
                RecordMetadata source = context.recordMetadata().orElseThrow();
                out.add(
                        ReplyHeaders.REQUEST_POSITION,
                        ReplyHeaders.position(source.partition(), source.offset())
                                .getBytes(StandardCharsets.UTF_8));
                context.forward(
                        new Record<String, Object>(key, new Reply(address, json), record.timestamp(), out),
                        TopologyNames.REPLY_SINK);
            } else {
                metrics.replySkipped();
            }
        });
    }

    static RecordHeaders correlationHeaders(RequestHeaders headers) {
        RecordHeaders out = new RecordHeaders();
        headers.correlationId()
                .ifPresent(id -> out.add(ReplyHeaders.CORRELATION_ID, id.getBytes(StandardCharsets.UTF_8)));
        return out;
    }

    private static DeadLetters.Original original(Record<String, byte[]> record, RecordMetadata source) {
        return new DeadLetters.Original(
                source.topic(),
                source.partition(),
                source.offset(),
                record.timestamp(),
                record.key(),
                record.value(),
                record.headers());
    }

    private static String deadLetterKey(Record<String, byte[]> record) {
        return record.key() == null ? null : OutputLimits.key(record.key());
    }
}
