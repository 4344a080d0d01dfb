package dev.versioned.bench;

import dev.versioned.schemas.TopicNames;
import dev.versioned.stack.ChildJvm;
import dev.versioned.stack.FreePorts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One processor + gateway child JVM ({@link BenchStackMain}) for the HTTP parts of the bench, stopped by
 * its own process handle. JFR can be switched on with the {@code BENCH_JFR_DIR} environment variable.
 */
final class BenchStack implements AutoCloseable {

    private final ChildJvm jvm;
    private final String baseUrl;
    private final String prefix;

    private BenchStack(ChildJvm jvm, String baseUrl, String prefix) {
        this.jvm = jvm;
        this.baseUrl = baseUrl;
        this.prefix = prefix;
    }

    static BenchStack start(
            String name,
            String bootstrap,
            int commitMs,
            boolean unconditional,
            Path stateDir,
            Path logDir,
            Path gatewayYml)
            throws IOException, InterruptedException {
        return start(name, bootstrap, commitMs, unconditional, stateDir, logDir, gatewayYml, List.of());
    }

    /**
     * @param kafka extra Kafka Streams properties of the stack's processor ({@code key=value}), after those of
     *     the environment variable {@code BENCH_STACK_KAFKA} (space-separated {@code key=value}), to test a
     *     processor setting without changing the product
     */
    static BenchStack start(
            String name,
            String bootstrap,
            int commitMs,
            boolean unconditional,
            Path stateDir,
            Path logDir,
            Path gatewayYml,
            List<String> kafka)
            throws IOException, InterruptedException {
        int http = FreePorts.port();
        int admin = FreePorts.port();
        List<String> opts = new ArrayList<>(List.of("-Xms1g", "-Xmx2g", "-XX:+UseG1GC"));
        String jfrDir = System.getenv("BENCH_JFR_DIR");
        if (jfrDir != null && !jfrDir.isBlank()) {
            opts.add("-XX:StartFlightRecording=filename="
                    + Path.of(jfrDir).toAbsolutePath().resolve(name + ".jfr") + ",settings=profile,dumponexit=true");
        }
        // BENCH_STACK_JAVA_OPTS: extra JVM options for the stack (diagnostics, GC or JIT experiments).
        String extra = System.getenv("BENCH_STACK_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) {
            opts.addAll(List.of(extra.trim().split("\\s+")));
        }
        // BENCH_ASYNC_PROFILER=/path/to/libasyncProfiler.so (async-profiler from Maven Central's
        // tools.profiler:async-profiler jar): CPU profile, native frames included, as collapsed stacks.
        String profiler = System.getenv("BENCH_ASYNC_PROFILER");
        if (profiler != null && !profiler.isBlank()) {
            Path dir = Path.of(jfrDir != null && !jfrDir.isBlank() ? jfrDir : System.getProperty("java.io.tmpdir"));
            // One file per 15 s (loop), so that warm-up and measurement can be told apart.
            opts.add("-agentpath:" + profiler + "=start,event=cpu,interval=1ms,threads,loop=15s,collapsed,file="
                    + dir.toAbsolutePath().resolve(name + "-%t.collapsed"));
        }
        List<String> args = new ArrayList<>(List.of(
                bootstrap,
                String.valueOf(http),
                String.valueOf(admin),
                String.valueOf(commitMs),
                String.valueOf(unconditional),
                stateDir.toString(),
                name + ".",
                gatewayYml.toAbsolutePath().toString()));
        String env = System.getenv("BENCH_STACK_KAFKA");
        if (env != null && !env.isBlank()) {
            args.addAll(List.of(env.trim().split("\\s+")));
        }
        args.addAll(kafka);
        ChildJvm jvm = new ChildJvm(name, opts, BenchStackMain.class.getName(), args, Map.of(), logDir);
        jvm.startAndAwaitLine("BENCH STACK READY", Duration.ofSeconds(150));
        return new BenchStack(jvm, "http://127.0.0.1:" + http, name + ".");
    }

    /** The stack's topics (its own prefix). */
    TopicNames topics() {
        return BenchStackMain.topics(prefix);
    }

    /** The reply topic of the stack's gateway. */
    String gatewayReplyTopic() {
        return BenchStackMain.gatewayReplyTopic(prefix);
    }

    long pid() {
        return jvm.pid();
    }

    String baseUrl() {
        return baseUrl;
    }

    @Override
    public void close() throws InterruptedException {
        jvm.stop();
    }
}
