package dev.versioned.stack;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the local stack keeps its data and which ports it uses. From the environment:
 * {@code STACK_DATA_DIR} (default {@code ./data/local-stack}), {@code STACK_KAFKA_PORT} (9092; the
 * controller takes the next port), {@code STACK_HTTP_PORT} (8081), {@code STACK_ADMIN_PORT} (8082, the gateway's admin), {@code STACK_PROCESSOR_ADMIN_PORT}
 * (8070: the processor's health and metrics),
 * {@code STACK_GATEWAY_CONFIG} (default {@code gateway/config/gateway.yml}), {@code STACK_COMMIT_INTERVAL_MS}
 * (the processor's {@code commit.interval.ms}, default 50: under exactly-once, the floor of reply latency).
 */
public record StackSettings(
        Path dataDir,
        int kafkaPort,
        int httpPort,
        int adminPort,
        int processorAdminPort,
        Path gatewayConfig,
        int commitIntervalMs) {

    public static final int DEFAULT_COMMIT_INTERVAL_MS = 50;

    /** A stack on free ports (tests, benchmarks): broker p and p + 1, HTTP, the gateway's and the processor's admin. */
    public static StackSettings onFreePorts(Path dataDir, Path gatewayConfig) {
        return new StackSettings(
                dataDir,
                FreePorts.consecutivePair(),
                FreePorts.port(),
                FreePorts.port(),
                FreePorts.port(),
                gatewayConfig,
                DEFAULT_COMMIT_INTERVAL_MS);
    }

    public StackSettings withCommitIntervalMs(int millis) {
        return new StackSettings(dataDir, kafkaPort, httpPort, adminPort, processorAdminPort, gatewayConfig, millis);
    }

    /** Where the components' logs go when the stack runs from {@code ./run-stack}. */
    public Path logFile() {
        return dataDir.resolve("stack.log");
    }

    public static StackSettings fromEnvironment(Map<String, String> env) {
        return new StackSettings(
                Path.of(env.getOrDefault("STACK_DATA_DIR", "data/local-stack")),
                port(env, "STACK_KAFKA_PORT", 9092),
                port(env, "STACK_HTTP_PORT", 8081),
                port(env, "STACK_ADMIN_PORT", 8082),
                port(env, "STACK_PROCESSOR_ADMIN_PORT", 8070),
                Path.of(env.getOrDefault("STACK_GATEWAY_CONFIG", "gateway/config/gateway.yml")),
                port(env, "STACK_COMMIT_INTERVAL_MS", DEFAULT_COMMIT_INTERVAL_MS));
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port > 0 && port < 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a port number, was '" + value + "'");
    }
}
