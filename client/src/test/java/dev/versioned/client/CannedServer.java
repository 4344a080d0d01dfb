package dev.versioned.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A real HTTP server on a free loopback port that answers every request with the next canned answer, and records
 * each request as {@code METHOD path} (and its {@code Idempotency-Key} when it has one): the gateway's side of a
 * client test over real HTTP. Past the script it answers 599.
 */
final class CannedServer implements AutoCloseable {

    /** One answer; {@code retryAfter} is sent as {@code Retry-After} when not null. */
    record Canned(int status, String contentType, String body, String retryAfter) {
        Canned(int status, String contentType, String body) {
            this(status, contentType, body, null);
        }
    }

    final Queue<Canned> answers = new ConcurrentLinkedQueue<>();
    final Queue<String> requests = new ConcurrentLinkedQueue<>();
    /** Each request's path and query, and its body. */
    final Queue<String> uris = new ConcurrentLinkedQueue<>();

    final Queue<String> bodies = new ConcurrentLinkedQueue<>();
    private final HttpServer server;

    CannedServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::answer);
        server.start();
    }

    /** A client builder of this server, with {@code policy}. */
    InventoryClient.Builder client(RetryPolicy policy) {
        return InventoryClient.builder()
                .baseUri(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .apiKey("test")
                .retryPolicy(policy);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String query = exchange.getRequestURI().getRawQuery();
        uris.add(exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query));
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        requests.add(exchange.getRequestMethod() + " "
                + exchange.getRequestURI().getPath() + (key == null ? "" : " " + key));
        Canned canned = answers.poll();
        if (canned == null) {
            canned = new Canned(599, "text/plain", "test script exhausted");
        }
        byte[] body = canned.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", canned.contentType());
        if (canned.retryAfter() != null) {
            exchange.getResponseHeaders().set("Retry-After", canned.retryAfter());
        }
        exchange.sendResponseHeaders(canned.status(), body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
