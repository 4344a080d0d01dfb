package dev.versioned.bench;

import java.util.List;

/** Markdown of part d (a): one writer's conditional cycle on a hot product, split into its parts. */
final class HotRowReport {

    private HotRowReport() {}

    static void splits(List<HotRowCycle.Split> splits, StringBuilder md) {
        if (splits.isEmpty()) {
            return;
        }
        md.append("\n### One hot product, one conditional writer: where a cycle goes (d), ms, median / p90\n\n");
        md.append(
                "send: Kafka, send() to the producer's ack; HTTP, POST to the gateway's request record (its CreateTime). "
                        + "decide: to the reply's append (LogAppendTime). commit: to the reply partition's last stable offset passing it. "
                        + "reply: to the answer at the writer. view: answer to a read showing the new version (second half of the run).\n\n");
        md.append(
                "| path | cycles | applied/s | applied/s with the view read | total | send | decide | commit | reply | view | conflicts | errors |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (HotRowCycle.Split s : splits) {
            md.append(String.format(
                    "| %s | %d | %.1f | %.1f |",
                    s.path(), s.cycles(), s.appliedPerSecond(), s.appliedWithViewPerSecond()));
            for (String part : List.of("total", "send", "decide", "commit", "reply", "view")) {
                double[] v = s.partsMs().getOrDefault(part, new double[] {Double.NaN, Double.NaN});
                md.append(String.format(" %.1f / %.1f |", v[0], v[1]));
            }
            md.append(' ')
                    .append(s.conflicts())
                    .append(" | ")
                    .append(s.errors())
                    .append(" |\n");
        }
    }
}
