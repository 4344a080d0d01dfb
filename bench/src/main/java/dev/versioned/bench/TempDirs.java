package dev.versioned.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Temporary directories of one bench run (broker logs can reach gigabytes). Everything lives under one
 * root, deleted by {@link #close()} and, should the JVM be stopped early, by a shutdown hook.
 */
public final class TempDirs implements AutoCloseable {

    private final Path root;
    private final Thread hook;

    public TempDirs() throws IOException {
        this.root = Files.createTempDirectory("versioned-bench-");
        this.hook = new Thread(() -> delete(root), "bench-tempdir-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public Path root() {
        return root;
    }

    /** A new directory under the root. */
    public Path dir(String name) {
        try {
            return Files.createDirectories(root.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        delete(root);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs anyway
        }
    }

    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }
}
