package dev.versioned.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live heap of a JVM: {@code jcmd <pid> GC.run} (a full collection), then {@code jcmd <pid> GC.heap_info},
 * adding up what each generation uses. The same for every child JVM, the broker included, which has no
 * metrics endpoint. It costs each JVM one full collection per measurement, so the soak measures it once a
 * minute, not every sample.
 */
final class HeapAfterGc {

    /** {@code def new generation   total 157248K, used 2796K [...]}, also {@code garbage-first heap}. */
    private static final Pattern USED =
            Pattern.compile("^\\s*(\\S.*?)\\s+total \\d+K, used (\\d+)K", Pattern.MULTILINE);

    private static final Path JCMD = Path.of(System.getProperty("java.home"), "bin", "jcmd");

    private HeapAfterGc() {}

    /** Bytes in use after a full collection; empty if the JVM did not answer (it may be restarting). */
    static OptionalLong of(long pid) {
        try {
            if (run(pid, "GC.run") == null) {
                return OptionalLong.empty();
            }
            String info = run(pid, "GC.heap_info");
            if (info == null) {
                return OptionalLong.empty();
            }
            long used = 0;
            boolean found = false;
            Matcher m = USED.matcher(info);
            while (m.find()) {
                if (!m.group(1).contains("space")) {
                    used += Long.parseLong(m.group(2)) * 1024;
                    found = true;
                }
            }
            return found ? OptionalLong.of(used) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    private static String run(long pid, String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(JCMD.toString(), String.valueOf(pid), command)
                .redirectErrorStream(true)
                .start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(30, TimeUnit.SECONDS)) {
            jcmd.destroyForcibly();
            return null;
        }
        return jcmd.exitValue() == 0 ? out : null;
    }
}
