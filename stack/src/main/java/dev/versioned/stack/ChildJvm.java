package dev.versioned.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A main class of this project run as its own JVM, with the current classpath, its own environment and
 * a log file ({@code logDir/name.log}, appended across restarts). Used by the fault tests (which kill
 * and restart it) and by the bench (which starts it once and waits for a line).
 *
 * <p>It is stopped (SIGTERM, then SIGKILL after a grace period) or killed (SIGKILL) through its own
 * process handle only, never by name; a shutdown hook stops it if this JVM exits first.
 */
public final class ChildJvm implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(60);

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private Process process;
    private boolean hooked;

    /**
     * @param jvmOptions options before the classpath (heap, GC, system properties, agents)
     * @param environment variables added to this JVM's environment for the child
     */
    public ChildJvm(
            String name,
            List<String> jvmOptions,
            String mainClass,
            List<String> args,
            Map<String, String> environment,
            Path logDir) {
        this.name = name;
        this.environment = Map.copyOf(environment);
        this.log = logDir.resolve(name + ".log");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(args);
        this.command = List.copyOf(cmd);
    }

    /** Starts the process, or starts it again after it stopped or was killed. */
    public synchronized ChildJvm start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running as pid " + process.pid());
        }
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
        if (!hooked) {
            Runtime.getRuntime().addShutdownHook(new Thread(this::stopQuietly, "stop-" + name));
            hooked = true;
        }
        return this;
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The pid of the current (or last) process. */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return process.pid();
    }

    public String name() {
        return name;
    }

    /** kill -9: no shutdown hook runs in the child, nothing is committed or closed. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** SIGTERM, then SIGKILL if it has not exited within the grace period. */
    public synchronized void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                System.err.println(name + " (pid " + process.pid() + ") did not stop in " + STOP_GRACE.toSeconds()
                        + " s: killing it");
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Whether the log contains this text yet (start-up markers). */
    public boolean logContains(String text) throws IOException {
        return count(text) > 0;
    }

    /** How many log lines contain this text: a restarted process logs its markers again. */
    public long count(String text) throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            return lines.filter(line -> line.contains(text)).count();
        }
    }

    /**
     * Waits until a log line contains {@code marker} and returns it; fails with the log's tail if the
     * process exits first or the timeout passes.
     */
    public String awaitLine(String marker, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
                    var line = lines.filter(l -> l.contains(marker)).findFirst();
                    if (line.isPresent()) {
                        return line.get();
                    }
                }
            }
            if (!isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail(40));
            }
            Thread.sleep(100); // start-up poll, bounded by the deadline
        }
        throw new IllegalStateException(
                name + " did not print '" + marker + "' within " + timeout.toSeconds() + " s:\n" + tail(40));
    }

    /**
     * Starts the process and waits for its ready line, as {@link #awaitLine}; if it does not come, the
     * process is stopped before the failure is thrown, so that a failed start leaves nothing running.
     */
    public String startAndAwaitLine(String marker, Duration timeout) throws IOException, InterruptedException {
        start();
        try {
            return awaitLine(marker, timeout);
        } catch (IOException | RuntimeException | InterruptedException e) {
            stop();
            throw e;
        }
    }

    /** The last lines of the log, for failure messages. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
