package dev.versioned.processor.topology;

import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts an exception thrown while processing a record against that record ({@link RetryBudget}) and
 * fails the task: the transaction aborts, so nothing the failed try wrote is committed, and the record
 * is read again. The processor gives up on a record that keeps failing before it starts deciding it, so
 * no partial work of a failing try is ever committed.
 */
public final class ProcessingFailureHandler implements ProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessingFailureHandler.class);

    private RetryBudget budget = new RetryBudget();

    @Override
    public void configure(Map<String, ?> configs) {
        budget = RetryBudget.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        RetryBudget.Source source = new RetryBudget.Source(context.topic(), context.partition(), context.offset());
        budget.failed(source, exception);
        LOG.error("processing {} failed in {} (try {}); the transaction aborts and the record is read again",
                source, context.processorNodeId(),
                budget.failures(source).map(RetryBudget.Failures::count).orElse(0), exception);
        return Response.fail();
    }
}
