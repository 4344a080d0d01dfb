package dev.versioned.processor.topology;

import dev.versioned.processor.kafka.ReplyTopics;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what a failed send costs. Under exactly-once a failed send aborts the whole transaction
 * whatever this handler answers, so every failure fails the task and the input is read again; what this
 * handler adds is that the next try does not fail the same way:
 * <ul>
 *   <li>a reply that could not be sent marks its topic unwritable ({@link ReplyTopics}): the next try
 *       skips that reply (the result is on the results topic) and decides the request as before;</li>
 *   <li>a failure caused by the record (too large, say) counts against the source record
 *       ({@link RetryBudget}), so that it is given up on after a bounded number of tries;</li>
 *   <li>a failure that is not about one record (a timeout, the broker unreachable) counts against
 *       nothing: Kafka Streams retries as usual.</li>
 * </ul>
 */
public final class ReplyDeliveryHandler implements ProductionExceptionHandler {

    /** Streams config key carrying the reply-topic prefix to this handler. */
    public static final String REPLY_PREFIX_CONFIG = "inventory.reply.prefix";

    private static final Logger LOG = LoggerFactory.getLogger(ReplyDeliveryHandler.class);

    private String replyPrefix = "inventory.replies.";
    private ReplyTopics replyTopics = ReplyTopics.assumeWritable();
    private RetryBudget budget = new RetryBudget();

    @Override
    public void configure(Map<String, ?> configs) {
        Object prefix = configs.get(REPLY_PREFIX_CONFIG);
        if (prefix != null) {
            replyPrefix = prefix.toString();
        }
        if (configs.get(ReplyTopics.CONFIG) instanceof ReplyTopics topics) {
            replyTopics = topics;
        }
        budget = RetryBudget.from(configs);
    }

    @Override
    public Response handleError(
            ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        RetryBudget.Source source = new RetryBudget.Source(context.topic(), context.partition(), context.offset());
        if (record.topic().startsWith(replyPrefix)) {
            replyTopics.markUnwritable(record.topic(), exception.toString());
            LOG.warn(
                    "a reply to {} for {} could not be sent ({}); the request is decided again without that reply",
                    record.topic(),
                    source,
                    exception.toString());
        }
        budget.failed(source, exception);
        return Response.fail();
    }
}
