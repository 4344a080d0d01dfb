package dev.versioned.processor.topology;

import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Fails on every exception a processor throws, as Kafka Streams' default handler does, after remembering
 * which record it was thrown for ({@link FailedRecords}): the stream thread then dies, and the uncaught
 * exception handler ({@link ThreadReplacementPolicy}) can name the record. The processor itself turns a
 * failure caused by a record into a retry with a budget ({@link RetryBudget}); what reaches here is a
 * failure it could not attribute to the record, such as a state store that cannot be written.
 */
public final class ProcessingFailureHandler implements ProcessingExceptionHandler {

    private FailedRecords failedRecords = new FailedRecords();

    @Override
    public void configure(Map<String, ?> configs) {
        failedRecords = FailedRecords.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        failedRecords.remember(
                exception,
                new FailedRecords.FailedRecord(
                        Optional.ofNullable(context.topic()),
                        context.partition(),
                        context.offset(),
                        Optional.ofNullable(record).map(Record::key).map(String::valueOf),
                        context.processorNodeId(),
                        context.taskId()));
        return Response.fail();
    }
}
