package dev.versioned.bench;

import java.util.List;

/** Markdown of part c's capacity search: every run, every probe, the capacity found. */
final class HttpReport {

    private HttpReport() {}

    private static String cpu(LatencyResult l) {
        StringBuilder s = new StringBuilder();
        l.cpuUsPerRequest()
                .forEach((k, v) -> s.append(s.length() == 0 ? "" : ", ")
                        .append(k)
                        .append(' ')
                        .append(Math.round(v)));
        return s.toString();
    }

    static void capacity(List<HttpCapacity> capacities, StringBuilder md) {
        for (HttpCapacity c : capacities) {
            HttpCapacity.Plan p = c.plan();
            md.append("\n### HTTP sustainable capacity (c), commit ")
                    .append(c.commitMs())
                    .append(" ms\n\n");
            md.append(String.format(
                    "Highest rate with median p99 under %d ms and every request answered 200: **%s** (bisection of %,d..%,d req/s, %d probes; "
                            + "up to %d runs of %d s per rate). p99 at %,d req/s (median of its runs): %.1f ms.%n%n",
                    p.p99LimitMs(),
                    c.capacity() < p.low() ? "below " + p.low() + " req/s" : String.format("%,d req/s", c.capacity()),
                    p.low(),
                    p.high(),
                    p.steps(),
                    p.runs(),
                    p.measureS(),
                    p.referenceRate(),
                    c.reference().p99()));
            for (HttpCapacity.Probe probe : c.probes()) {
                md.append("- ").append(probe).append('\n');
            }
            md.append(
                    "\n| rate/s | sent | answered/s (first send to last answer) | unanswered | errors | p50 | p99 | p99.9 | stopped early after s | CPU µs/request |\n");
            md.append("|---|---|---|---|---|---|---|---|---|---|\n");
            for (LatencyResult l : c.runs()) {
                md.append(String.format(
                        "| %,d | %,d | %,.0f | %,d | %,d | %.1f | %.1f | %.1f | %s | %s |%n",
                        l.targetRate(),
                        l.sent(),
                        l.answeredPerSecond(),
                        l.unanswered(),
                        l.errors(),
                        l.p50(),
                        l.p99(),
                        l.p999(),
                        l.stoppedAfterSeconds() > 0 ? String.format("%.0f", l.stoppedAfterSeconds()) : "-",
                        cpu(l)));
            }
        }
    }
}
