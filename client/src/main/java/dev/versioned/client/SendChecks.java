package dev.versioned.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.versioned.schemas.DocumentRequest;
import dev.versioned.schemas.TransferRequest;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.UpdateRequestValidator;
import dev.versioned.schemas.WireSerdes;
import java.util.Optional;

/**
 * The checks the gateway makes before it sends a request on, made by the Kafka-direct transports before they send,
 * with the wire contract's own rules ({@link UpdateRequestValidator}, {@link TransferRequest#problem},
 * {@link DocumentRequest#problem}, {@link DocumentRequest#sizeOf}). A request that breaks one is refused at once
 * with {@link Invalid}, as the gateway refuses it: sent, the processor could only refuse it without naming it (a
 * field it does not echo, a size beyond what it reads), and its reply would not answer the request that waits.
 */
final class SendChecks {

    /** The processor's default {@code inventory.max.request.bytes}: the largest update or transfer it reads. */
    static final int DEFAULT_MAX_REQUEST_BYTES = UpdateRequest.DEFAULT_MAX_REQUEST_BYTES;
    /** The range the processor accepts for {@code inventory.max.request.bytes}. */
    static final int MIN_REQUEST_LIMIT = 1_024;

    static final int MAX_REQUEST_LIMIT = 1_048_576;

    private SendChecks() {}

    /** Refuses an update that breaks a field rule. */
    static void check(UpdateRequest request) {
        refuseIf(UpdateRequestValidator.problem(request));
    }

    /** Refuses a transfer that breaks a rule, or is larger than {@code maxRequestBytes} as sent. */
    static void check(TransferRequest transfer, int maxRequestBytes) {
        refuseIf(TransferRequest.problem(transfer));
        int bytes = WireSerdes.TRANSFER_REQUEST.toBytes(transfer).length;
        if (bytes > maxRequestBytes) {
            throw new Invalid(
                    400,
                    "INVALID_REQUEST",
                    "the transfer is " + bytes + " bytes, the limit is " + maxRequestBytes + "; nothing was sent");
        }
    }

    /**
     * Refuses a document write that breaks a rule, or whose document (or merge patch) is larger than {@code
     * maxDocumentBytes} as compact JSON: 413 {@code PAYLOAD_TOO_LARGE}, the gateway's answer.
     */
    static void check(DocumentRequest request, int maxDocumentBytes) {
        check(request);
        Optional<JsonNode> body = request.document().or(request::patch);
        if (body.isPresent() && DocumentRequest.sizeOf(body.get()) > maxDocumentBytes) {
            String what = request.document().isPresent() ? "document" : "merge patch";
            throw new Invalid(
                    413,
                    "PAYLOAD_TOO_LARGE",
                    "the " + what + " is larger than " + maxDocumentBytes + " bytes as compact JSON; nothing was sent");
        }
    }

    /** Refuses a document write that breaks a rule of the wire contract. */
    static void check(DocumentRequest request) {
        refuseIf(request.problem());
    }

    /** A document limit a deployment may set: what the processor and the gateway accept. */
    static int documentLimit(int maxDocumentBytes) {
        if (maxDocumentBytes < DocumentRequest.MIN_DOCUMENT_LIMIT
                || maxDocumentBytes > DocumentRequest.MAX_DOCUMENT_LIMIT) {
            throw new IllegalArgumentException("maxDocumentBytes must be between " + DocumentRequest.MIN_DOCUMENT_LIMIT
                    + " and " + DocumentRequest.MAX_DOCUMENT_LIMIT + ", was " + maxDocumentBytes);
        }
        return maxDocumentBytes;
    }

    /** A request limit a deployment may set: what the processor accepts. */
    static int requestLimit(int maxRequestBytes) {
        if (maxRequestBytes < MIN_REQUEST_LIMIT || maxRequestBytes > MAX_REQUEST_LIMIT) {
            throw new IllegalArgumentException("maxRequestBytes must be between " + MIN_REQUEST_LIMIT + " and "
                    + MAX_REQUEST_LIMIT + ", was " + maxRequestBytes);
        }
        return maxRequestBytes;
    }

    private static void refuseIf(Optional<String> problem) {
        if (problem.isPresent()) {
            throw new Invalid(400, "INVALID_REQUEST", problem.get() + "; nothing was sent");
        }
    }
}
