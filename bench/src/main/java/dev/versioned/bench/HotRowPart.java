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

    /** Durations and writer counts of part d; full mode about 4.5 minutes, quick about 1.5. */
    record Plan(Duration split, Duration client, Duration run, List<Integer> unconditional, List<Integer> conditional) {
        static Plan of(String mode) {
            return mode.equals("full")
                    ? new Plan(Duration.ofSeconds(30), Duration.ofSeconds(15), Duration.ofSeconds(15), List.of(1, 16, 64), List.of(1, 4, 16))
                    : new Plan(Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(5), List.of(1, 16, 64), List.of(1, 16));
        }
    }

    static HotRowPart run(BenchStack stack, String bootstrap, String mode, String tag) throws Exception {
        Plan plan = Plan.of(mode);
        List<HotRowCycle.Split> splits = new ArrayList<>();
        List<ContentionResult> rows = new ArrayList<>();
        splits.add(report(HotRowCycle.http(stack.baseUrl(), bootstrap, stack.topics(), stack.gatewayReplyTopic(),
                "HOT-SPLIT-H" + tag, plan.split())));
        splits.add(report(HotRowCycle.kafka(bootstrap, stack.topics(), "HOT-SPLIT-K" + tag, plan.split())));
        rows.add(report(HotRowClients.http(stack.baseUrl(), "HOT-CLIENT-H" + tag, plan.client())));
        rows.add(report(HotRowClients.kafka(bootstrap, stack.topics(), "HOT-CLIENT-K" + tag, plan.client())));
        for (boolean conditional : List.of(false, true)) {
            for (int w : conditional ? plan.conditional() : plan.unconditional()) {
                String product = "HOT-" + (conditional ? "C" : "U") + w + tag;
                rows.add(report(ContentionRun.run("kafka (HTTP)",
                        "hot product, " + (conditional ? "conditional" : "unconditional"), conditional, w,
                        plan.run(), () -> new HttpHotRow(stack.baseUrl(), product), "hk" + product)));
            }
        }
        return new HotRowPart(splits, rows);
    }

    private static <T> T report(T result) {
        System.out.println("  " + result);
        return result;
    }
}
