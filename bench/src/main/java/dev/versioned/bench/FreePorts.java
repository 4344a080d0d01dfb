package dev.versioned.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Free local ports, found by binding port 0. A port could be taken between the check and its use: rare here. */
final class FreePorts {

    private FreePorts() {
    }

    static int port() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port p such that p + 1 is free too (the broker's controller listener). */
    static int consecutivePair() {
        for (int i = 0; i < 50; i++) {
            int p = port();
            if (p < 65534 && isFree(p + 1)) {
                return p;
            }
        }
        throw new IllegalStateException("no two consecutive free ports found");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
