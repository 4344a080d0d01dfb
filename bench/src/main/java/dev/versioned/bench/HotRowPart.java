package dev.versioned.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Part d on one stack (commit 10 ms, unconditional ADJUST enabled): (a) one writer's conditional cycle split
 * into its parts over HTTP and over Kafka ({@link HotRowCycle}), and applied/s through the product's clients
 * ({@link HotRowClients}); (b) W writers with unconditional ADJUST, and conditional with retries, over HTTP
 * ({@link ContentionRun}).
 *
 * @param splits one per path (HTTP, Kafka)
 * @param contention the client runs, then the W-writer runs
 */
record HotRowPart(List<HotRowCycle.Split> splits, List<ContentionResult> contention) {

    /** Durations and writer counts of part d; full mode about 2.5 minutes, quick about 1.5. */
    record Plan(Duration split, Duration client, Duration run, List<Integer> unconditional, List<Integer> conditional) {
        static Plan of(String mode) {
            return mode.equals("full")
                    ? new Plan(
                            Duration.ofSeconds(20),
                            Duration.ofSeconds(10),
                            Duration.ofSeconds(10),
                            List.of(1, 16, 64),
                            List.of(1, 4, 16))
                    : new Plan(
                            Duration.ofSeconds(10),
                            Duration.ofSeconds(5),
                            Duration.ofSeconds(5),
                            List.of(1, 16, 64),
                            List.of(1, 16));
        }
    }

    static HotRowPart run(BenchStack stack, String bootstrap, String mode, String tag) throws Exception {
        Plan plan = Plan.of(mode);
        List<HotRowCycle.Split> splits = new ArrayList<>();
        List<ContentionResult> rows = new ArrayList<>();
        splits.addAll(split(stack, bootstrap, "HOT-SPLIT" + tag, plan.split(), ""));
        rows.add(report(HotRowClients.http(stack.baseUrl(), "HOT-CLIENT-H" + tag, plan.client())));
        rows.add(report(HotRowClients.kafka(bootstrap, stack.topics(), "HOT-CLIENT-K" + tag, plan.client())));
        for (boolean conditional : List.of(false, true)) {
            for (int w : conditional ? plan.conditional() : plan.unconditional()) {
                String product = "HOT-" + (conditional ? "C" : "U") + w + tag;
                rows.add(report(ContentionRun.run(
                        "kafka (HTTP)",
                        "hot product, " + (conditional ? "conditional" : "unconditional"),
                        conditional,
                        w,
                        plan.run(),
                        () -> new HttpHotRow(stack.baseUrl(), product),
                        "hk" + product)));
            }
        }
        return new HotRowPart(splits, rows);
    }

    /** One writer's cycle split over HTTP, then over Kafka, on its own products. */
    private static List<HotRowCycle.Split> split(
            BenchStack stack, String bootstrap, String product, Duration d, String label) throws Exception {
        return List.of(
                report(HotRowCycle.http(
                        stack.baseUrl(),
                        bootstrap,
                        stack.topics(),
                        stack.gatewayReplyTopic(),
                        product + "-H",
                        d,
                        label)),
                report(HotRowCycle.kafka(bootstrap, stack.topics(), product + "-K", d, label)));
    }

    /**
     * The cycle split on several stacks that differ only in processor settings, measured in turns (every stack
     * once per round, {@code rounds} rounds), so that they share the machine's state of the moment.
     *
     * @param labels one per stack, e.g. its overridden settings
     */
    static List<HotRowCycle.Split> compare(
            List<BenchStack> stacks, List<String> labels, String bootstrap, String mode, int rounds) throws Exception {
        Plan plan = Plan.of(mode);
        List<HotRowCycle.Split> splits = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < stacks.size(); i++) {
                splits.addAll(split(
                        stacks.get(i),
                        bootstrap,
                        "HOT-CMP-" + round,
                        plan.split(),
                        " [" + labels.get(i) + ", round " + (round + 1) + "]"));
            }
        }
        return splits;
    }

    private static <T> T report(T result) {
        System.out.println("  " + result);
        return result;
    }
}
