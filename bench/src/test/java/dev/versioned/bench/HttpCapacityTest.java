package dev.versioned.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpCapacityTest {

    private static LatencyResult run(double p99, long errors) {
        return new LatencyResult(
                "s", 10, 2_000, 100, 100 - errors, errors, 5, p99, p99, p99, 2_000, 0, Map.of(), Map.of(), 1_990, 0, 0);
    }

    @Test
    void theMedianRunIsTheMiddleOfThreeAndTheHigherOfTwo() {
        assertThat(HttpCapacity.median(List.of(run(300, 0), run(100, 0), run(200, 0)))
                        .p99())
                .isEqualTo(200);
        assertThat(HttpCapacity.median(List.of(run(100, 0), run(200, 0))).p99()).isEqualTo(200);
        assertThat(HttpCapacity.median(List.of(run(100, 0))).p99()).isEqualTo(100);
    }

    @Test
    void capacityAndHotRowSplitsAreWrittenToJsonAndMarkdown() throws Exception {
        HttpCapacity.Plan plan = HttpCapacity.Plan.of("full");
        HttpCapacity c = new HttpCapacity(
                10,
                plan,
                List.of(new HttpCapacity.Probe(3_000, 2, 120, true, false)),
                3_000,
                List.of(run(120, 0)),
                run(60, 0));
        HotRowCycle.Split split =
                new HotRowCycle.Split("HTTP", "p", 10, 20, 18, Map.of("total", new double[] {50, 60}), 0, 0);
        BenchResults r = new BenchResults(
                "full",
                "now",
                1,
                Map.of(),
                0,
                List.of(),
                List.of(c.reference()),
                List.of(c),
                List.of(split),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                1,
                null,
                null,
                List.of(),
                List.of());
        assertThat(ResultsWriter.json(r)).contains("\"capacity\"", "\"hotRowSplits\"", "\"measureS\" : 60");
        assertThat(ResultsWriter.markdown(r)).contains("**3,000 req/s**", "| HTTP | 10 |");
    }
}
