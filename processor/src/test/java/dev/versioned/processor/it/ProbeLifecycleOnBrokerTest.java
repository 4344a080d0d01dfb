package dev.versioned.processor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.versioned.processor.ProcessorApp;
import dev.versioned.processor.admin.AdminServer;
import dev.versioned.schemas.TopicNames;
import dev.versioned.testkit.TestKafka;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The health probes of a processor that is not running yet, or no more, over real HTTP on the real broker. */
class ProbeLifecycleOnBrokerTest {

    private final TestKafka kafka = TestKafka.shared();
    private ProcessorApp processor;
    private AdminServer admin;
    private AdminHttp http;

    @TempDir
    Path stateDir;

    @BeforeEach
    void createProcessorWithAdminEndpoint() {
        TopicNames topics = TestTopics.create(kafka, "probe", 1);
        processor = new ProcessorApp(TestTopics.settings(kafka, topics, stateDir));
        admin = AdminServer.start(processor.health(), processor.meterRegistry(), 0);
        http = new AdminHttp(admin.port());
    }

    @AfterEach
    void stop() {
        admin.close();
        processor.close();
    }

    @Test
    @DisplayName("before the processor is started, both probes answer 503 with the reason")
    void probesAreDownBeforeStart() {
        // given a processor that was created but not started

        // when its probes are asked
        HttpResponse<String> ready = http.get("/health/ready");
        HttpResponse<String> live = http.get("/health/live");

        // then both are down, readiness because the client is not RUNNING, liveness because no thread runs
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(AdminHttp.json(ready))
                .containsEntry("status", "DOWN")
                .containsEntry("state", "CREATED")
                .containsEntry("reason", "the client is CREATED, not RUNNING");
        assertThat(live.statusCode()).isEqualTo(503);
        assertThat(AdminHttp.json(live))
                .containsEntry("aliveThreads", 0)
                .containsEntry("reason", "no stream thread is running");
        assertThat(AdminHttp.value(http.get("/metrics").body(), "inventory_processor_ready"))
                .contains(0.0);
    }

    @Test
    @DisplayName("after the processor closes, both probes answer 503")
    void probesAreDownAfterClose() {
        // given a processor that was ready
        processor.start();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> http.get("/health/ready").statusCode() == 200);

        // when it closes
        processor.close();

        // then neither probe is up
        HttpResponse<String> ready = http.get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(AdminHttp.json(ready)).containsEntry("state", "NOT_RUNNING");
        assertThat(http.get("/health/live").statusCode()).isEqualTo(503);
        assertThat(AdminHttp.value(http.get("/metrics").body(), "inventory_processor_ready"))
                .contains(0.0);
    }
}
