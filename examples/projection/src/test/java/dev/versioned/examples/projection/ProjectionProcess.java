package dev.versioned.examples.projection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The projection's {@code main} in a JVM of its own, with this JVM's classpath, logging to a new file per start
 * ({@code projection-1.log}, {@code projection-2.log}, ...). It is killed or stopped through its own process
 * handle, by its pid, never by name.
 */
final class ProjectionProcess {

    private final List<String> command;
    private final Path logDir;
    private volatile Process process;
    private int starts;

    ProjectionProcess(List<String> args, Path logDir) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                // A short-lived JVM on a busy test machine: start fast, spend little CPU compiling.
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                ProjectionApp.class.getName()));
        cmd.addAll(args);
        this.command = List.copyOf(cmd);
        this.logDir = logDir;
        // Should this JVM end before close (a test run cut short), the projection it started does not outlive it.
        Runtime.getRuntime().addShutdownHook(new Thread(this::killQuietly, "projection-process-kill"));
    }

    /** Starts the projection, or starts it again once the last one has ended. */
    ProjectionProcess start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the projection is already running as pid " + process.pid());
        }
        starts++;
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log().toFile())
                .start();
        return this;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The current start's log. */
    Path log() {
        return log(starts);
    }

    private Path log(int start) {
        return logDir.resolve("projection-" + start + ".log");
    }

    /** Whether the current start's log has a line containing {@code text}. */
    boolean logged(String text) throws IOException {
        return Files.exists(log())
                && Files.readString(log(), StandardCharsets.ISO_8859_1).contains(text);
    }

    /** The last lines of the current start's log, for failure messages. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log(), StandardCharsets.ISO_8859_1);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Whether the log of any start so far has a line containing {@code text}. */
    boolean loggedInAnyStart(String text) throws IOException {
        for (int start = 1; start <= starts; start++) {
            Path log = log(start);
            if (Files.exists(log)
                    && Files.readString(log, StandardCharsets.ISO_8859_1).contains(text)) {
                return true;
            }
        }
        return false;
    }

    /** {@code kill -9} of this pid: nothing in the projection runs after it, no commit, no close. */
    void kill() throws InterruptedException {
        ProcessHandle.of(pid()).ifPresent(ProcessHandle::destroyForcibly);
        awaitExit();
    }

    /** SIGTERM (the projection closes and leaves its group), then SIGKILL if it has not ended in 30 s. */
    void stop() throws InterruptedException {
        if (isAlive()) {
            ProcessHandle.of(pid()).ifPresent(ProcessHandle::destroy);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    private void killQuietly() {
        if (isAlive()) {
            ProcessHandle.of(pid()).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private void awaitExit() throws InterruptedException {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("pid " + pid() + " still runs 30 s after SIGKILL");
        }
    }
}
