package dev.versioned.schemas;

/**
 * Names of the Kafka record headers a request may carry, defined once. Values are UTF-8 text.
 *
 * <ul>
 *   <li>{@value #CORRELATION_ID}: any 1..128 printable ASCII characters; copied onto the result.</li>
 *   <li>{@value #REPLY_TOPIC}: topic the result is also sent to; must start with the configured
 *       reply-topic prefix (default {@code inventory.replies.}).</li>
 *   <li>{@value #REPLY_PARTITION}: optional partition of the reply topic (decimal), so that a
 *       caller that reads one partition receives its replies there.</li>
 *   <li>{@value #FORWARDED_FROM}: set by the processor, never by a producer: the request was on the
 *       wrong partition for its key ({@code <partition>@<offset>} it was read from) and was forwarded to
 *       its own partition. A forwarded request found on a wrong partition again is not forwarded twice.</li>
 * </ul>
 * The result on the reply topic and on the results topic carries {@value #CORRELATION_ID} too. A reply also
 * carries {@value #REQUEST_POSITION}: where the request record it answers was read.
 */
public final class ReplyHeaders {
    public static final String CORRELATION_ID = "correlation-id";
    public static final String REPLY_TOPIC = "reply-topic";
    public static final String REPLY_PARTITION = "reply-partition";
    public static final String FORWARDED_FROM = "forwarded-from";
    /**
     * On a reply: {@value #DOCUMENT_RESULT} when its value is a {@link DocumentResult}, {@value #STREAM_RESULT}
     * when it is a {@link StreamResult}; absent for an {@link UpdateResult}.
     */
    public static final String RESULT_TYPE = "result-type";

    public static final String DOCUMENT_RESULT = "document";

    public static final String STREAM_RESULT = "stream";

    /**
     * On a reply, set by the processor: {@code <partition>@<offset>} of the request record it decided. A caller
     * knows where its own request was written (the producer's acknowledgement says so); a copy of that request
     * (the same correlation id, store, product and key, produced again by anyone who may write the requests
     * topic) lies elsewhere, so its reply cannot pass for the answer to the original.
     */
    public static final String REQUEST_POSITION = "request-position";

    /** {@value #REQUEST_POSITION}'s value for a record read at {@code partition} and {@code offset}. */
    public static String position(int partition, long offset) {
        return partition + "@" + offset;
    }

    private ReplyHeaders() {}
}
