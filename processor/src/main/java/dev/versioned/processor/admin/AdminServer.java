package dev.versioned.processor.admin;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processor's admin endpoint over HTTP, on every interface:
 *
 * <ul>
 *   <li>{@code GET /health/live}: 200 while the processor is alive, else 503 ({@link ProcessorHealth});</li>
 *   <li>{@code GET /health/ready}: 200 when it is ready, else 503 with the reason;</li>
 *   <li>{@code GET /metrics}: every meter of the processor's registry in the Prometheus text format, as
 *       {@link PrometheusMeterRegistry#scrape()} writes it.</li>
 * </ul>
 *
 * Anything else is 404. The health bodies are JSON, {@code {"status":"UP","state":"RUNNING","aliveThreads":1}}.
 */
public final class AdminServer implements AutoCloseable {

    /**
     * The content type of what {@link PrometheusMeterRegistry#scrape()} writes, the text format 0.0.4 (Micrometer
     * keeps its own constant private).
     */
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);

    private final HttpServer server;
    private final AtomicBoolean closed = new AtomicBoolean();

    private AdminServer(HttpServer server) {
        this.server = server;
    }

    /**
     * Serves the processor's health and metrics from now until {@link #close}; the processor may be started
     * before or after, and its probes answer 503 until it runs.
     *
     * @param health the processor's health ({@code ProcessorApp.health()})
     * @param registry the registry its metrics are in ({@code ProcessorApp.meterRegistry()})
     * @param port the port to listen on; 0 takes a free one ({@link #port} tells which)
     * @throws UncheckedIOException when the port cannot be bound (in use, say)
     */
    public static AdminServer start(ProcessorHealth health, PrometheusMeterRegistry registry, int port) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on admin port " + port + ": " + e.getMessage(), e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                Response response;
                try {
                    response = respond(
                            exchange.getRequestMethod(),
                            exchange.getRequestURI().getPath(),
                            health,
                            registry);
                } catch (RuntimeException e) {
                    LOG.warn("admin request {} failed", exchange.getRequestURI(), e);
                    response = Response.text(500, "failed: " + e + "\n");
                }
                exchange.getResponseHeaders().set("Content-Type", response.contentType());
                exchange.getResponseHeaders().set("Cache-Control", "no-store");
                exchange.sendResponseHeaders(response.code(), response.body().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
        });
        server.start();
        return new AdminServer(server);
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops listening; a second call does nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
        }
    }

    private record Response(int code, String contentType, byte[] body) {
        static Response text(int code, String text) {
            return new Response(code, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
        }

        static Response of(ProcessorHealth.Status status) {
            return new Response(status.up() ? 200 : 503, "application/json", status.json());
        }
    }

    private static Response respond(
            String method, String path, ProcessorHealth health, PrometheusMeterRegistry registry) {
        if (method.equals("GET")) {
            switch (path) {
                case "/health/live":
                    return Response.of(health.liveness());
                case "/health/ready":
                    return Response.of(health.readiness());
                case "/metrics":
                    return new Response(200, PROMETHEUS_TEXT, registry.scrape().getBytes(StandardCharsets.UTF_8));
                default:
                    break;
            }
        }
        return Response.text(404, "not found: GET /health/live, /health/ready or /metrics\n");
    }
}
