package dev.versioned.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("ChildJvm: a main class as its own process, controlled by its own handle")
class ChildJvmTest {

    private static final List<String> SMALL = List.of("-Xmx64m", "-XX:+UseSerialGC");

    /** Prints its environment's GREETING as a ready line, then waits to be stopped. */
    public static final class Sleeper {
        public static void main(String[] args) throws InterruptedException {
            System.out.println("SLEEPER READY " + System.getenv("GREETING") + " " + String.join(",", args));
            Thread.sleep(Duration.ofMinutes(5).toMillis());
        }
    }

    /** Prints a line and exits with status 3. */
    public static final class Quitter {
        public static void main(String[] args) {
            System.out.println("giving up early");
            System.exit(3);
        }
    }

    @Test
    @DisplayName("start runs the main class with its arguments and environment; stop ends that process")
    void startsAndStops(@TempDir Path dir) throws Exception {
        try (ChildJvm child = new ChildJvm(
                "sleeper", SMALL, Sleeper.class.getName(), List.of("a", "b"), Map.of("GREETING", "hello"), dir)) {
            child.start();

            String line = child.awaitLine("SLEEPER READY", Duration.ofSeconds(60));

            assertThat(line).contains("SLEEPER READY hello a,b");
            assertThat(child.isAlive()).isTrue();
            assertThat(ProcessHandle.of(child.pid())).isPresent();
            child.stop();
            assertThat(child.isAlive()).isFalse();
        }
    }

    @Test
    @DisplayName("a killed child starts again under a new pid and appends to the same log")
    void restartsAfterKill(@TempDir Path dir) throws Exception {
        try (ChildJvm child = new ChildJvm("sleeper", SMALL, Sleeper.class.getName(), List.of(), Map.of(), dir)) {
            child.start().awaitLine("SLEEPER READY", Duration.ofSeconds(60));
            long first = child.pid();

            child.kill();
            assertThat(child.isAlive()).isFalse();
            child.start();

            await().atMost(Duration.ofSeconds(60)).until(() -> child.count("SLEEPER READY") == 2);
            assertThat(child.pid()).isNotEqualTo(first);
            assertThat(child.isAlive()).isTrue();
        }
    }

    @Test
    @DisplayName("a start whose ready line never comes stops the process before failing")
    void failedStartLeavesNothingRunning(@TempDir Path dir) throws Exception {
        try (ChildJvm child = new ChildJvm("sleeper", SMALL, Sleeper.class.getName(), List.of(), Map.of(), dir)) {
            assertThatThrownBy(() -> child.startAndAwaitLine("NEVER PRINTED", Duration.ofSeconds(3)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("did not print 'NEVER PRINTED'");

            assertThat(child.isAlive()).isFalse();
        }
    }

    @Test
    @DisplayName("waiting for a line fails at once, with the log's tail, when the child exits first")
    void awaitLineReportsAnExit(@TempDir Path dir) throws Exception {
        try (ChildJvm child = new ChildJvm("quitter", SMALL, Quitter.class.getName(), List.of(), Map.of(), dir)) {
            child.start();

            assertThatThrownBy(() -> child.awaitLine("NEVER PRINTED", Duration.ofSeconds(60)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("quitter exited with 3")
                    .hasMessageContaining("giving up early");
        }
    }
}
