package dev.versioned.bench;

import dev.versioned.stack.BrokerMain;
import dev.versioned.stack.ChildJvm;
import dev.versioned.stack.FreePorts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The bench's Kafka broker: the stack's {@code BrokerMain} (single-node KRaft) as its own JVM, so that
 * its CPU and heap are apart from the load generator, as on a real deployment (but on the same 2 cores).
 */
final class BrokerProcess implements AutoCloseable {

    private static final String READY = "BROKER READY";

    private final ChildJvm jvm;
    private final String bootstrap;

    private BrokerProcess(ChildJvm jvm, String bootstrap) {
        this.jvm = jvm;
        this.bootstrap = bootstrap;
    }

    static BrokerProcess start(Path dataDir, Path logDir) throws IOException, InterruptedException {
        int port = FreePorts.consecutivePair();
        ChildJvm jvm = new ChildJvm(
                "broker",
                List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC"),
                BrokerMain.class.getName(),
                List.of(dataDir.toString(), String.valueOf(port)),
                Map.of(),
                logDir);
        String line = jvm.startAndAwaitLine(READY, Duration.ofSeconds(90));
        return new BrokerProcess(
                jvm, line.substring(line.indexOf(READY) + READY.length()).trim());
    }

    String bootstrap() {
        return bootstrap;
    }

    /** An admin client of this broker; the caller closes it. */
    Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    long pid() {
        return jvm.pid();
    }

    @Override
    public void close() throws InterruptedException {
        jvm.stop();
    }
}
