package dev.versioned.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Part c's sustainable capacity: the highest open-loop rate whose p99 (from the intended send time) stays
 * under {@link Plan#p99LimitMs} with every request answered 200, found by bisection between {@link Plan#low} and {@link Plan#high} in
 * {@link Plan#steps} probes. Each probed rate gets a warm-up of 5 s, then up to {@link Plan#runs} runs of
 * {@link Plan#measureS}; its p99 is the median of the runs' p99. Once two runs agree on the verdict (both
 * under or both over the limit) the third cannot change the median's verdict and is skipped (the probe's
 * p99 is then the higher of the two). The reference rate always gets all its runs. A run stops
 * early when, after {@link Plan#stopAfterS}, its p99 so far or its backlog exceeds {@link Plan#stopP99Ms}:
 * such a rate is clearly not sustainable (the row says when it stopped).
 *
 * @param probes every probed rate, in order
 * @param capacity the highest sustained rate probed (the reference rate counts); {@link Plan#low} - 1 if none was
 *     (below the range)
 * @param runs every run (the probes' runs, then those at {@link Plan#referenceRate}, measured last)
 * @param reference the median run at {@link Plan#referenceRate}
 */
record HttpCapacity(
        int commitMs, Plan plan, List<Probe> probes, int capacity, List<LatencyResult> runs, LatencyResult reference) {

    /** Full mode: about 13 minutes plus the stack's warm-up; quick: about 1.5 minutes. */
    record Plan(
            int low,
            int high,
            int steps,
            int runs,
            int measureS,
            int warmupS,
            int p99LimitMs,
            int stopAfterS,
            int stopP99Ms,
            int referenceRate) {
        static Plan of(String mode) {
            return mode.equals("full")
                    ? new Plan(1_000, 5_000, 3, 3, 60, 5, 250, 20, 2_000, 1_000)
                    : new Plan(1_000, 5_000, 3, 1, 15, 3, 250, 8, 2_000, 1_000);
        }

        Duration measure() {
            return Duration.ofSeconds(measureS);
        }

        Duration warmup() {
            return Duration.ofSeconds(warmupS);
        }
    }

    /** One probed rate: the median p99 of its runs, and whether it stayed under the limit. */
    record Probe(int rate, int runs, double medianP99, boolean sustained, boolean stoppedEarly) {
        @Override
        public String toString() {
            return String.format(
                    "probe %,d req/s: median p99 %.1f ms over %d run(s)%s -> %s",
                    rate,
                    medianP99,
                    runs,
                    stoppedEarly ? " (stopped early: clearly failing)" : "",
                    sustained ? "sustained" : "NOT sustained");
        }
    }

    static HttpCapacity measure(OpenLoopHttp http, String stack, int commitMs, Plan plan, Map<String, Long> pids)
            throws InterruptedException {
        List<LatencyResult> runs = new ArrayList<>();
        List<Probe> probes = new ArrayList<>();
        int pass = plan.low() - 1;
        int lo = plan.low();
        int hi = plan.high();
        for (int step = 0; step < plan.steps(); step++) {
            int rate = (lo + hi) / 2;
            List<LatencyResult> probeRuns = rate(
                    http,
                    stack,
                    commitMs,
                    rate,
                    plan,
                    pids,
                    runs,
                    new OpenLoopHttp.EarlyStop(
                            Duration.ofSeconds(plan.stopAfterS()), Duration.ofMillis(plan.stopP99Ms())));
            LatencyResult m = median(probeRuns);
            boolean ok = sustained(m, plan);
            Probe probe = new Probe(
                    rate, probeRuns.size(), m.p99(), ok, probeRuns.stream().anyMatch(r -> r.stoppedAfterSeconds() > 0));
            System.out.println("  " + probe);
            probes.add(probe);
            if (ok) {
                pass = Math.max(pass, rate);
                lo = rate;
            } else {
                hi = rate;
            }
        }
        // The reference rate last: the stack has had the probes' load too, so the JIT is further along.
        LatencyResult reference = median(rate(http, stack, commitMs, plan.referenceRate(), plan, pids, runs, null));
        if (sustained(reference, plan)) {
            pass = Math.max(pass, plan.referenceRate()); // the bisection's lower end is not probed itself
        }
        return new HttpCapacity(commitMs, plan, probes, pass, runs, reference);
    }

    /** The runs of one rate: a warm-up, then runs until the median's verdict is settled. */
    private static List<LatencyResult> rate(
            OpenLoopHttp http,
            String stack,
            int commitMs,
            int rate,
            Plan plan,
            Map<String, Long> pids,
            List<LatencyResult> all,
            OpenLoopHttp.EarlyStop stop)
            throws InterruptedException {
        http.warmUp(rate, plan.warmup(), "cap" + commitMs + "r" + rate + "w");
        List<LatencyResult> runs = new ArrayList<>();
        int under = 0;
        for (int i = 0; i < plan.runs(); i++) {
            LatencyResult r = http.measure(
                    stack, commitMs, rate, plan.measure(), "cap" + commitMs + "r" + rate + "n" + i, pids, stop);
            System.out.println("  " + r);
            runs.add(r);
            all.add(r);
            under += sustained(r, plan) ? 1 : 0;
            int majority = plan.runs() / 2 + 1;
            if (stop != null && (under >= majority || runs.size() - under >= majority)) {
                break;
            }
        }
        return runs;
    }

    /** p99 under the limit, every request answered with a 200 (no 429 shed, no timeout), not stopped early. */
    private static boolean sustained(LatencyResult r, Plan plan) {
        return r.p99() <= plan.p99LimitMs() && r.errors() == 0 && r.stoppedAfterSeconds() == 0;
    }

    /** The run with the median p99 (the higher of two). */
    static LatencyResult median(List<LatencyResult> runs) {
        List<LatencyResult> sorted = runs.stream()
                .sorted(Comparator.comparingDouble(LatencyResult::p99))
                .toList();
        return sorted.get(sorted.size() / 2);
    }
}
