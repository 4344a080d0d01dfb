package dev.versioned.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The shipped monitoring (compose/prometheus and the Grafana dashboard) against a real Prometheus: the
 * configuration and rules pass promtool, the alert unit tests pass, and, with Prometheus scraping a running
 * local stack under a little load, every dashboard expression returns data and every alert expression
 * evaluates and names only metrics that the applications export.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitoringRulesTest {

    private static final Path PROMETHEUS_DIR = StackFixture.ROOT.resolve("compose/prometheus");
    private static final Path DASHBOARD = StackFixture.ROOT.resolve("compose/grafana/dashboards/inventory.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dir;

    private LocalStack stack;
    private StackSettings settings;
    private Process prometheus;
    private String prometheusUrl;
    private final AtomicBoolean loading = new AtomicBoolean(true);
    private final AtomicLong answered = new AtomicLong();
    private Thread load;

    @BeforeAll
    void startStackAndPrometheus() throws Exception {
        String prometheusPackage =
                "install Debian's prometheus package (apt-get install prometheus, which brings" + " promtool too)";
        HostTools.require("prometheus", prometheusPackage);
        HostTools.require("promtool", prometheusPackage);
        settings = StackFixture.settings(dir.resolve("stack"));
        stack = LocalStack.start(settings);
        load = new Thread(this::sendUpdates, "monitoring-load");
        load.start();
        int port = FreePorts.port();
        Path config = writeScrapeConfig(dir.resolve("prometheus.yml"));
        prometheus = new ProcessBuilder(
                        "prometheus",
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + dir.resolve("tsdb"),
                        "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        prometheusUrl = "http://127.0.0.1:" + port;
        await("every target up")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    JsonNode targets = get("/api/v1/targets").path("data").path("activeTargets");
                    assertThat(targets).hasSize(2);
                    targets.forEach(t -> assertThat(t.path("health").asText())
                            .as(t.path("scrapeUrl").asText() + " " + t.path("lastError"))
                            .isEqualTo("up"));
                });
    }

    @AfterAll
    void stop() throws Exception {
        loading.set(false);
        if (load != null) {
            load.join(10_000);
        }
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @DisplayName("promtool accepts the shipped Prometheus configuration and its rule files")
    void configurationPassesPromtool() throws Exception {
        assertThat(HostTools.run(
                        "promtool",
                        "check",
                        "config",
                        PROMETHEUS_DIR.resolve("prometheus.yml").toString()))
                .contains("SUCCESS");
    }

    @Test
    @DisplayName("every alert of alerts.yml fires in its promtool unit test, and only there")
    void alertUnitTestsPass() throws Exception {
        assertThat(HostTools.run(
                        "promtool",
                        "test",
                        "rules",
                        PROMETHEUS_DIR.resolve("alerts-test.yml").toString()))
                .contains("SUCCESS");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("panelExpressions")
    @DisplayName("each dashboard panel's expression returns data from the running stack")
    void panelReturnsData(String panel, String expression) {
        assertExportedMetrics(expression);
        await(panel)
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    JsonNode result = query(expression);
                    assertThat(result).as("series of %s", expression).isNotEmpty();
                    assertThat(values(result)).as("values of %s", expression).anyMatch(Double::isFinite);
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("alertExpressions")
    @DisplayName("each alert's expression evaluates and names only exported metrics")
    void alertEvaluates(String alert, String expression) throws Exception {
        assertExportedMetrics(expression);
        assertThat(get("/api/v1/query?query=" + encode(expression))
                        .path("status")
                        .asText())
                .isEqualTo("success");
        await(alert + " evaluated by the rule manager")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(ruleHealth(alert)).isEqualTo("ok"));
    }

    @Test
    @DisplayName("the metric-name check of these tests refuses a metric that nothing exports")
    void unknownMetricIsRefused() {
        assertThat(metricNames("sum by (instance) (rate(inventory_processor_no_such_metric_total{a=\"b\"}[5m])) > 0"))
                .containsExactly("inventory_processor_no_such_metric_total");
        assertThat(exported()).doesNotContain("inventory_processor_no_such_metric_total");
    }

    Stream<Arguments> panelExpressions() throws IOException {
        List<Arguments> all = new ArrayList<>();
        for (JsonNode panel : JSON.readTree(DASHBOARD.toFile()).path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                all.add(Arguments.of(
                        panel.path("title").asText() + " ["
                                + target.path("refId").asText() + "]",
                        target.path("expr").asText()));
            }
        }
        assertThat(all).as("dashboard expressions").isNotEmpty();
        return all.stream();
    }

    @SuppressWarnings("unchecked")
    Stream<Arguments> alertExpressions() throws IOException {
        Map<String, Object> rules = new Yaml().load(Files.readString(PROMETHEUS_DIR.resolve("alerts.yml")));
        List<Arguments> all = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                all.add(Arguments.of(rule.get("alert"), ((String) rule.get("expr")).trim()));
            }
        }
        assertThat(all).as("alert rules").isNotEmpty();
        return all.stream();
    }

    /** The shipped configuration with each job's targets replaced by the running stack's admin ports. */
    @SuppressWarnings("unchecked")
    private Path writeScrapeConfig(Path file) throws IOException {
        Map<String, Object> config = new Yaml().load(Files.readString(PROMETHEUS_DIR.resolve("prometheus.yml")));
        Map<String, Object> global = (Map<String, Object>) config.get("global");
        global.put("scrape_interval", "1s");
        global.put("evaluation_interval", "1s");
        config.put(
                "rule_files",
                ((List<String>) config.get("rule_files"))
                        .stream().map(f -> PROMETHEUS_DIR.resolve(f).toString()).toList());
        Map<String, String> targets = Map.of(
                "processor", "127.0.0.1:" + stack.processorAdminPort(),
                "gateway", "127.0.0.1:" + settings.adminPort());
        for (Map<String, Object> job : (List<Map<String, Object>>) config.get("scrape_configs")) {
            String target = targets.get((String) job.get("job_name"));
            assertThat(target)
                    .as("a running service for job " + job.get("job_name"))
                    .isNotNull();
            job.put("static_configs", List.of(Map.of("targets", List.of(target))));
        }
        Files.writeString(file, new Yaml().dump(config));
        return file;
    }

    /** Creates, updates, conflicts and retries over HTTP until the tests end, so that every rate has data. */
    private void sendUpdates() {
        String url = "http://127.0.0.1:" + settings.httpPort() + "/v1/inventory/updates";
        for (long i = 0; loading.get(); i++) {
            String sku = "MON-" + i;
            List<String> bodies = List.of(
                    update(sku, "\"quantity\":10", 0, "create-" + i),
                    update(sku, "\"delta\":1", 1, "add-" + i),
                    update(sku, "\"delta\":1", 1, "stale-" + i),
                    update(sku, "\"delta\":1", 1, "add-" + i));
            for (String body : bodies) {
                try {
                    HttpResponse<Void> response = HTTP.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(10))
                                    .header("X-API-Key", "demo")
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() < 500) {
                        answered.incrementAndGet();
                    }
                } catch (IOException e) {
                    // the stack is stopping, or one request failed: the next iteration decides
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static String update(String sku, String change, int version, String key) {
        return "{\"storeId\":\"store-1\",\"productId\":\"" + sku + "\"," + change + ",\"version\":" + version
                + ",\"idempotencyKey\":\"" + key + "\"}";
    }

    private void assertExportedMetrics(String expression) {
        Set<String> names = metricNames(expression);
        assertThat(names).as("metrics named in %s", expression).isNotEmpty();
        Set<String> exported = new HashSet<>();
        await("metrics of " + expression + " scraped")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    exported.clear();
                    exported.addAll(exported());
                    assertThat(exported)
                            .as("exported metrics (answered updates so far: %d)", answered.get())
                            .containsAll(names);
                });
    }

    private static final Set<String> PROMQL_WORDS = Set.of(
            "and",
            "or",
            "unless",
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "bool",
            "offset",
            "inf",
            "nan");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");

    /**
     * The metric names an expression selects: identifiers that are not functions, keywords, or label names
     * (inside braces, after by/without/on/ignoring), with strings and ranges removed first.
     */
    static Set<String> metricNames(String expression) {
        String stripped = expression
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new HashSet<>();
        Matcher m = IDENTIFIER.matcher(stripped);
        while (m.find()) {
            if (m.group(2) == null && !PROMQL_WORDS.contains(m.group(1))) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private Set<String> exported() {
        try {
            Set<String> names = new HashSet<>();
            get("/api/v1/label/__name__/values").path("data").forEach(n -> names.add(n.asText()));
            return names;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String ruleHealth(String alert) throws Exception {
        Map<String, String> health = new LinkedHashMap<>();
        for (JsonNode group : get("/api/v1/rules").path("data").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                health.put(rule.path("name").asText(), rule.path("health").asText() + " " + rule.path("lastError"));
            }
        }
        assertThat(health).containsKey(alert);
        return health.get(alert).startsWith("ok") ? "ok" : health.get(alert);
    }

    private JsonNode query(String expression) throws Exception {
        JsonNode answer = get("/api/v1/query?query=" + encode(expression));
        assertThat(answer.path("status").asText()).as(answer.toString()).isEqualTo("success");
        return answer.path("data").path("result");
    }

    private static List<Double> values(JsonNode result) {
        List<Double> values = new ArrayList<>();
        result.forEach(series ->
                values.add(Double.parseDouble(series.path("value").path(1).asText())));
        return values;
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(prometheusUrl + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static String encode(String expression) {
        return URLEncoder.encode(expression, StandardCharsets.UTF_8);
    }
}
