package dev.versioned.gateway;

import dev.versioned.gateway.auth.ApiClient;
import dev.versioned.gateway.http.ApiKeyAuthFilter;
import dev.versioned.gateway.http.CatchAllExceptionMapper;
import dev.versioned.gateway.http.CloseWhenBodyUnread;
import dev.versioned.gateway.http.DocumentMeasurement;
import dev.versioned.gateway.http.DocumentResource;
import dev.versioned.gateway.http.GatewayExceptionMapper;
import dev.versioned.gateway.http.HistoryResource;
import dev.versioned.gateway.http.InventoryResource;
import dev.versioned.gateway.http.StreamMeasurement;
import dev.versioned.gateway.http.StreamResource;
import dev.versioned.gateway.http.UpdateMeasurement;
import dev.versioned.gateway.http.WebApplicationExceptionMapper;
import dev.versioned.gateway.metrics.GatewayMetrics;
import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.auth.AuthValueFactoryProvider;
import java.util.function.Consumer;

/**
 * What the gateway registers with Jersey: the API key filter, the exception mappers (one error shape), the
 * update, document and stream measurements and the resources. The application registers them with its Jersey environment, and the
 * resource tests with their in-memory Jersey, so both run the same stack. Dropwizard's default exception
 * mappers must be off in both: these replace them.
 */
public final class JerseyRegistrations {

    private JerseyRegistrations() {}

    /**
     * Registers everything through {@code jersey} ({@code environment.jersey()::register}, or a test
     * builder's {@code addProvider}).
     */
    public static void register(
            Consumer<Object> jersey, ApiKeyAuthFilter apiKeys, InventoryResource inventory, GatewayMetrics metrics) {
        jersey.accept(new AuthDynamicFeature(apiKeys));
        jersey.accept(new AuthValueFactoryProvider.Binder<>(ApiClient.class));
        jersey.accept(new GatewayExceptionMapper());
        jersey.accept(new WebApplicationExceptionMapper());
        jersey.accept(new CatchAllExceptionMapper());
        jersey.accept(new CloseWhenBodyUnread());
        jersey.accept(new UpdateMeasurement(metrics));
        jersey.accept(inventory);
    }

    /** Everything of {@link #register(Consumer, ApiKeyAuthFilter, InventoryResource, GatewayMetrics)}, and history. */
    public static void register(
            Consumer<Object> jersey,
            ApiKeyAuthFilter apiKeys,
            InventoryResource inventory,
            HistoryResource history,
            GatewayMetrics metrics) {
        register(jersey, apiKeys, inventory, metrics);
        jersey.accept(history);
    }

    /**
     * Everything of {@link #register(Consumer, ApiKeyAuthFilter, InventoryResource, HistoryResource,
     * GatewayMetrics)}, and documents.
     */
    public static void register(
            Consumer<Object> jersey,
            ApiKeyAuthFilter apiKeys,
            InventoryResource inventory,
            HistoryResource history,
            DocumentResource documents,
            GatewayMetrics metrics) {
        register(jersey, apiKeys, inventory, history, metrics);
        registerDocuments(jersey, documents, metrics);
    }

    /** The document API and its measurement, beside the registrations of {@link #register}. */
    public static void registerDocuments(Consumer<Object> jersey, DocumentResource documents, GatewayMetrics metrics) {
        jersey.accept(new DocumentMeasurement(metrics));
        jersey.accept(documents);
    }

    /** The stream API and its measurement, beside the registrations of {@link #register}. */
    public static void registerStreams(Consumer<Object> jersey, StreamResource streams, GatewayMetrics metrics) {
        jersey.accept(new StreamMeasurement(metrics));
        jersey.accept(streams);
    }
}
