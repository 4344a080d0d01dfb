package dev.versioned.stack;

import java.nio.file.Path;

/** A local stack for a test: free ports, a data directory of the test's choosing. */
final class StackFixture {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private StackFixture() {}

    static StackSettings settings(Path dataDir) {
        return StackSettings.onFreePorts(dataDir, ROOT.resolve("gateway/config/gateway.yml"));
    }
}
