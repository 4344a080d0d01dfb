package dev.versioned.gateway.metrics;

import dev.versioned.gateway.api.ErrorCode;
import dev.versioned.gateway.api.ResultStatuses;
import dev.versioned.schemas.ResultCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The gateway's own metrics, in a Micrometer registry; with the Prometheus registry their names are:
 * <ul>
 *   <li>{@code gateway_requests_total{outcome,status}}: answered updates (a batch counts each item) by the
 *       code they carry, lower case, and its HTTP status;</li>
 *   <li>{@code gateway_request_duration_seconds}: histogram of an update request's handling, from the request
 *       to its answer;</li>
 *   <li>{@code gateway_kafka_round_trip_seconds}: histogram of the Kafka round trip, send to reply;</li>
 *   <li>{@code gateway_pending_replies}: requests waiting for a reply;</li>
 *   <li>{@code gateway_requests_shed_total}: requests refused because the pending bound was full;</li>
 *   <li>{@code gateway_reply_timeouts_total}: requests that got no decision by their deadline;</li>
 *   <li>{@code gateway_late_replies_total}: replies that came after their caller had given up;</li>
 *   <li>{@code gateway_replies_rejected_total}: replies with a waiting request's correlation id but about another
 *       update, dropped;</li>
 *   <li>{@code gateway_replays_total}: answers that were the recorded outcome of an earlier request;</li>
 *   <li>{@code gateway_auth_refusals_total{reason,key}}: requests refused for their API key, by reason and
 *       the key's configured name ({@code unknown} without a known key);</li>
 *   <li>{@code gateway_conflicts_total}: version conflicts, whether from the body's version or If-Match;</li>
 *   <li>{@code gateway_state_view_lag_records}: records of the state topic the read view is behind;</li>
 *   <li>{@code gateway_document_requests_total{collection,outcome,status}}: answered document writes (PUT,
 *       PATCH, DELETE) by collection, the code they carry in lower case, and HTTP status; {@code collection} is
 *       one the gateway serves, or {@code unknown}, so that no request can add series;</li>
 *   <li>{@code gateway_document_view_lag_records}: records of the documents state topic the document view is
 *       behind;</li>
 *   <li>{@code gateway_stream_requests_total{operation,outcome,status}}: answered requests of the stream API by
 *       operation ({@code append}, {@code read}, {@code version}), the code they carry in lower case ({@code ok}
 *       for a read answered 200) and HTTP status;</li>
 *   <li>{@code gateway_stream_view_lag_records}: records of the events topic the stream view is behind.</li>
 * </ul>
 * Every series known in advance is registered at construction, so that it exists, at 0, from the first
 * scrape: dashboards and alerts see a rate of 0 rather than no data.
 */
public final class GatewayMetrics {

