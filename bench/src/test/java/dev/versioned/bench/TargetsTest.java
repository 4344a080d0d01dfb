package dev.versioned.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's arithmetic only: no timing is measured or asserted here. */
class TargetsTest {

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(Targets.median(3, 1, 2)).isEqualTo(2);
        assertThat(Targets.median(4, 1, 3, 2)).isEqualTo(2.5);
        assertThat(Targets.median()).isNaN();
    }

    @Test
    void checksCostIsTheFractionLost() {
        assertThat(Targets.checksCost(85, 100)).isCloseTo(0.15, within(1e-9));
    }

    @Test
    void targetsAreRatiosOfTheSameRun() {
        List<ThroughputResult> tp = List.of(
                new ThroughputResult("passthrough", "PASSTHROUGH", "", 100, 1, 100, Map.of(), 0, 0),
                new ThroughputResult("full", "FULL", "", 100, 1, 60, Map.of("results", 100L, "state", 100L), 0, 0),
                new ThroughputResult("no-idempotency", "NO_IDEMPOTENCY", "", 100, 1, 80, Map.of(), 0, 0));
        List<ContentionResult> pg = List.of(new ContentionResult("postgresql", "1,000 products", 4, 2, 20, 0, 0, 20));
        List<LatencyResult> lat = List.of(new LatencyResult("s", 10, 1_000, 10, 10, 0, 5, 60, 70, 80, 1_000, 0, Map.of(), Map.of()));

        List<Target> t = Targets.evaluate(tp, pg, lat, 10);

        assertThat(t.get(0).value()).isCloseTo(0.6, within(1e-9));
        assertThat(t.get(0).verdict()).isEqualTo("PASS");
        assertThat(t.get(1).value()).isCloseTo(0.25, within(1e-9));
        assertThat(t.get(1).verdict()).isEqualTo("MISS");
        assertThat(t.get(2).value()).isCloseTo(6.0, within(1e-9));
        assertThat(t.get(3).verdict()).isEqualTo("MISS");
        assertThat(tp.get(1).writtenPerUpdate()).isEqualTo(2.0);
        assertThat(t.get(4).value()).as("e with one stream thread").isCloseTo(6.0, within(1e-9));
    }

    @Test
    void kafkaIsCreditedWithItsBestThreadCountAsPostgresWithItsBestWriterCount() {
        List<ThroughputResult> tp = List.of(
                new ThroughputResult("full", "FULL", "", 100, 1, 60, Map.of(), 0, 0),
                new ThroughputResult("full-2threads", "FULL", "", 100, 1, 90, Map.of(), 0, 0));
        List<ContentionResult> pg = List.of(new ContentionResult("postgresql", "1,000 products", 1, 2, 10, 0, 0, 10),
                new ContentionResult("postgresql", "1,000 products", 16, 2, 20, 0, 0, 20));

        List<Target> t = Targets.evaluate(tp, pg, List.of(), 10);

        assertThat(t.get(2).value()).isCloseTo(9.0, within(1e-9));
        assertThat(t.get(4).value()).isCloseTo(6.0, within(1e-9));
    }

    @Test
    void aTargetWithoutFiguresIsNotMeasured() {
        List<Target> t = Targets.evaluate(List.of(), List.of(), List.of(), 10);
        assertThat(t).allSatisfy(x -> assertThat(x.verdict()).isEqualTo("NOT MEASURED"));
    }
}
