package dev.versioned.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** A writer going through the gateway. 200, 409 and 422 are definite; 429, 503, 504 and I/O errors are not. */
final class HttpWriter extends Writer {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String baseUrl;

    HttpWriter(String name, String baseUrl, Ledger ledger, AtomicBoolean running, long seed) {
        super(name, ledger, running, seed);
        this.baseUrl = baseUrl;
    }

    @Override
    protected Optional<JsonNode> attempt(String productId, ObjectNode request) throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/inventory/updates"))
                    .timeout(Duration.ofSeconds(20))
                    .header("X-API-Key", "demo").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(request.toString())).build(), HttpResponse.BodyHandlers.ofString());
            return switch (response.statusCode()) {
                case 200, 409, 422 -> Optional.of(JSON.readTree(response.body()));
                case 429, 502, 503, 504 -> Optional.empty();
                default -> {
                    ledger.unexpected.add(name + ": HTTP " + response.statusCode() + " " + response.body());
                    yield Optional.empty();
                }
            };
        } catch (IOException e) {
            return Optional.empty(); // connection refused or lost: unknown outcome
        }
    }

    @Override
    protected long read(String productId) throws InterruptedException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/inventory/" + productId))
                        .timeout(Duration.ofSeconds(10)).header("X-API-Key", "demo").GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 404) {
                    return 0;
                }
                if (response.statusCode() == 200) {
                    return JSON.readTree(response.body()).path("version").asLong();
                }
            } catch (IOException e) {
                // gateway restarting or unreachable: try again
            }
            Thread.sleep(200);
        }
        return 0; // a guess: a conflict will tell the truth
    }

    @Override
    protected boolean isKafka() {
        return false;
    }
}
