package dev.versioned.gateway.http;

import com.codahale.metrics.annotation.Timed;
import dev.versioned.gateway.api.ErrorCode;
import dev.versioned.gateway.auth.ApiClient;
import dev.versioned.gateway.auth.AuthRefusals;
import dev.versioned.gateway.config.HistoryConfig;
import dev.versioned.gateway.kafka.HistoryPage;
import dev.versioned.gateway.kafka.HistoryQuery;
import dev.versioned.gateway.kafka.HistoryReader;
import dev.versioned.schemas.WireFormat;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.KafkaException;

/**
 * A record's applied changes, oldest first, a page at a time: {@code GET
 * /v1/inventory/{productId}/history?storeId=&fromVersion=&fromOffset=&limit=}. Read from the results topic
 * by {@link HistoryReader}, one partition scan per request, bounded; a record without changes (never
 * written, or older than the topic's retention) answers 200 with no entries, since a history is a list.
 */
@Path("/v1/inventory/{productId}/history")
@Produces(MediaType.APPLICATION_JSON)
public final class HistoryResource {

    private final HistoryReader reader;
    private final int defaultLimit;
    private final int maxLimit;
    private final StoreScope scope;

    public HistoryResource(HistoryReader reader, HistoryConfig config, AuthRefusals refusals) {
        this.reader = reader;
        this.defaultLimit = config.getDefaultLimit();
        this.maxLimit = config.getMaxLimit();
        this.scope = new StoreScope(refusals);
    }

    @GET
    @Timed(name = "history")
    public Response history(
            @Auth ApiClient client,
            @PathParam("productId") String productId,
            @QueryParam("storeId") String storeIdParam,
            @QueryParam("fromVersion") String fromVersionParam,
            @QueryParam("fromOffset") String fromOffsetParam,
            @QueryParam("limit") String limitParam) {
        StoreScope.requireId("productId", productId);
        String storeId = scope.resolve(client, Optional.ofNullable(storeIdParam));
        long fromVersion = number("fromVersion", fromVersionParam).orElse(1L);
        Optional<Long> fromOffset = number("fromOffset", fromOffsetParam);
        long limit = number("limit", limitParam).orElse((long) defaultLimit);
        if (limit < 1 || limit > maxLimit) {
            throw GatewayException.invalid("limit must be 1.." + maxLimit);
        }
        HistoryPage page;
        try {
            page = reader.read(new HistoryQuery(storeId, productId, fromVersion, fromOffset, (int) limit))
                    .orElseThrow(() -> new GatewayException(
                            ErrorCode.OVERLOADED,
                            "too many history reads at once; retry shortly",
                            Map.of(),
                            Map.of("Retry-After", "1")));
        } catch (KafkaException e) {
            throw new GatewayException(
                    ErrorCode.KAFKA_UNAVAILABLE,
                    "the results topic cannot be read now; retry shortly",
                    Map.of(),
                    Map.of("Retry-After", "1"));
        }
        // Written with the wire format's mapper: ISO-8601 times, as in every other body.
        return Response.ok(WireFormat.mapper().valueToTree(page)).build();
    }

    private static Optional<Long> number(String name, String value) {
        return QueryParams.nonNegative(name, value, "a number >= 0");
    }
}
