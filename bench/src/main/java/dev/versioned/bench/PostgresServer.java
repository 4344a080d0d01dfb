package dev.versioned.bench;

import dev.versioned.stack.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for the baseline (part e): {@code initdb} into a fresh temporary
 * directory, {@code pg_ctl start} on a free port with the socket in that directory, and at the end
 * {@code pg_ctl stop} and the directory deleted (also from a shutdown hook). PostgreSQL refuses to run as
 * root: when this JVM is root, the commands run as the {@code postgres} user via {@code runuser}, in a
 * directory that user owns. Needs Debian's {@code postgresql} package (binaries under /usr/lib/postgresql).
 *
 * <p>Settings are the packaged defaults (fsync on, synchronous_commit on) apart from max_connections (100:
 * the baseline searches up to 64 writer connections, plus the hot-row writers and a margin) and
 * shared_buffers; a connection may lower synchronous_commit for itself.
 */
final class PostgresServer implements AutoCloseable {

    private final Path bin;
    private final Path root;
    private final int port;
    private final boolean asRoot;
    private final Thread hook;
    private boolean stopped;

    private PostgresServer(Path bin, Path root, int port, boolean asRoot) {
        this.bin = bin;
        this.root = root;
        this.port = port;
        this.asRoot = asRoot;
        this.hook = new Thread(this::stopQuietly, "stop-postgres");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    static PostgresServer start() throws IOException, InterruptedException {
        Path bin = findBin();
        boolean asRoot = "0".equals(exec(List.of("id", "-u"), null).trim());
        Path root = Files.createTempDirectory("versioned-bench-pg-");
        int port = FreePorts.port();
        PostgresServer server = new PostgresServer(bin, root, port, asRoot);
        try {
            if (asRoot) {
                exec(List.of("chown", "-R", "postgres:postgres", root.toString()), null);
            }
            server.pg(List.of(
                    bin.resolve("initdb").toString(),
                    "-D",
                    root.resolve("data").toString(),
                    "-U",
                    "bench",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--no-sync"));
            server.pg(List.of(
                    bin.resolve("pg_ctl").toString(),
                    "-D",
                    root.resolve("data").toString(),
                    "-l",
                    root.resolve("postgres.log").toString(),
                    "-w",
                    "-t",
                    "60",
                    "-o",
                    "-p " + port + " -k " + root + " -c listen_addresses=127.0.0.1 -c max_connections=100"
                            + " -c shared_buffers=256MB",
                    "start"));
            return server;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=bench";
    }

    /** The postmaster's pid, from its pid file (-1 if unknown). */
    long pid() {
        try {
            return Long.parseLong(Files.readAllLines(root.resolve("data/postmaster.pid"))
                    .get(0)
                    .trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    String version() {
        try {
            return exec(List.of(bin.resolve("postgres").toString(), "--version"), null)
                    .trim();
        } catch (IOException | RuntimeException | InterruptedException e) {
            return "unknown";
        }
    }

    private static Path findBin() throws IOException {
        Path base = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(base)) {
            throw new IOException(
                    "PostgreSQL is not installed (no /usr/lib/postgresql): apt-get install -y postgresql");
        }
        try (Stream<Path> versions = Files.list(base)) {
            return versions.filter(p -> Files.isExecutable(p.resolve("bin/pg_ctl")))
                    .max(Comparator.comparing(p -> p.getFileName().toString()))
                    .map(p -> p.resolve("bin"))
                    .orElseThrow(() -> new IOException("no pg_ctl under /usr/lib/postgresql/*/bin"));
        }
    }

    private String pg(List<String> command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (asRoot) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(command);
        return exec(cmd, root);
    }

    private static String exec(List<String> cmd, Path dir) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + cmd);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + text);
        }
        return text;
    }

    private void stopQuietly() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
        }
        long pid = pid();
        try {
            if (Files.exists(root.resolve("data/postmaster.pid"))) {
                pg(List.of(
                        bin.resolve("pg_ctl").toString(),
                        "-D",
                        root.resolve("data").toString(),
                        "-m",
                        "fast",
                        "-w",
                        "-t",
                        "60",
                        "stop"));
            }
        } catch (IOException | InterruptedException e) {
            System.err.println("pg_ctl stop failed (" + e.getMessage() + "); stopping postmaster pid " + pid);
            if (pid > 0) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
            }
        }
        TempDirs.delete(root);
    }

    @Override
    public void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down already
        }
    }
}
