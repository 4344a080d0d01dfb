package dev.versioned.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.versioned.schemas.WireFormat;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackRestartTest {

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> post(StackSettings settings, String json) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + settings.httpPort() + "/v1/inventory/updates"))
                        .header("X-API-Key", "demo")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(StackSettings settings, String productId) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + settings.httpPort() + "/v1/inventory/"
                                + productId + "?minVersion=1"))
                        .header("X-API-Key", "demo")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return WireFormat.mapper().readTree(response.body());
    }

    @Test
    @DisplayName("a restart on the same data directory keeps every record, version and idempotency key")
    void restartKeepsEverything() throws Exception {
        StackSettings settings = StackFixture.settings(dataDir);
        String create =
                "{\"storeId\":\"store-1\",\"productId\":\"SKU-R\",\"quantity\":8,\"version\":0,\"idempotencyKey\":\"r-1\"}";
        try (LocalStack stack = LocalStack.start(settings)) {
            assertThat(post(settings, create).statusCode()).isEqualTo(200);
        }

        try (LocalStack restarted = LocalStack.start(settings)) {
            JsonNode record = get(settings, "SKU-R");
            HttpResponse<String> retry = post(settings, create);

            assertThat(record.path("quantity").asLong()).isEqualTo(8);
            assertThat(record.path("version").asLong()).isEqualTo(1);
            assertThat(retry.statusCode()).isEqualTo(200);
            assertThat(retry.headers().firstValue("Idempotent-Replayed")).contains("true");
        }
    }
}
