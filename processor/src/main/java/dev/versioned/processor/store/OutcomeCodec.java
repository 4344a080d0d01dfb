package dev.versioned.processor.store;

import dev.versioned.schemas.RecordKey;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.UpdateResult;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The binary form of a recorded outcome in the idempotency store: only what a replay cannot take from
 * elsewhere. The ids are in the store key, the correlation id is the retry's, and {@code replayed} is
 * true by definition, so none of them is stored.
 *
 * <p>Layout: {@code [code][presence bits][present numbers, in field order][error UTF-8, to the end]}.
 * The numbers are {@code newQuantity, newVersion, lastUpdated (seconds, nanos), expectedVersion,
 * currentVersion, currentQuantity}. An applied outcome takes 38 bytes, against about 300 as JSON: the
 * entry is written to RocksDB and to the changelog once per decision, so its size is paid on every update.
 */
final class OutcomeCodec {

    /** Stored code numbers: append only, never reorder (entries outlive releases for the retention). */
    private static final List<ResultCode> CODES = List.of(
            ResultCode.APPLIED,
            ResultCode.INVALID_REQUEST,
            ResultCode.VERSION_REQUIRED,
            ResultCode.IDEMPOTENCY_KEY_REUSED,
            ResultCode.VERSION_CONFLICT,
            ResultCode.INSUFFICIENT_STOCK,
            ResultCode.QUANTITY_OUT_OF_RANGE,
            ResultCode.NOT_FOUND,
            ResultCode.TRANSFER_ABORTED,
            ResultCode.CONSTRAINT_VIOLATION,
            ResultCode.STREAM_VERSION_CONFLICT,
            ResultCode.EVENT_ID_REUSED);

    private static final int NEW_QUANTITY = 1;
    private static final int NEW_VERSION = 1 << 1;
    private static final int LAST_UPDATED = 1 << 2;
    private static final int EXPECTED_VERSION = 1 << 3;
    private static final int CURRENT_VERSION = 1 << 4;
    private static final int CURRENT_QUANTITY = 1 << 5;
    private static final int ERROR = 1 << 6;

    private OutcomeCodec() {}

    static byte[] encode(UpdateResult result) {
        byte[] error =
                result.error().map(e -> e.getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]);
        int bits = (result.newQuantity().isPresent() ? NEW_QUANTITY : 0)
                | (result.newVersion().isPresent() ? NEW_VERSION : 0)
                | (result.lastUpdated().isPresent() ? LAST_UPDATED : 0)
                | (result.expectedVersion().isPresent() ? EXPECTED_VERSION : 0)
                | (result.currentVersion().isPresent() ? CURRENT_VERSION : 0)
                | (result.currentQuantity().isPresent() ? CURRENT_QUANTITY : 0)
                | (result.error().isPresent() ? ERROR : 0);
        int size = 2
                + Long.BYTES * Integer.bitCount(bits & 0x3f)
                + (result.lastUpdated().isPresent() ? Integer.BYTES : 0)
                + error.length;
        int code = CODES.indexOf(result.code());
        if (code < 0) {
            throw new IllegalStateException("no stored number for result code " + result.code());
        }
        ByteBuffer out = ByteBuffer.allocate(size).put((byte) code).put((byte) bits);
        result.newQuantity().ifPresent(out::putLong);
        result.newVersion().ifPresent(out::putLong);
        result.lastUpdated().ifPresent(at -> out.putLong(at.getEpochSecond()).putInt(at.getNano()));
        result.expectedVersion().ifPresent(out::putLong);
        result.currentVersion().ifPresent(out::putLong);
        result.currentQuantity().ifPresent(out::putLong);
        return out.put(error).array();
    }

    /** The outcome stored from {@code offset} on, for the record and idempotency key of its store key. */
    static UpdateResult decode(byte[] value, int offset, RecordKey record, String idempotencyKey) {
        ByteBuffer in = ByteBuffer.wrap(value, offset, value.length - offset);
        int code = in.get();
        if (code < 0 || code >= CODES.size()) {
            throw new IllegalStateException("idempotency-store outcome has unknown code " + code);
        }
        int bits = in.get();
        Optional<Long> newQuantity = next(in, bits, NEW_QUANTITY);
        Optional<Long> newVersion = next(in, bits, NEW_VERSION);
        Optional<Instant> lastUpdated = (bits & LAST_UPDATED) != 0
                ? Optional.of(Instant.ofEpochSecond(in.getLong(), in.getInt()))
                : Optional.empty();
        Optional<Long> expectedVersion = next(in, bits, EXPECTED_VERSION);
        Optional<Long> currentVersion = next(in, bits, CURRENT_VERSION);
        Optional<Long> currentQuantity = next(in, bits, CURRENT_QUANTITY);
        Optional<String> error = (bits & ERROR) != 0
                ? Optional.of(new String(value, in.position(), in.remaining(), StandardCharsets.UTF_8))
                : Optional.empty();
        ResultCode resultCode = CODES.get(code);
        return new UpdateResult(
                Optional.empty(),
                Optional.of(record.storeId()),
                Optional.of(record.productId()),
                Optional.of(idempotencyKey),
                resultCode == ResultCode.APPLIED,
                resultCode,
                false,
                newQuantity,
                newVersion,
                lastUpdated,
                expectedVersion,
                currentVersion,
                currentQuantity,
                error);
    }

    private static Optional<Long> next(ByteBuffer in, int bits, int field) {
        return (bits & field) != 0 ? Optional.of(in.getLong()) : Optional.empty();
    }
}
