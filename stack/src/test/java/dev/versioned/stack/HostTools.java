package dev.versioned.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The machine's own tools that tests run (prometheus, promtool, docker-compose): found on the PATH, or a clear failure. */
final class HostTools {

    private HostTools() {}

    /** Fails, saying how to install it, when {@code tool} is not an executable on the PATH. */
    static void require(String tool, String howToInstall) {
        boolean found = Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
        assertThat(found)
                .as(tool + " is not on the PATH: " + howToInstall + "; .ci/run installs it")
                .isTrue();
    }

    /** Runs a command to its end (at most 60 s), requires exit status 0, and returns what it printed. */
    static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("%s finished", List.of(command))
                .isTrue();
        assertThat(process.exitValue())
                .as(String.join(" ", command) + "\n" + output)
                .isZero();
        return output;
    }
}
