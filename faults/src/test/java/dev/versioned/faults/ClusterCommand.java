package dev.versioned.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code Cluster <command>} as its own JVM, as {@code ./faults/cluster} does (it resolves the hosts' names by
 * the cluster's hosts file), with the cluster's data under {@code dir/cluster}; the tests of the cluster share it.
 */
final class ClusterCommand {

    record Result(int exit, String output) {}

    private final Path dir;

    ClusterCommand(Path dir) {
        this.dir = dir;
    }

    Path clusterDir() {
        return dir.resolve("cluster");
    }

    /**
     * Runs it until it exits; past {@code atMost} it is stopped (SIGTERM: its shutdown hooks heal a fault in progress
     * and take down what {@code up} started) and the run fails with its output.
     */
    Result run(Duration atMost, String... args) throws Exception {
        Path log = dir.resolve(args[0] + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Djdk.net.hosts.file=" + clusterDir().resolve("hosts"),
                "-Dfaults.cluster.dir=" + clusterDir(),
                "-cp",
                System.getProperty("java.class.path"),
                Cluster.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(atMost.toSeconds(), TimeUnit.SECONDS)) {
            process.destroy();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
            throw new AssertionError("cluster " + String.join(" ", args) + " did not finish in " + atMost.toSeconds()
                    + " s:\n" + Files.readString(log, StandardCharsets.ISO_8859_1));
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.ISO_8859_1));
    }

    /**
     * {@code down}, then checks that it left nothing: no process of the pids {@code up} wrote, no namespace of the
     * plan, no bridge, no data.
     */
    void downLeavingNothing(ClusterPlan plan) throws Exception {
        List<Long> pids = new ArrayList<>();
        for (ClusterPlan.Host host : plan.hosts()) {
            Path pid = clusterDir().resolve("pids").resolve(host.name() + ".pid");
            if (Files.exists(pid)) {
                pids.add(Long.parseLong(Files.readString(pid).trim()));
            }
        }
        Result down = run(Duration.ofMinutes(5), "down");
        assertThat(down.exit()).as(down.output()).isZero();
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
                    .as("pid %d", pid)
                    .isEmpty();
        }
        for (ClusterPlan.Host host : plan.hosts()) {
            assertThat(Path.of("/var/run/netns", host.namespace())).doesNotExist();
        }
        assertThat(Path.of("/sys/class/net", ClusterPlan.BRIDGE)).doesNotExist();
        assertThat(clusterDir()).doesNotExist();
    }
}
