package dev.versioned.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.versioned.gateway.GatewayApplication;
import dev.versioned.gateway.config.GatewayConfiguration;
import dev.versioned.gateway.support.Http;
import dev.versioned.gateway.support.KafkaStack;
import dev.versioned.gateway.support.Scrape;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The admin port's {@code /prometheus}, scraped over real HTTP from a gateway in front of the real processor:
 * the names and labels that dashboards and alert rules are written against.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class PrometheusMetricsTest {

    @RegisterExtension
    static final KafkaStack STACK = KafkaStack.withProcessor();

    static final DropwizardAppExtension<GatewayConfiguration> APP = new DropwizardAppExtension<>(
            GatewayApplication.class,
            ResourceHelpers.resourceFilePath("gateway-test.yml"),
            STACK.gateway("prometheus"));

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private static Scrape scrape() {
        Http.Reply reply = new Http(APP.getAdminPort()).get("/prometheus");
        assertThat(reply.status()).isEqualTo(200);
        return Scrape.of(reply);
    }

    private static double requests(Scrape scrape, String outcome, String status) {
        return scrape.value("gateway_requests_total", "outcome", outcome, "status", status)
                .orElseThrow(() -> new AssertionError("no gateway_requests_total{outcome=\"" + outcome + "\",status=\""
                        + status + "\"} in\n" + scrape.text()));
    }

    /** Creates a product at version 1 and returns its id. */
    private static String created() {
        String product = "P-" + UUID.randomUUID().toString().substring(0, 8);
        Http.Reply reply = update("{\"storeId\":\"store-1\",\"productId\":\"" + product
                + "\",\"quantity\":5,\"version\":0,\"idempotencyKey\":\"create-" + product + "\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return product;
    }

    private static Http.Reply update(String body, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "X-API-Key";
        all[1] = "demo";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return new Http(APP.getLocalPort()).post("/v1/inventory/updates", body, all);
    }

    @Test
    @DisplayName(
            "given a scrape, when an update is applied, then gateway_requests_total{outcome=\"applied\",status=\"200\"} rises by one")
    void givenScrape_whenApplied_thenAppliedCountRises() {
        // given
        double before = requests(scrape(), "applied", "200");
        // when
        created();
        // then
        await("applied counted")
                .atMost(DEADLINE)
                .untilAsserted(
                        () -> assertThat(requests(scrape(), "applied", "200")).isEqualTo(before + 1));
    }

    @Test
    @DisplayName(
            "given a product at version 1, when If-Match names version 0, then gateway_requests_total{outcome=\"version_conflict\",status=\"412\"} rises by one")
    void givenProduct_whenIfMatchStale_thenConflict412CountRises() {
        // given
        String product = created();
        double before = requests(scrape(), "version_conflict", "412");
        // when
        Http.Reply reply = update(
                "{\"storeId\":\"store-1\",\"productId\":\"" + product + "\",\"delta\":1,\"idempotencyKey\":\"c-"
                        + product + "\"}",
                "If-Match",
                "\"0\"");
        // then
        assertThat(reply.status()).as(reply.body()).isEqualTo(412);
        await("conflict counted")
                .atMost(DEADLINE)
                .untilAsserted(() -> assertThat(requests(scrape(), "version_conflict", "412"))
                        .isEqualTo(before + 1));
    }

    @Test
    @DisplayName("given a fresh gateway, when scraped, then every known outcome and status pair is there, at 0 or more")
    void givenFreshGateway_whenScraped_thenKnownOutcomesArePreRegistered() {
        // given a gateway (other tests may have sent updates: only presence is asserted)
        // when
        Scrape scrape = scrape();
        // then
        assertThat(scrape.type("gateway_requests_total")).isEqualTo("counter");
        for (String[] series : new String[][] {
            {"applied", "200"},
            {"version_conflict", "409"},
            {"version_conflict", "412"},
            {"insufficient_stock", "422"},
            {"idempotency_key_reused", "422"},
            {"quantity_out_of_range", "422"},
            {"version_required", "428"},
            {"invalid_request", "400"},
            {"unauthorized", "401"},
            {"forbidden", "403"},
            {"unsupported_media_type", "415"},
            {"overloaded", "429"},
            {"internal_error", "500"},
            {"kafka_unavailable", "503"},
            {"outcome_unknown", "504"}
        }) {
            requests(scrape, series[0], series[1]);
        }
    }

    @Test
    @DisplayName(
            "given an update answered, when scraped, then both durations are histograms with buckets in seconds from 1 ms to 30 s")
    void givenUpdate_whenScraped_thenDurationsAreHistogramsInSeconds() {
        // given
        created();
        // when
        Scrape scrape = scrape();
        // then
        for (String histogram : new String[] {"gateway_request_duration_seconds", "gateway_kafka_round_trip_seconds"}) {
            assertThat(scrape.type(histogram)).as(histogram).isEqualTo("histogram");
            assertThat(scrape.samples(histogram + "_bucket"))
                    .extracting(s -> s.labels().get("le"))
                    .as(histogram)
                    .contains("0.001", "0.1", "1.0", "10.0", "30.0", "+Inf");
            assertThat(scrape.value(histogram + "_count").orElse(0))
                    .as(histogram)
                    .isPositive();
            assertThat(scrape.value(histogram + "_sum")).as(histogram).isPresent();
        }
    }

    @Test
    @DisplayName(
            "given a fresh gateway, when scraped, then the pending, shed, timeout, late, rejected, replay and state view lag series are there")
    void givenFreshGateway_whenScraped_thenKafkaSideSeriesExist() {
        // when
        Scrape scrape = scrape();
        // then
        assertThat(scrape.type("gateway_pending_replies")).isEqualTo("gauge");
        assertThat(scrape.type("gateway_state_view_lag_records")).isEqualTo("gauge");
        assertThat(scrape.type("gateway_requests_shed_total")).isEqualTo("counter");
        assertThat(scrape.type("gateway_reply_timeouts_total")).isEqualTo("counter");
        assertThat(scrape.type("gateway_late_replies_total")).isEqualTo("counter");
        assertThat(scrape.type("gateway_replays_total")).isEqualTo("counter");
        assertThat(scrape.type("gateway_replies_rejected_total")).isEqualTo("counter");
        assertThat(scrape.value("gateway_pending_replies")).isPresent();
        assertThat(scrape.value("gateway_requests_shed_total")).isPresent();
        assertThat(scrape.value("gateway_reply_timeouts_total")).isPresent();
        assertThat(scrape.value("gateway_late_replies_total")).isPresent();
        assertThat(scrape.value("gateway_replies_rejected_total")).hasValue(0.0);
    }

    @Test
    @DisplayName("given a gateway caught up with the state topic, when scraped, then its state view lag is 0")
    void givenCaughtUpView_whenScraped_thenLagIsZero() {
        // given an update whose record the view then reads
        created();
        // when / then
        await("state view caught up")
                .atMost(DEADLINE)
                .untilAsserted(() -> assertThat(scrape().value("gateway_state_view_lag_records"))
                        .hasValue(0.0));
    }

    @Test
    @DisplayName(
            "given records on the state topic before a gateway starts, when it has started, then its state view lag is 0")
    void givenRecordsBeforeStart_whenStarted_thenLagIsZero() throws Exception {
        // given records the new gateway's view starts behind (its lag starts at the topic's size)
        created();
        created();
        DropwizardAppExtension<GatewayConfiguration> late = new DropwizardAppExtension<>(
                GatewayApplication.class,
                ResourceHelpers.resourceFilePath("gateway-test.yml"),
                STACK.gateway("prometheus-late"));
        late.before();
        try {
            // when it has started (start-up waits until its view caught up) / then the lag it reports is 0
            await("late gateway's state view lag")
                    .atMost(DEADLINE)
                    .untilAsserted(() -> assertThat(Scrape.of(new Http(late.getAdminPort()).get("/prometheus"))
                                    .value("gateway_state_view_lag_records"))
                            .hasValue(0.0));
            assertThat(late.<GatewayApplication>getApplication().stateView().size())
                    .isGreaterThanOrEqualTo(2);
        } finally {
            late.after();
        }
    }

    @Test
    @DisplayName("given a running gateway, when scraped, then the JVM and Jetty meters carry Prometheus names")
    void givenRunningGateway_whenScraped_thenJvmAndJettyMetersHavePrometheusNames() {
        // when
        Scrape scrape = scrape();
        // then
        assertThat(scrape.value("jvm_memory_used_bytes", "area", "heap")).isPresent();
        assertThat(scrape.value("jvm_threads_live_threads")).isPresent();
        // GC meters: the pause timer appears only after the JVM's first collection, so the gauge bound at start
        assertThat(scrape.value("jvm_gc_max_data_size_bytes")).isPresent();
        assertThat(scrape.value("process_cpu_usage")).isPresent();
        assertThat(scrape.value("jetty_threads_busy")).isPresent();
        assertThat(scrape.value("jetty_threads_current")).isPresent();
        assertThat(scrape.value("jetty_connections_current_connections", "connector_name", "application"))
                .isPresent();
        assertThat(scrape.text()).doesNotContain("org_eclipse_jetty").doesNotContain("io_dropwizard");
    }
}
