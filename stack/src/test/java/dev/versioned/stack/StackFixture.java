package dev.versioned.stack;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;

/** A local stack for a test: free ports, a data directory of the test's choosing. */
final class StackFixture {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private StackFixture() {
    }

    static StackSettings settings(Path dataDir) throws IOException {
        int kafka = freePortPair();
        return new StackSettings(dataDir, kafka, freePort(), freePort(), ROOT.resolve("gateway/config/gateway.yml"));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A port whose successor is free too: the broker takes p, its controller p + 1. */
    private static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = freePort();
            if (port < 65534) {
                try (ServerSocket next = new ServerSocket(port + 1)) {
                    return port;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no two consecutive free ports found");
    }
}
