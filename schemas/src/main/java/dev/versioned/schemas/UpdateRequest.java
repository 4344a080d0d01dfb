package dev.versioned.schemas;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Optional;

/**
 * One versioned update of one record, as written to the requests topic and accepted over HTTP.
 *
 * <p>A parsed request is not necessarily a valid one: {@link UpdateRequestValidator} decides that,
 * so that a malformed request can still be answered with the fields it did carry.
 *
 * @param storeId the store of the record
 * @param productId the product of the record; also the Kafka record key
 * @param operation {@code ADJUST}, {@code SET} or {@code DELETE}; when absent it follows from which of
 *     {@code delta} and {@code quantity} is present (a {@code DELETE} carries neither and must say so)
 * @param delta signed change of quantity ({@code ADJUST})
 * @param quantity new absolute quantity ({@code SET})
 * @param version the version the writer read; 0 means "create"; absent means unconditional
 * @param idempotencyKey the writer's key for this logical operation
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record UpdateRequest(
        String storeId,
        String productId,
        Optional<Operation> operation,
        Optional<Long> delta,
        Optional<Long> quantity,
        Optional<Long> version,
        String idempotencyKey) {

    /** Largest quantity a record may hold (and largest magnitude of a delta): far from overflow. */
    public static final long MAX_QUANTITY = 1_000_000_000_000_000L;

    /**
     * The default limit of an update, batch item or transfer request on the requests topic, as bytes of JSON: the
     * processor dead-letters a larger one, so the gateway and the clients refuse it before sending.
     */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 16_384;

    public UpdateRequest {
        operation = orEmpty(operation);
        delta = orEmpty(delta);
        quantity = orEmpty(quantity);
        version = orEmpty(version);
    }

    /** A conditional {@code ADJUST}. */
    public static UpdateRequest adjust(String storeId, String productId, long delta, long version, String key) {
        return new UpdateRequest(
                storeId, productId, Optional.empty(), Optional.of(delta), Optional.empty(), Optional.of(version), key);
    }

    /** An {@code ADJUST} without a version: accepted only where unconditional updates are enabled. */
    public static UpdateRequest unconditionalAdjust(String storeId, String productId, long delta, String key) {
        return new UpdateRequest(
                storeId, productId, Optional.empty(), Optional.of(delta), Optional.empty(), Optional.empty(), key);
    }

    /** A conditional {@code SET}. */
    public static UpdateRequest set(String storeId, String productId, long quantity, long version, String key) {
        return new UpdateRequest(
                storeId,
                productId,
                Optional.empty(),
                Optional.empty(),
                Optional.of(quantity),
                Optional.of(version),
                key);
    }

    /** A DELETE of the record at the version the writer read (soft: the record keeps its version). */
    public static UpdateRequest delete(String storeId, String productId, long version, String key) {
        return new UpdateRequest(
                storeId,
                productId,
                Optional.of(Operation.DELETE),
                Optional.empty(),
                Optional.empty(),
                Optional.of(version),
                key);
    }

    /** The operation this request performs, explicit or implied by its fields. */
    @JsonIgnore
    public Operation effectiveOperation() {
        return operation.orElse(quantity.isPresent() && delta.isEmpty() ? Operation.SET : Operation.ADJUST);
    }

    /** The key of the record this request changes. */
    @JsonIgnore
    public RecordKey recordKey() {
        return new RecordKey(storeId, productId);
    }

    private static <T> Optional<T> orEmpty(Optional<T> value) {
        return value == null ? Optional.empty() : value;
    }
}
