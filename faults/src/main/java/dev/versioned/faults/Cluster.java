package dev.versioned.faults;

import static org.awaitility.Awaitility.await;

import dev.versioned.schemas.TopicNames;
import dev.versioned.stack.StackTopics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * {@code ./faults/cluster up|down|status}: the compose cluster ({@link ClusterPlan}: 3 KRaft brokers, 2
 * processors, 2 gateways) as hosts of their own on this machine, each a Linux network namespace with its own
 * address on a private bridge, running the product's jars. {@code up} starts every process detached and waits
 * until it serves, then prints the gateways' URLs; a failure on the way ends what it started. {@code down} ends
 * exactly the processes it started, by the pids it wrote (a pid whose command line no longer names the
 * cluster's directory is not touched), then removes the namespaces, the bridge and the data. Needs root and
 * {@code ip netns} ({@link #missingSupport()} says what is missing).
 *
 * <p>This JVM resolves the service names through {@code -Djdk.net.hosts.file} (the script passes the cluster's
 * hosts file); every host resolves them through its namespace's {@code /etc/netns/<ns>/hosts}.
 */
public final class Cluster {

    private static final Duration READY = Duration.ofMinutes(4);
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);
    private static final Path ETC_NETNS = Path.of("/etc/netns");
    /** Written when up made /etc/netns, so that down removes it again (only then, and only if empty). */
    private static final String MADE_ETC_NETNS = "made-etc-netns";

    private final ClusterPlan plan;
    private final Path dir;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    Cluster(ClusterPlan plan, Path dir) {
        this.plan = plan;
        this.dir = dir.toAbsolutePath();
    }

    static final String USAGE = "usage: ./faults/cluster up|down|status|failover|nemesis [--seed N] [--minutes M]"
            + " [--faults kind,...] [--out DIR]";

    public static void main(String[] args) throws Exception {
        boolean nemesis = args.length >= 1 && args[0].equals("nemesis");
        if (args.length == 0
                || !List.of("up", "down", "status", "nemesis", "failover").contains(args[0])
                || args.length > 1 && !nemesis) {
            System.err.println(USAGE);
            System.exit(2);
        }
        Optional<String> missing = missingSupport();
        if (missing.isPresent()) {
            System.err.println("cluster: " + missing.get());
            System.exit(1);
        }
        Path dir = Path.of(System.getProperty("faults.cluster.dir", "data/cluster"))
                .toAbsolutePath();
        Cluster cluster = new Cluster(ClusterPlan.fromCompose(ProcessStack.ROOT, dir), dir);
        int status = switch (args[0]) {
            case "up" -> cluster.up() ? 0 : 1;
            case "down" -> cluster.down();
            case "nemesis" -> new ClusterNemesis(cluster, nemesisOptions(args)).run() ? 0 : 1;
            case "failover" -> cluster.failover();
            default -> cluster.status();
        };
        System.exit(status);
    }

    /**
     * The nemesis's options: {@code --seed N} (default a new one, printed), {@code --minutes M} (faults in rounds
     * until M minutes have passed; default one round), {@code --faults kind,...} (only these kinds; default all),
     * {@code --out DIR} (where report.md goes; default faults/reports/nemesis).
     */
    static ClusterNemesis.Options nemesisOptions(String[] args) {
        long seed = new java.util.Random().nextInt(Integer.MAX_VALUE);
        Optional<Duration> length = Optional.empty();
        List<ClusterNemesis.Kind> kinds = List.of(ClusterNemesis.Kind.values());
        Path out = Path.of("faults/reports/nemesis");
        for (int i = 1; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value; " + USAGE);
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--seed" -> seed = Long.parseLong(value);
                case "--minutes" ->
                    length = Optional.of(Duration.ofSeconds(Math.round(Double.parseDouble(value) * 60)));
                case "--faults" ->
                    kinds = java.util.Arrays.stream(value.split(","))
                            .map(ClusterNemesis.Kind::named)
                            .toList();
                case "--out" -> out = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; " + USAGE);
            }
        }
        return new ClusterNemesis.Options(seed, length, kinds, out);
    }

    /** Why namespaces cannot be made here (not root, no {@code ip netns}), or empty when they can. */
    static Optional<String> missingSupport() {
        try {
            Process id =
                    new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!id.waitFor(10, TimeUnit.SECONDS) || !uid.equals("0")) {
                return Optional.of("needs root to make network namespaces (running as uid " + uid + ")");
            }
            Process ip = new ProcessBuilder("ip", "netns", "list")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(ip.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!ip.waitFor(10, TimeUnit.SECONDS) || ip.exitValue() != 0) {
                return Optional.of("`ip netns` does not work here: " + out.trim());
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("`ip` (iproute2) is not installed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    /** Brings the cluster up; on any failure ends what it started and removes what it made. */
    boolean up() throws Exception {
        if (Files.exists(pidDir()) && anyRunning()) {
            System.err.println("cluster: already up (" + dir + "); ./faults/cluster down first");
            return false;
        }
        Thread hook = new Thread(this::downQuietly, "cluster-down");
        Runtime.getRuntime().addShutdownHook(hook); // Ctrl-C during up: end what was started
        try {
            network();
            for (ClusterPlan.Host broker : plan.of(ClusterPlan.Role.BROKER)) {
                start(broker);
            }
            awaitBrokers();
            try (Admin admin = admin()) {
                StackTopics.ensure(admin, TopicNames.DEFAULTS, (short) 3);
            }
            for (ClusterPlan.Host processor : plan.of(ClusterPlan.Role.PROCESSOR)) {
                start(processor);
            }
            for (ClusterPlan.Host processor : plan.of(ClusterPlan.Role.PROCESSOR)) {
                awaitAnswer(processor, processorHealth(processor));
            }
            for (ClusterPlan.Host gateway : plan.of(ClusterPlan.Role.GATEWAY)) {
                start(gateway);
            }
            for (ClusterPlan.Host gateway : plan.of(ClusterPlan.Role.GATEWAY)) {
                awaitAnswer(gateway, gatewayHealth(gateway));
            }
            Runtime.getRuntime().removeShutdownHook(hook);
            System.out.println("cluster up: " + plan.hosts().size() + " hosts on " + ClusterPlan.BRIDGE + " ("
                    + ClusterPlan.SUBNET_PREFIX + "0/" + ClusterPlan.PREFIX_LENGTH + "), logs in "
                    + dir.resolve("logs"));
            for (ClusterPlan.Host gateway : plan.of(ClusterPlan.Role.GATEWAY)) {
                System.out.println("  " + gateway.name() + ": " + gatewayUrl(gateway) + " (admin http://"
                        + gateway.address() + ":" + gatewayAdminPort(gateway) + "), X-API-Key: demo");
            }
            for (ClusterPlan.Host processor : plan.of(ClusterPlan.Role.PROCESSOR)) {
                System.out.println("  " + processor.name() + ": admin http://" + processor.address() + ":"
                        + processor.environment().get("INVENTORY_ADMIN_PORT"));
            }
            for (ClusterPlan.Host broker : plan.of(ClusterPlan.Role.BROKER)) {
                System.out.println("  " + broker.name() + ": " + broker.address() + ":9092");
            }
            return true;
        } catch (Throwable failure) {
            System.err.println("cluster: up failed: " + failure + "\n" + tails());
            Runtime.getRuntime().removeShutdownHook(hook);
            down();
            return false;
        }
    }

    /** Ends every process up started (gateways, processors, brokers), then removes namespaces, bridge and data. */
    int down() {
        int failures = 0;
        // Gateways, then processors, then brokers; each kind at once: the last broker of a quorum cannot
        // shut down cleanly alone.
        for (ClusterPlan.Role role :
                List.of(ClusterPlan.Role.GATEWAY, ClusterPlan.Role.PROCESSOR, ClusterPlan.Role.BROKER)) {
            Map<ClusterPlan.Host, ProcessHandle> running = new java.util.LinkedHashMap<>();
            for (ClusterPlan.Host host : plan.of(role)) {
                ours(host).ifPresent(p -> {
                    running.put(host, p);
                    p.destroy();
                });
            }
            for (var entry : running.entrySet()) {
                try {
                    stop(entry.getValue());
                    System.out.println("cluster: stopped " + entry.getKey().name() + " (pid "
                            + entry.getValue().pid() + ")");
                } catch (Exception e) {
                    System.err.println("cluster: stopping " + entry.getKey().name() + ": " + e);
                    failures++;
                }
            }
        }
        for (ClusterPlan.Host host : plan.hosts()) {
            if (namespaceExists(host)) {
                failures += ip("netns", "del", host.namespace()) ? 0 : 1;
            }
            Soak.deleteTree(ETC_NETNS.resolve(host.namespace()));
        }
        if (linkExists(ClusterPlan.BRIDGE)) {
            failures += ip("link", "del", ClusterPlan.BRIDGE) ? 0 : 1;
        }
        if (Files.exists(dir.resolve(MADE_ETC_NETNS))) {
            try (var left = Files.list(ETC_NETNS)) {
                if (left.findAny().isEmpty()) {
                    Files.delete(ETC_NETNS); // up made it; if anything else is in it now, it stays
                }
            } catch (IOException absent) {
                // nothing to remove
            }
        }
        Soak.deleteTree(dir);
        System.out.println(
                failures == 0 ? "cluster down: nothing left" : "cluster down with " + failures + " failures");
        return failures == 0 ? 0 : 1;
    }

    private void downQuietly() {
        down();
    }

    /**
     * kill -9 of processor-1, then one new request per partition at once ({@link PartitionProbe}): prints per
     * partition the time from the kill until its result is committed, then starts processor-1 again. Its probes
     * stay on the requests topic (nemesis wants a fresh cluster afterwards).
     */
    int failover() throws Exception {
        ClusterPlan.Host victim = plan.of(ClusterPlan.Role.PROCESSOR).get(0);
        ProcessHandle process =
                ours(victim).orElseThrow(() -> new IllegalStateException(victim.name() + " is not running: up first"));
        try (PartitionProbe probe = new PartitionProbe(plan.bootstrap(), StackTopics.PARTITIONS, "cluster")) {
            probe.awaitAllDecided(Duration.ofMinutes(2));
            process.destroyForcibly(); // kill -9, by its own pid
            process.onExit().get(30, TimeUnit.SECONDS);
            Map<Integer, Duration> decided = probe.round(Duration.ofMinutes(3));
            System.out.println("failover: kill -9 of " + victim.name() + "; per partition, kill to decided again (ms): "
                    + decided.entrySet().stream()
                            .map(e -> e.getKey() + ": " + PartitionProbe.millis(e.getValue()))
                            .collect(java.util.stream.Collectors.joining(", "))
                    + (decided.size() == StackTopics.PARTITIONS ? "" : " (the others not within 3 minutes)"));
        }
        start(victim);
        awaitAnswer(victim, processorHealth(victim));
        System.out.println("failover: " + victim.name() + " ready again");
        return 0;
    }

    /** Per host: namespace, process, and whether it answers; 0 when every host serves. */
    int status() {
        int down = 0;
        for (ClusterPlan.Host host : plan.hosts()) {
            Optional<ProcessHandle> process = ours(host);
            boolean answers = switch (host.role()) {
                case BROKER -> process.isPresent();
                case PROCESSOR -> answers(processorHealth(host));
                case GATEWAY -> answers(gatewayHealth(host));
            };
            System.out.printf(
                    "%-12s %-12s namespace %-4s %s%s%n",
                    host.name(),
                    host.address(),
                    namespaceExists(host) ? "yes" : "no",
                    process.map(p -> "pid " + p.pid()).orElse("not running"),
                    host.role() == ClusterPlan.Role.BROKER ? "" : (answers ? ", healthy" : ", not answering"));
            if (!answers) {
                down++;
            }
        }
        return down == 0 ? 0 : 1;
    }

    ClusterPlan plan() {
        return plan;
    }

    String gatewayUrl(ClusterPlan.Host gateway) {
        return "http://" + gateway.address() + ":" + gateway.environment().getOrDefault("GATEWAY_PORT", "8081");
    }

    /** The running process of a host, if up started it and it still runs the cluster's command. */
    Optional<ProcessHandle> ours(ClusterPlan.Host host) {
        Path pidFile = pidDir().resolve(host.name() + ".pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> commandLine(pid).contains(marker(host)));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Starts a host's process in its namespace, detached (its own session), and records its pid. */
    void start(ClusterPlan.Host host) throws IOException {
        List<String> command = new ArrayList<>(List.of("setsid", "ip", "netns", "exec", host.namespace()));
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(marker(host));
        command.addAll(host.jvmOptions());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), host.mainClass()));
        command.addAll(host.args());
        Files.createDirectories(dir.resolve("logs"));
        Files.createDirectories(pidDir());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("logs").resolve(host.name() + ".log").toFile()));
        builder.environment().putAll(host.environment());
        Process process = builder.start();
        Files.writeString(pidDir().resolve(host.name() + ".pid"), process.pid() + "\n");
    }

    /** A system property naming the host and the cluster's directory: how down knows a pid is still ours. */
    private String marker(ClusterPlan.Host host) {
        return "-Dfaults.cluster.host=" + host.name() + "@" + dir;
    }

    private void network() throws IOException {
        String machineHosts = Files.readString(Path.of("/etc/hosts"));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("hosts"), plan.hostsFile(machineHosts));
        if (!Files.exists(ETC_NETNS)) {
            Files.writeString(dir.resolve(MADE_ETC_NETNS), "");
        }
        require(ip("link", "add", ClusterPlan.BRIDGE, "type", "bridge"), "make the bridge " + ClusterPlan.BRIDGE);
        require(
                ip(
                        "addr",
                        "add",
                        ClusterPlan.BRIDGE_ADDRESS + "/" + ClusterPlan.PREFIX_LENGTH,
                        "dev",
                        ClusterPlan.BRIDGE),
                "address the bridge");
        require(ip("link", "set", ClusterPlan.BRIDGE, "up"), "bring the bridge up");
        for (ClusterPlan.Host host : plan.hosts()) {
            String ns = host.namespace();
            require(ip("netns", "add", ns), "make namespace " + ns);
            require(
                    ip("link", "add", host.hostLink(), "type", "veth", "peer", "name", "eth0", "netns", ns),
                    "make the veth pair of " + ns);
            require(ip("link", "set", host.hostLink(), "master", ClusterPlan.BRIDGE, "up"), "attach " + ns);
            require(
                    ip("-n", ns, "addr", "add", host.address() + "/" + ClusterPlan.PREFIX_LENGTH, "dev", "eth0"),
                    "address " + ns);
            require(ip("-n", ns, "link", "set", "eth0", "up"), "bring up eth0 of " + ns);
            require(ip("-n", ns, "link", "set", "lo", "up"), "bring up lo of " + ns);
            Files.createDirectories(ETC_NETNS.resolve(ns));
            Files.writeString(ETC_NETNS.resolve(ns).resolve("hosts"), plan.hostsFile(machineHosts));
        }
    }

    private static void require(boolean done, String what) {
        if (!done) {
            throw new IllegalStateException("could not " + what);
        }
    }

    private static boolean ip(String... args) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
            if (!ok) {
                System.err.println("cluster: " + String.join(" ", command) + ": " + out.trim());
            }
            return ok;
        } catch (IOException e) {
            System.err.println("cluster: " + String.join(" ", command) + ": " + e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean namespaceExists(ClusterPlan.Host host) {
        return Files.exists(Path.of("/var/run/netns", host.namespace()));
    }

    private static boolean linkExists(String link) {
        return Files.exists(Path.of("/sys/class/net", link));
    }

    private void awaitBrokers() {
        await("3 brokers registered")
                .atMost(READY)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> anyExited(ClusterPlan.Role.BROKER) || brokersRegistered());
        requireRunning(ClusterPlan.Role.BROKER);
    }

    private boolean brokersRegistered() {
        try (Admin admin = admin()) {
            return admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size()
                    == plan.of(ClusterPlan.Role.BROKER).size();
        } catch (Exception notYet) {
            return false;
        }
    }

    private boolean anyExited(ClusterPlan.Role role) {
        return plan.of(role).stream().anyMatch(h -> ours(h).isEmpty());
    }

    private void requireRunning(ClusterPlan.Role role) {
        for (ClusterPlan.Host host : plan.of(role)) {
            if (ours(host).isEmpty()) {
                throw new IllegalStateException(host.name() + " exited:\n" + tail(host, 30));
            }
        }
    }

    void awaitAnswer(ClusterPlan.Host host, URI health) {
        await(host.name() + " healthy")
                .atMost(READY)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> ours(host).isEmpty() || answers(health));
        if (ours(host).isEmpty()) {
            throw new IllegalStateException(host.name() + " exited:\n" + tail(host, 30));
        }
    }

    Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, plan.bootstrap());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        return Admin.create(props);
    }

    static URI processorHealth(ClusterPlan.Host processor) {
        return URI.create("http://" + processor.address() + ":"
                + processor.environment().get("INVENTORY_ADMIN_PORT") + "/health/ready");
    }

    private static String gatewayAdminPort(ClusterPlan.Host gateway) {
        return gateway.environment().getOrDefault("GATEWAY_ADMIN_PORT", "8082");
    }

    static URI gatewayHealth(ClusterPlan.Host gateway) {
        return URI.create("http://" + gateway.address() + ":" + gatewayAdminPort(gateway) + "/healthcheck");
    }

    boolean answers(URI uri) {
        return ProcessStack.answers(http, uri);
    }

    private boolean anyRunning() {
        return plan.hosts().stream().anyMatch(h -> ours(h).isPresent());
    }

    private Path pidDir() {
        return dir.resolve("pids");
    }

    private static String commandLine(long pid) {
        try {
            return Files.readString(Path.of("/proc", String.valueOf(pid), "cmdline"), StandardCharsets.ISO_8859_1)
                    .replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    /** SIGTERM, then SIGKILL after the grace period. */
    private static void stop(ProcessHandle process) throws Exception {
        process.destroy();
        try {
            process.onExit().get(STOP_GRACE.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            System.err.println(
                    "cluster: pid " + process.pid() + " did not stop in " + STOP_GRACE.toSeconds() + " s: killing it");
            process.destroyForcibly();
            process.onExit().get(30, TimeUnit.SECONDS);
        }
    }

    /** How many lines of the host's log contain {@code text}. */
    long logCount(ClusterPlan.Host host, String text) {
        try (var lines = Files.lines(dir.resolve("logs").resolve(host.name() + ".log"), StandardCharsets.ISO_8859_1)) {
            return lines.filter(l -> l.contains(text)).count();
        } catch (IOException e) {
            return 0;
        }
    }

    String tail(ClusterPlan.Host host, int lines) {
        try {
            List<String> all =
                    Files.readAllLines(dir.resolve("logs").resolve(host.name() + ".log"), StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private String tails() {
        StringBuilder out = new StringBuilder();
        for (ClusterPlan.Host host : plan.hosts()) {
            out.append("--- ")
                    .append(host.name())
                    .append('\n')
                    .append(tail(host, 10))
                    .append('\n');
        }
        return out.toString();
    }

    /** Every host's process, by name, for nemesis steps. */
    Map<String, ClusterPlan.Host> byName() {
        Map<String, ClusterPlan.Host> all = new java.util.LinkedHashMap<>();
        plan.hosts().forEach(h -> all.put(h.name(), h));
        return all;
    }
}
