package dev.versioned.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.versioned.gateway.config.GatewayConfiguration;
import dev.versioned.stack.ChildJvm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway as shipped ({@code gateway/config/gateway.yml}, nothing overridden but ports and ids) under a
 * real overload, in its own process: the processors are stopped, so no request is decided and every accepted
 * one holds its request thread until its deadline, the worst case for a thread-per-request server. Three
 * times the pending bound arrive at once. The bound must shed the excess with 429 at once; before the bound
 * was tied to Jetty's thread pool, the excess queued inside Jetty behind the waiting requests instead.
 *
 * <p>The flood runs once (given/when); each test states one consequence of it (then). The recovery test
 * restarts the processors, so it runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayOverloadTest {

    /** The shipped bound: {@code GatewayConfigurationTest} checks that gateway.yml holds this value. */
    private static final int BOUND = GatewayConfiguration.DEFAULT_MAX_PENDING_REQUESTS;

    private static final int FLOOD = 3 * BOUND;
    /** The shipped request deadline. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static ProcessStack stack;
    private static ExecutorService clientThreads;
    private static HttpClient http;
    private static final List<Answer> answers = new ArrayList<>();
    private static final AtomicLong maxPending = new AtomicLong();

    /** One answer of the flood and how long it took. */
    /** One answer; {@code answeredAt} is its {@link System#nanoTime()}, to order answers of different requests. */
    private record Answer(int status, String body, Duration took, String retryAfter, long answeredAt) {}

    @BeforeAll
    static void floodWhileNothingIsDecided() throws Exception {
        stack = new ProcessStack(dir, REQUEST_TIMEOUT);
        stack.start();
        clientThreads = Executors.newFixedThreadPool(16);
        http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(clientThreads)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        HttpResponse<String> warm = http.send(create("WARM"), HttpResponse.BodyHandlers.ofString());
        assertThat(warm.statusCode())
                .as("the stack decides before the flood: " + warm.body())
                .isEqualTo(200);

        // given processors that decide nothing: every accepted request waits out its deadline
        for (ChildJvm processor : stack.processors) {
            processor.stop();
        }
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleWithFixedDelay(
                () -> {
                    try {
                        maxPending.accumulateAndGet(pending(), Math::max);
                    } catch (Exception e) {
                        // a missed sample; the next one comes 10 ms later
                    }
                },
                0,
                10,
                TimeUnit.MILLISECONDS);
        try {
            // when three times the bound arrive at once
            List<CompletableFuture<Answer>> flood = new ArrayList<>();
            for (int i = 0; i < FLOOD; i++) {
                long sent = System.nanoTime();
                flood.add(http.sendAsync(create("FLOOD-" + i), HttpResponse.BodyHandlers.ofString())
                        .thenApply(r -> new Answer(
                                r.statusCode(),
                                r.body(),
                                Duration.ofNanos(System.nanoTime() - sent),
                                r.headers().firstValue("Retry-After").orElse(""),
                                System.nanoTime())));
            }
            for (CompletableFuture<Answer> answer : flood) {
                answers.add(answer.get(2 * REQUEST_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS));
            }
        } finally {
            sampler.shutdownNow();
        }
        List<Duration> shedTimes = shed().stream().map(Answer::took).sorted().toList();
        System.out.printf(
                "OVERLOAD %d requests, bound %d: %d shed (median %s, slowest %s), %d answered 504, max pending %d%n",
                FLOOD,
                BOUND,
                shedTimes.size(),
                shedTimes.isEmpty() ? null : shedTimes.get(shedTimes.size() / 2),
                shedTimes.isEmpty() ? null : shedTimes.get(shedTimes.size() - 1),
                answers.stream().filter(a -> a.status() == 504).count(),
                maxPending.get());
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
        if (clientThreads != null) {
            clientThreads.shutdownNow();
        }
    }

    private static HttpRequest create(String productId) {
        return HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/v1/inventory/updates"))
                .timeout(REQUEST_TIMEOUT.multipliedBy(3))
                .header("X-API-Key", "demo")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"storeId\":\"store-1\",\"productId\":\"" + productId
                        + "\",\"quantity\":1,\"version\":0,\"idempotencyKey\":\"flood-" + productId + "\"}"))
                .build();
    }

    private static long pending() throws Exception {
        HttpResponse<String> metrics = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.adminPort + "/metrics"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(metrics.body())
                .path("gauges")
                .path("gateway.pending")
                .path("value")
                .asLong();
    }

    private static List<Answer> shed() {
        return answers.stream().filter(a -> a.status() == 429).toList();
    }

    @Test
    @Order(1)
    @DisplayName(
            "given nothing is decided, when 3x the shipped bound arrive at once, then all beyond the bound get 429 before any waiting request reaches its deadline")
    void givenNothingDecided_whenFlooded_thenTheExcessIsShedAtOnce() {
        assertThat(shed()).as("every request beyond the bound is shed").hasSizeGreaterThanOrEqualTo(FLOOD - BOUND);
        // A request queued in Jetty behind the waiting ones could not be answered before they end at their
        // deadline: every shed answer must come before the first of them. Compared within the run, so that a slow
        // machine moves both sides alike.
        long firstDeadlineAnswer = answers.stream()
                .filter(a -> a.status() == 504)
                .mapToLong(Answer::answeredAt)
                .min()
                .orElseThrow();
        assertThat(shed())
                .as("shed before the waiting requests' deadline, not queued in Jetty behind them")
                .allSatisfy(a -> assertThat(a.answeredAt()).isLessThan(firstDeadlineAnswer));
    }

    @Test
    @Order(1)
    @DisplayName(
            "given nothing is decided, when flooded, then a shed answer is 429 OVERLOADED in the error shape with Retry-After")
    void givenNothingDecided_whenFlooded_thenTheShedAnswerSaysOverloaded() throws Exception {
        Answer first = shed().get(0);
        JsonNode body = JSON.readTree(first.body());
        assertThat(body.path("code").asText()).isEqualTo("OVERLOADED");
        assertThat(body.path("detail").asText()).contains("nothing was written");
        assertThat(first.retryAfter()).isEqualTo("1");
    }

    @Test
    @Order(1)
    @DisplayName(
            "given nothing is decided, when flooded, then the pending requests reach the bound and never exceed it")
    void givenNothingDecided_whenFlooded_thenPendingNeverExceedsTheBound() {
        assertThat(maxPending.get()).isEqualTo(BOUND);
    }

    @Test
    @Order(1)
    @DisplayName(
            "given nothing is decided, when flooded, then every request that was not shed ends at its deadline with 504")
    void givenNothingDecided_whenFlooded_thenEveryAcceptedRequestIsAnswered504() {
        List<Answer> accepted = answers.stream().filter(a -> a.status() != 429).toList();
        assertThat(accepted).as("only shed or unknown: nothing can be decided").allSatisfy(a -> {
            assertThat(a.status()).isEqualTo(504);
            assertThat(a.took()).isGreaterThanOrEqualTo(REQUEST_TIMEOUT.minusSeconds(1));
        });
    }

    @Test
    @Order(2)
    @DisplayName(
            "given the flood is over, when the processors are back, then the pending requests drain and a new update is applied")
    void givenTheFloodIsOver_whenProcessorsReturn_thenTheGatewayRecovers() throws Exception {
        for (int i = 0; i < stack.processors.size(); i++) {
            stack.restartProcessor(i);
        }
        await("pending drained").atMost(Duration.ofSeconds(30)).until(() -> pending() == 0);

        HttpResponse<String> after = http.send(create("AFTER-FLOOD"), HttpResponse.BodyHandlers.ofString());

        assertThat(after.statusCode()).as("recovered: " + after.body()).isEqualTo(200);
    }
}
