package dev.versioned.stack;

import dev.versioned.gateway.GatewayApplication;
import dev.versioned.gateway.config.GatewayConfiguration;
import io.dropwizard.core.setup.Environment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.Server;

/**
 * Starts the gateway inside this JVM (local stack, benchmarks) and hands back its Jetty server, so the
 * caller can stop it in its own order. Overrides are Dropwizard's {@code dw.<path>} system properties:
 * they are JVM-wide, so one JVM runs one gateway at a time this way.
 */
public final class GatewayLauncher {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private GatewayLauncher() {}

    /** Runs {@code server <config>} with these overrides (keys without the {@code dw.} prefix) and waits until it serves. */
    public static Server start(Path config, Map<String, String> overrides) throws Exception {
        overrides.forEach((key, value) -> System.setProperty("dw." + key, value));
        AtomicReference<Server> jetty = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        new GatewayApplication() {
            @Override
            public void run(GatewayConfiguration configuration, Environment environment) {
                super.run(configuration, environment);
                environment.lifecycle().addServerLifecycleListener(server -> {
                    jetty.set(server);
                    started.countDown();
                });
            }
        }.run("server", config.toString());
        if (!started.await(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("the gateway did not start within " + START_TIMEOUT.toSeconds() + " s");
        }
        return jetty.get();
    }
}
