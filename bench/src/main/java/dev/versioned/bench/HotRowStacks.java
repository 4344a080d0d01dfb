package dev.versioned.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code BENCH_PARTS=hotrow}: part d alone, on its own commit-interval stack with a short warm-up, to iterate on
 * the hot row. With {@code BENCH_HOTROW_VARIANTS} ({@code ;}-separated variants, each space-separated Kafka
 * Streams {@code key=value} overrides of the processor, e.g. {@code "poll.ms=5;producer.retry.backoff.ms=5"}),
 * one more stack per variant runs beside it and the cycle split is measured on every stack in turns
 * ({@link HotRowPart#compare}); then part d runs on every stack, one after the other.
 */
final class HotRowStacks {

    private HotRowStacks() {}

    static List<HotRowCycle.Split> run(
            String bootstrap,
            String mode,
            int commitMs,
            TempDirs tmp,
            Path logs,
            Path gatewayYml,
            List<ContentionResult> contention)
            throws Exception {
        List<String> labels = new ArrayList<>(List.of("product settings"));
        String variants = System.getenv("BENCH_HOTROW_VARIANTS");
        if (variants != null && !variants.isBlank()) {
            labels.addAll(List.of(variants.trim().split("\\s*;\\s*")));
        }
        List<BenchStack> stacks = new ArrayList<>();
        List<HotRowCycle.Split> splits = new ArrayList<>();
        try {
            for (int i = 0; i < labels.size(); i++) {
                List<String> kafka = i == 0 ? List.of() : List.of(labels.get(i).split("\\s+"));
                BenchStack stack = BenchStack.start(
                        "stack-d" + commitMs + "v" + i,
                        bootstrap,
                        commitMs,
                        true,
                        tmp.dir("stack-hotrow-" + i),
                        logs,
                        gatewayYml,
                        kafka);
                stacks.add(stack);
                OpenLoopHttp warm = new OpenLoopHttp(stack.baseUrl());
                try {
                    warm.warmUp(
                            BenchMode.STACK_WARMUP_RATE, BenchMain.seconds(mode.equals("full") ? 60 : 20), "dwarm" + i);
                } finally {
                    warm.close();
                }
            }
            if (stacks.size() > 1) {
                splits.addAll(HotRowPart.compare(stacks, labels, bootstrap, mode, mode.equals("full") ? 3 : 2));
            }
            for (int i = 0; i < stacks.size(); i++) {
                HotRowPart d = HotRowPart.run(stacks.get(i), bootstrap, mode, "v" + i);
                String label = i == 0 ? "" : " [" + labels.get(i) + "]";
                d.contention()
                        .forEach(c -> contention.add(new ContentionResult(
                                c.system() + label,
                                c.workload(),
                                c.writers(),
                                c.seconds(),
                                c.successes(),
                                c.conflicts(),
                                c.errors(),
                                c.attempts())));
                d.splits()
                        .forEach(x -> splits.add(new HotRowCycle.Split(
                                x.path() + label,
                                x.product(),
                                x.cycles(),
                                x.appliedPerSecond(),
                                x.appliedWithViewPerSecond(),
                                x.partsMs(),
                                x.conflicts(),
                                x.errors())));
            }
            return splits;
        } finally {
            for (BenchStack s : stacks) {
                s.close();
            }
        }
    }
}
