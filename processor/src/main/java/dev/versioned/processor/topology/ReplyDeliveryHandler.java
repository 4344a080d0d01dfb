package dev.versioned.processor.topology;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reply that cannot be delivered (its topic is gone, say) must not stop the stream: the same result
 * is on the results topic, so the reply is dropped with a warning. Any other send failure fails the
 * task, as it should under exactly-once: the transaction aborts and the input is processed again.
 */
public final class ReplyDeliveryHandler implements ProductionExceptionHandler {

    /** Streams config key carrying the reply-topic prefix to this handler. */
    public static final String REPLY_PREFIX_CONFIG = "inventory.reply.prefix";

    private static final Logger LOG = LoggerFactory.getLogger(ReplyDeliveryHandler.class);

    private String replyPrefix = "inventory.replies.";

    @Override
    public void configure(Map<String, ?> configs) {
        Object prefix = configs.get(REPLY_PREFIX_CONFIG);
        if (prefix != null) {
            replyPrefix = prefix.toString();
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (record.topic().startsWith(replyPrefix)) {
            LOG.warn("dropping a reply to {} (the result is on the results topic): {}", record.topic(), exception.toString());
            return Response.resume();
        }
        return Response.fail();
    }
}
