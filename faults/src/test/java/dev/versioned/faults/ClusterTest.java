package dev.versioned.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./faults/cluster up} and {@code down} for real: 7 hosts in network namespaces, a write through one
 * gateway read through the other, and nothing left afterwards. It needs root and {@code ip netns}, and takes
 * about 2.5 minutes on 2 cores (7 JVMs start), so it runs only with {@code -Dfaults.cluster=true}; otherwise,
 * or without root, it is skipped with the reason.
 */
class ClusterTest {

    @TempDir
    Path dir;

    private ClusterPlan plan;

    @BeforeEach
    void requireNamespaces() throws IOException {
        assumeTrue(
                Boolean.getBoolean("faults.cluster"),
                "the cluster test runs with -Dfaults.cluster=true (about 2.5 minutes: 7 JVMs in namespaces)");
        Optional<String> missing = Cluster.missingSupport();
        assumeTrue(missing.isEmpty(), () -> "cluster: " + missing.orElseThrow());
        assumeTrue(
                !Files.exists(Path.of("/sys/class/net", ClusterPlan.BRIDGE)),
                "a cluster is already up on this machine (" + ClusterPlan.BRIDGE + " exists)");
        plan = ClusterPlan.fromCompose(ProcessStack.ROOT, dir.resolve("cluster"));
    }

    @AfterEach
    void down() throws Exception {
        if (plan != null) {
            run("down", Duration.ofMinutes(5)); // also after a failure: ends what up started
        }
    }

    @Test
    @DisplayName(
            "given root, when the cluster comes up, then a write through gateway-1 is read through gateway-2, and down leaves no process, namespace or bridge")
    void upServesAndDownLeavesNothing() throws Exception {
        // when
        ClusterCommand.Result up = run("up", Duration.ofMinutes(8));
        assertThat(up.exit()).as(up.output()).isZero();
        assertThat(up.output())
                .contains("http://" + plan.of(ClusterPlan.Role.GATEWAY).get(0).address() + ":8081");

        // then
        HttpClient http = HttpClient.newHttpClient();
        String first = "http://" + plan.of(ClusterPlan.Role.GATEWAY).get(0).address() + ":8081";
        String second = "http://" + plan.of(ClusterPlan.Role.GATEWAY).get(1).address() + ":8081";
        HttpResponse<String> write = http.send(
                HttpRequest.newBuilder(URI.create(first + "/v1/inventory/updates"))
                        .header("X-API-Key", "demo")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"storeId\":\"store-1\",\"productId\":\"SKU-CLUSTER\",\"quantity\":7,\"version\":0,"
                                        + "\"idempotencyKey\":\"cluster-test-1\"}"))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(write.statusCode()).as(write.body()).isEqualTo(200);
        HttpResponse<String> read = http.send(
                HttpRequest.newBuilder(URI.create(second + "/v1/inventory/SKU-CLUSTER?minVersion=1"))
                        .header("X-API-Key", "demo")
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(read.body()).contains("\"quantity\":7", "\"version\":1");

        new ClusterCommand(dir).downLeavingNothing(plan);
    }

    private ClusterCommand.Result run(String command, Duration atMost) throws Exception {
        return new ClusterCommand(dir).run(atMost, command);
    }
}
