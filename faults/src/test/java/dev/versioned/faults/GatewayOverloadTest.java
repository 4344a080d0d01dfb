package dev.versioned.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.versioned.stack.LocalStack;
import dev.versioned.stack.StackSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * More concurrent requests than the gateway's pending bound (16 here): it sheds with 429, never holds
 * more than the bound, and recovers as soon as the flood stops.
 */
class GatewayOverloadTest {

    private static final int BOUND = 16;
    private static final int FLOOD = 400;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;
    private static LocalStack stack;
    private static StackSettings settings;
    private final HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(64)).build();

    @BeforeAll
    static void start() throws Exception {
        System.setProperty("dw.maxPendingRequests", String.valueOf(BOUND));
        try {
            settings = StackSettings.onFreePorts(dataDir, ProcessStack.ROOT.resolve("gateway/config/gateway.yml"));
            stack = LocalStack.start(settings);
        } finally {
            System.clearProperty("dw.maxPendingRequests");
        }
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private HttpRequest create(String productId) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + settings.httpPort() + "/v1/inventory/updates"))
                .header("X-API-Key", "demo").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"storeId\":\"store-1\",\"productId\":\"" + productId
                        + "\",\"quantity\":1,\"version\":0,\"idempotencyKey\":\"flood-" + productId + "\"}"))
                .build();
    }

    private long pending() throws Exception {
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + settings.adminPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(metrics.body()).path("gauges").path("gateway.pending").path("value").asLong();
    }

    @Test
    @DisplayName("a flood beyond the pending bound is shed with 429, the bound holds, and the gateway recovers")
    void shedsAndRecovers() throws Exception {
        AtomicLong maxPending = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> {
            try {
                maxPending.accumulateAndGet(pending(), Math::max);
            } catch (Exception e) {
                // a missed sample
            }
        }, 0, 10, TimeUnit.MILLISECONDS);
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        List<String> shedBodies = new ArrayList<>();
        try {
            List<CompletableFuture<HttpResponse<String>>> flood = new ArrayList<>();
            for (int i = 0; i < FLOOD; i++) {
                flood.add(http.sendAsync(create("FLOOD-" + i), HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> f : flood) {
                HttpResponse<String> response = f.get(60, TimeUnit.SECONDS);
                statuses.computeIfAbsent(response.statusCode(), s -> new AtomicLong()).incrementAndGet();
                if (response.statusCode() == 429 && shedBodies.size() < 3) {
                    shedBodies.add(response.body() + " Retry-After=" + response.headers().firstValue("Retry-After").orElse("-"));
                }
            }
        } finally {
            sampler.shutdownNow();
        }
        System.out.println("OVERLOAD statuses " + statuses + ", max pending " + maxPending + ", e.g. " + shedBodies);

        assertThat(statuses.keySet()).as("only applied or shed").containsOnly(200, 429);
        assertThat(statuses.get(429)).as("some requests were shed").isNotNull();
        assertThat(maxPending.get()).as("pending requests never exceed the bound").isLessThanOrEqualTo(BOUND);
        JsonNode shed = JSON.readTree(shedBodies.get(0).substring(0, shedBodies.get(0).lastIndexOf(" Retry-After")));
        assertThat(shed.path("error").path("code").asText()).isEqualTo("OVERLOADED");
        assertThat(shedBodies.get(0)).contains("Retry-After=1");

        await("pending drained").atMost(Duration.ofSeconds(30)).until(() -> pending() == 0);
        HttpResponse<String> after = http.send(create("AFTER-FLOOD"), HttpResponse.BodyHandlers.ofString());
        assertThat(after.statusCode()).as("recovered: " + after.body()).isEqualTo(200);
    }
}