    /** Bucket bounds of both histograms: from a cached decision (milliseconds) to past the 10 s deadline. */
    static final Duration[] BUCKETS = {
        Duration.ofMillis(1),
        Duration.ofNanos(2_500_000),
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30)
    };

    /** The gateway's own codes an update can be answered with (reads have others). */
    private static final Set<ErrorCode> UPDATE_ERRORS = EnumSet.of(
            ErrorCode.INVALID_REQUEST,
            ErrorCode.UNAUTHORIZED,
            ErrorCode.FORBIDDEN,
            ErrorCode.UNSUPPORTED_MEDIA_TYPE,
            ErrorCode.OVERLOADED,
            ErrorCode.RATE_LIMITED,
            ErrorCode.INTERNAL_ERROR,
            ErrorCode.KAFKA_UNAVAILABLE,
            ErrorCode.OUTCOME_UNKNOWN);

    /** The gateway's own codes a document write can be answered with. */
    private static final Set<ErrorCode> DOCUMENT_ERRORS = EnumSet.of(
            ErrorCode.INVALID_REQUEST,
            ErrorCode.UNAUTHORIZED,
            ErrorCode.FORBIDDEN,
            ErrorCode.NOT_FOUND,
            ErrorCode.PRECONDITION_FAILED,
            ErrorCode.PAYLOAD_TOO_LARGE,
            ErrorCode.UNSUPPORTED_MEDIA_TYPE,
            ErrorCode.PRECONDITION_REQUIRED,
            ErrorCode.OVERLOADED,
            ErrorCode.RATE_LIMITED,
            ErrorCode.INTERNAL_ERROR,
            ErrorCode.KAFKA_UNAVAILABLE,
            ErrorCode.OUTCOME_UNKNOWN);

    /** The gateway's own codes a stream request can be answered with. */
    private static final Set<ErrorCode> STREAM_ERRORS = EnumSet.of(
            ErrorCode.INVALID_REQUEST,
            ErrorCode.UNAUTHORIZED,
            ErrorCode.FORBIDDEN,
            ErrorCode.NOT_FOUND,
            ErrorCode.PRECONDITION_FAILED,
            ErrorCode.PAYLOAD_TOO_LARGE,
            ErrorCode.UNSUPPORTED_MEDIA_TYPE,
            ErrorCode.OVERLOADED,
            ErrorCode.RATE_LIMITED,
            ErrorCode.INTERNAL_ERROR,
            ErrorCode.KAFKA_UNAVAILABLE,
            ErrorCode.VIEW_NOT_READY,
            ErrorCode.OUTCOME_UNKNOWN,
            ErrorCode.VERSION_NOT_VISIBLE);

    /** The result codes an append can be answered with. */
    private static final Set<ResultCode> APPEND_RESULTS = EnumSet.of(
            ResultCode.APPLIED,
            ResultCode.INVALID_REQUEST,
            ResultCode.IDEMPOTENCY_KEY_REUSED,
            ResultCode.STREAM_VERSION_CONFLICT,
            ResultCode.EVENT_ID_REUSED);

    /** The {@code operation} labels of the stream API's requests. */
    public static final String STREAM_APPEND = "append";

    public static final String STREAM_READ = "read";
    public static final String STREAM_VERSION = "version";
    /** The code of a read answered 200. */
    public static final String OK = "OK";

    /** The collection label of a document request for a collection the gateway does not serve. */
    public static final String UNKNOWN_COLLECTION = dev.versioned.schemas.DocumentKey.OTHER_COLLECTIONS;

    private final MeterRegistry registry;
    private volatile Set<String> collections = Set.of();
    private final Timer requestDuration;
    private final Timer kafkaRoundTrip;
    private final Counter shed;
    private final Counter replyTimeouts;
    private final Counter lateReplies;
    private final Counter repliesRejected;
    private final Counter replays;
    private final Counter conflicts;

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.requestDuration =
                histogram("gateway.request.duration", "Handling of an update request, from the request to its answer");
        this.kafkaRoundTrip =
                histogram("gateway.kafka.round.trip", "From sending a request to Kafka to reading its decision");
        this.shed = counter("gateway.requests.shed", "Requests refused because the pending bound was full");
        this.replyTimeouts =
                counter("gateway.reply.timeouts", "Requests that got no decision by their deadline: outcome unknown");
        this.lateReplies = counter("gateway.late.replies", "Replies that came after their caller had given up");
        this.repliesRejected = counter(
                "gateway.replies.rejected",
                "Replies with a waiting request's correlation id but about another update: dropped");
        this.replays =
                counter("gateway.replays", "Answers that were the recorded outcome of an earlier request (a replay)");
        this.conflicts =
                counter("gateway.conflicts", "Writes refused with VERSION_CONFLICT (appends: STREAM_VERSION_CONFLICT)");
        for (ResultCode code : ResultCode.values()) {
            requests(code.name(), ResultStatuses.of(code, false));
            requests(code.name(), ResultStatuses.of(code, true));
        }
        for (ErrorCode code : UPDATE_ERRORS) {
            requests(code.name(), code.status());
        }
        for (ResultCode code : APPEND_RESULTS) {
            streamRequests(STREAM_APPEND, code.name(), ResultStatuses.of(code, false));
        }
        for (String operation : new String[] {STREAM_APPEND, STREAM_READ, STREAM_VERSION}) {
            if (!operation.equals(STREAM_APPEND)) {
                streamRequests(operation, OK, 200);
            }
            for (ErrorCode code : STREAM_ERRORS) {
                streamRequests(operation, code.name(), code.status());
            }
        }
    }

    /** Counts one answered request of the stream API ({@code operation}) by its code and status. */
    public void streamAnswered(String operation, String code, int status) {
        streamRequests(operation, code, status).increment();
        if (ResultCode.STREAM_VERSION_CONFLICT.name().equals(code)) {
            conflicts.increment();
        }
    }

    private Counter streamRequests(String operation, String code, int status) {
        return Counter.builder("gateway.stream.requests")
                .description("Answered requests of the stream API by operation, outcome code and HTTP status")
                .tag("operation", operation)
                .tag("outcome", code.toLowerCase(Locale.ROOT))
                .tag("status", Integer.toString(status))
                .register(registry);
    }

    /** Publishes how many records of the events topic the stream view is behind its end offsets. */
    public void streamViewLag(LongSupplier records) {
        lag("gateway.stream.view.lag", "Records of the events topic that the stream view has yet to read", records);
    }

    /** Counts one answered update, or batch item, by its code (a result code or a gateway error code). */
    public void answered(String code, int status) {
        requests(code, status).increment();
        if (ResultCode.VERSION_CONFLICT.name().equals(code)) {
            conflicts.increment();
        }
    }

    /**
     * Registers the document series of {@code served} (and of {@value #UNKNOWN_COLLECTION}) at 0: every code a
     * document write can be answered with.
     */
    public void documentCollections(Set<String> served) {
        collections = Set.copyOf(served);
        for (String collection : labels(served)) {
            for (ResultCode code : ResultCode.values()) {
                documentRequests(collection, code.name(), ResultStatuses.of(code, true));
            }
            for (ErrorCode code : DOCUMENT_ERRORS) {
                documentRequests(collection, code.name(), code.status());
            }
        }
    }

    /** Counts one answered document write of {@code collection} by its code and status. */
    public void documentAnswered(String collection, String code, int status) {
        documentRequests(collections.contains(collection) ? collection : UNKNOWN_COLLECTION, code, status)
                .increment();
        if (ResultCode.VERSION_CONFLICT.name().equals(code)) {
            conflicts.increment();
        }
    }

    private static Set<String> labels(Set<String> served) {
        Set<String> labels = new LinkedHashSet<>(served);
        labels.add(UNKNOWN_COLLECTION);
        return labels;
    }

    private Counter documentRequests(String collection, String code, int status) {
        return Counter.builder("gateway.document.requests")
                .description("Answered document writes by collection, outcome code and HTTP status")
                .tag("collection", collection)
                .tag("outcome", code.toLowerCase(Locale.ROOT))
                .tag("status", Integer.toString(status))
                .register(registry);
    }

    /** Publishes how many records of the documents state topic the document view is behind its end offsets. */
    public void documentViewLag(LongSupplier records) {
        lag(
                "gateway.document.view.lag",
                "Records of the documents state topic that the document view has yet to read",
                records);
    }

    public void replayed() {
        replays.increment();
    }

    public void requestDuration(long nanos) {
        requestDuration.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void kafkaRoundTrip(long nanos) {
        kafkaRoundTrip.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void shed() {
        shed.increment();
    }

    public void replyTimeout() {
        replyTimeouts.increment();
    }

    public void lateReply() {
        lateReplies.increment();
    }

    public void replyRejected() {
        repliesRejected.increment();
    }

    /** The counter of refusals for {@code reason} of the key named {@code key}, registered if new. */
    public Counter authRefusals(String reason, String key) {
        return Counter.builder("gateway.auth.refusals")
                .description("Requests refused for their API key, by reason and the key's configured name")
                .tag("reason", reason)
                .tag("key", key)
                .register(registry);
    }

    /** Publishes the number of requests waiting for a reply. */
    public void pendingReplies(IntSupplier pending) {
        Gauge.builder("gateway.pending.replies", pending::getAsInt)
                .description("Requests waiting for their reply")
                .register(registry);
    }

    /** Publishes how many records of the state topic the read view is behind its end offsets. */
    public void stateViewLag(LongSupplier records) {
        lag("gateway.state.view.lag", "Records of the state topic that the read view has yet to read", records);
    }

    private void lag(String name, String description, LongSupplier records) {
        Gauge.builder(name, records::getAsLong)
                .description(description)
                .baseUnit("records")
                .register(registry);
    }

    private Counter requests(String code, int status) {
        return Counter.builder("gateway.requests")
                .description("Answered updates (a batch counts each item) by outcome code and HTTP status")
                .tag("outcome", code.toLowerCase(Locale.ROOT))
                .tag("status", Integer.toString(status))
                .register(registry);
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }

    private Timer histogram(String name, String description) {
        // Classic buckets rather than a summary's quantiles: buckets add up across gateway instances.
        return Timer.builder(name)
                .description(description)
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }
}
