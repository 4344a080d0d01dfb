package dev.versioned.gateway.api;

import dev.versioned.schemas.ResultCode;
import java.util.OptionalInt;

/**
 * The HTTP status of each of the processor's result codes, in one place. A version conflict is 412 when the
 * version came in {@code If-Match} (a failed precondition), 409 when it came in the body.
 */
public final class ResultStatuses {

    private ResultStatuses() {}

    /** The status of a single update decided with this code. */
    public static int of(ResultCode code, boolean versionFromIfMatch) {
        return switch (code) {
            case APPLIED -> 200;
            case VERSION_CONFLICT -> versionFromIfMatch ? 412 : 409;
            case STREAM_VERSION_CONFLICT -> 409;
            case EVENT_ID_REUSED -> 422;
            case INSUFFICIENT_STOCK, IDEMPOTENCY_KEY_REUSED, QUANTITY_OUT_OF_RANGE, CONSTRAINT_VIOLATION -> 422;
            case VERSION_REQUIRED -> 428;
            case INVALID_REQUEST -> 400;
            case NOT_FOUND -> 404;
            case TRANSFER_ABORTED -> 409;
        };
    }

    /**
     * The status a code in a batch item stands for: the status the item would have had as a single update
     * (batch items carry no {@code If-Match}). A result code or a gateway {@link ErrorCode}; empty for any
     * other text.
     */
    public static OptionalInt ofItemCode(String code) {
        for (ResultCode result : ResultCode.values()) {
            if (result.name().equals(code)) {
                return OptionalInt.of(of(result, false));
            }
        }
        for (ErrorCode error : ErrorCode.values()) {
            if (error.name().equals(code)) {
                return OptionalInt.of(error.status());
            }
        }
        return OptionalInt.empty();
    }
}
