package dev.versioned.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * Ports free at the time of asking, for stacks started by tests and benchmarks next to other stacks.
 * (Another process could take one before it is bound; on a test machine that does not happen in practice.)
 */
public final class FreePorts {

    private FreePorts() {}

    public static int port() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    /** A free port whose successor is free too: a local broker takes p, its controller p + 1. */
    public static int consecutivePair() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = port();
            try (ServerSocket next = new ServerSocket(port + 1)) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no two consecutive free ports found");
    }
}
