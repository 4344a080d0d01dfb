package dev.versioned.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short nemesis, part of {@code mvn verify}: {@code ./faults/cluster up}, two faults under load from the shipped
 * clients (a processor killed -9 and started again, a gateway cut off from the brokers while its callers still reach
 * it), the checker, {@code down}: 7.8 minutes on the 2-core machine at a load average near 30. It needs root and {@code ip netns}; without them, or
 * with a cluster already up on the machine, it is skipped with the reason. {@code down} runs after it whatever
 * happened: it ends exactly the processes {@code up} started, by their pids, and removes the namespaces and the bridge.
 */
class ClusterNemesisTest {

    private static final Pattern OTHER_GATEWAY =
            Pattern.compile("resends through the other gateway: (\\d+), (\\d+) answered, (\\d+) replays");

    @TempDir
    Path dir;

    private ClusterPlan plan;
    private ClusterCommand cluster;

    @BeforeEach
    void requireNamespaces() throws IOException {
        Optional<String> missing = Cluster.missingSupport();
        assumeTrue(missing.isEmpty(), () -> "the nemesis needs network namespaces: " + missing.orElseThrow());
        assumeTrue(
                !Files.exists(Path.of("/sys/class/net", ClusterPlan.BRIDGE)),
                "a cluster is already up on this machine (" + ClusterPlan.BRIDGE + " exists)");
        cluster = new ClusterCommand(dir);
        plan = ClusterPlan.fromCompose(ProcessStack.ROOT, cluster.clusterDir());
    }

    @AfterEach
    void down() throws Exception {
        if (plan == null) {
            return;
        }
        cluster.downLeavingNothing(plan);
    }

    @Test
    @DisplayName(
            "given the cluster under load, when a processor is killed -9 and a gateway is cut off from the brokers, then nothing is lost or applied twice and the gateway's callers got their answers through the other gateway")
    void killedProcessorAndIsolatedGatewayLoseNothing() throws Exception {
        // given
        ClusterCommand.Result up = cluster.run(Duration.ofMinutes(6), "up");
        assertThat(up.exit()).as(up.output()).isZero();

        // when
        Path report = dir.resolve("report");
        ClusterCommand.Result nemesis = cluster.run(
                Duration.ofMinutes(10), // a deadline, far above its few minutes
                "nemesis",
                "--seed",
                "1",
                "--faults",
                "kill-processor,isolate-gateway",
                "--out",
                report.toString());

        // then
        assertThat(nemesis.exit()).as(nemesis.output()).isZero();
        assertThat(nemesis.output()).contains("nemesis passed", "kill -9 processor-", "isolate gateway-");
        Matcher otherGateway = OTHER_GATEWAY.matcher(nemesis.output());
        assertThat(otherGateway.find()).as(nemesis.output()).isTrue();
        assertThat(Long.parseLong(otherGateway.group(2)))
                .as("resends through the other gateway that got a definite answer")
                .isPositive();
        assertThat(Files.readString(report.resolve("report.md"), StandardCharsets.UTF_8))
                .contains("**PASSED**", "0 violations");
    }
}
