package dev.versioned.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The hot record through the product's HTTP API: GET for the version (404 = version 0), POST a
 * conditional or unconditional ADJUST of +1; 200 applied ({@code newVersion}), 409 conflict
 * ({@code currentVersion} at the top level of the body). One writer's client (HTTP/1.1 keep-alive).
 */
final class HttpHotRow implements HotRow {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String baseUrl;
    private final String product;

    HttpHotRow(String baseUrl, String product) {
        this.baseUrl = baseUrl;
        this.product = product;
    }

    @Override
    public long read() throws Exception {
        HttpResponse<String> r = CLIENT.send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/v1/inventory/" + product + "?storeId=store-1"))
                        .header("X-API-Key", "demo-all-stores")
                        .timeout(Duration.ofSeconds(12))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 404) {
            return 0;
        }
        return JSON.readTree(r.body()).path("version").asLong(0);
    }

    @Override
    public Attempt conditional(long version, String key) throws Exception {
        return post("{\"storeId\":\"store-1\",\"productId\":\"" + product + "\",\"delta\":1,\"version\":" + version
                + ",\"idempotencyKey\":\"" + key + "\"}");
    }

    @Override
    public Attempt unconditional(String key) throws Exception {
        return post("{\"storeId\":\"store-1\",\"productId\":\"" + product + "\",\"delta\":1,\"idempotencyKey\":\"" + key
                + "\"}");
    }

    private Attempt post(String body) throws Exception {
        HttpResponse<String> r = CLIENT.send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/v1/inventory/updates"))
                        .header("X-API-Key", "demo-all-stores")
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(12))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
            return new Attempt(
                    true, false, JSON.readTree(r.body()).path("newVersion").asLong(-1));
        }
        if (r.statusCode() == 409) {
            JsonNode node = JSON.readTree(r.body());
            return new Attempt(false, true, node.path("currentVersion").asLong(-1));
        }
        return Attempt.FAILED;
    }
}
