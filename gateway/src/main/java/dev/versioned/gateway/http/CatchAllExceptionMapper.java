package dev.versioned.gateway.http;

import dev.versioned.gateway.api.ErrorCode;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anything unexpected: logged with a fresh error id, answered 500 with that id and no detail. The stack
 * trace goes to the log only.
 */
public final class CatchAllExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(CatchAllExceptionMapper.class);

    @Override
    public Response toResponse(Throwable exception) {
        String errorId = UUID.randomUUID().toString();
        LOG.error("unexpected error {}", errorId, exception);
        return ProblemResponses.response(
                ErrorCode.INTERNAL_ERROR,
                "unexpected error; quote errorId when reporting it",
                Map.of("errorId", errorId),
                Map.of());
    }
}
