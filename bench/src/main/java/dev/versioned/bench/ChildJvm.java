package dev.versioned.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A main class of this project run as its own JVM, with the bench's classpath and a log file. Stopped
 * through its own process handle only (SIGTERM, then SIGKILL after a grace period), never by name.
 * The same idea as the fault tests' launcher; the bench keeps its own copy because that one is test code.
 */
final class ChildJvm implements AutoCloseable {

    private final String name;
    private final Path log;
    private final Process process;

    private ChildJvm(String name, Path log, Process process) {
        this.name = name;
        this.log = log;
        this.process = process;
    }

    /** Starts {@code mainClass args} with the given JVM options; output goes to {@code logDir/name.log}. */
    static ChildJvm start(String name, List<String> jvmOptions, String mainClass, List<String> args, Path logDir)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        Path log = logDir.resolve(name + ".log");
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        ChildJvm child = new ChildJvm(name, log, process);
        // If the bench is stopped (Ctrl-C), stop this child by its own handle.
        Runtime.getRuntime().addShutdownHook(new Thread(child::stopQuietly, "stop-" + name));
        return child;
    }

    /** Waits until the log holds a line containing {@code marker}; fails with the log's tail if the child dies. */
    String awaitLine(String marker, long timeoutSeconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                for (String line : Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1)) {
                    if (line.contains(marker)) {
                        return line;
                    }
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail(40));
            }
            Thread.sleep(100); // start-up poll
        }
        throw new IllegalStateException(name + " did not print '" + marker + "' within " + timeoutSeconds + " s:\n" + tail(40));
    }

    long pid() {
        return process.pid();
    }

    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM to this process only, SIGKILL if it has not exited within 60 s. */
    void stop() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                System.err.println(name + " (pid " + process.pid() + ") did not stop in 60 s: killing it");
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
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
