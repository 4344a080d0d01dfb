package dev.versioned.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's arithmetic only: no timing is measured or asserted here. */
class TargetsTest {

    private static ThroughputResult run(String name, int round, double rate) {
        return new ThroughputResult(
                name,
                name.toUpperCase(),
                "",
                round,
                100,
                100 / rate,
                rate,
                Map.of(),
                Map.of(),
                Double.NaN,
                0,
                0,
                Map.of());
    }

    private static PostgresResult pg(int batch, boolean sync, int round, double rate) {
        return new PostgresResult(batch, sync, 16, round, 1, (long) rate, 0, 0, (long) rate);
    }

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
    void ratiosAreTakenPerRoundNotFromMedians() {
        // full is slow in round 1 and fast in round 2, and so is the passthrough: per round the ratio is 0.5
        // both times, while median(full) / median(passthrough) would be 60 / 110 = 0.545.
        List<ThroughputResult> tp =
                List.of(run("passthrough", 1, 20), run("full", 1, 10), run("passthrough", 2, 200), run("full", 2, 100));

        PairedRatio a = PairedRatio.of("a", "full / passthrough", tp, "full", "passthrough", false);

        assertThat(a.perRound()).containsExactly(0.5, 0.5);
        assertThat(a.median()).isEqualTo(0.5);
        assertThat(a.min()).isEqualTo(0.5);
        assertThat(a.max()).isEqualTo(0.5);
        assertThat(a.paired()).isTrue();
    }

    @Test
    void aRatioReportsTheMedianAndSpreadOfItsRoundsAndSkipsUnpairedRounds() {
        List<ThroughputResult> tp = new ArrayList<>(List.of(
                run("full", 1, 60),
                run("no-idempotency", 1, 80),
                run("full", 2, 50),
                run("no-idempotency", 2, 100),
                run("full", 3, 90),
                run("no-idempotency", 3, 100),
                run("full", 4, 70)));

        PairedRatio b = PairedRatio.of("b", "1 - full / no-idempotency", tp, "full", "no-idempotency", true);

        assertThat(b.perRound()).hasSize(3);
        assertThat(b.perRound().get(0)).isCloseTo(0.25, within(1e-9));
        assertThat(b.median()).isCloseTo(0.25, within(1e-9));
        assertThat(b.min()).isCloseTo(0.10, within(1e-9));
        assertThat(b.max()).isCloseTo(0.50, within(1e-9));
        assertThat(b.describe()).isEqualTo("0.25 (0.10..0.50, 3 rounds)");
    }

    @Test
    void kafkaAgainstPostgresIsNotPairedAndItsSpreadIsTheExtremeCrossRatios() {
        List<ThroughputResult> tp = List.of(run("full", 1, 100), run("full", 2, 120), run("full", 3, 80));
        List<PostgresResult> pg =
                List.of(pg(1, false, 0, 1_000), pg(1, false, 1, 20), pg(1, false, 2, 25), pg(1, false, 3, 16));

        PairedRatio e = Targets.kafkaVsPostgres(tp, pg, Targets.PG_HEADLINE);

        assertThat(e.paired()).isFalse();
        assertThat(e.median())
                .as("median 100 / median 20; the search's run (round 0) is left out")
                .isCloseTo(5.0, within(1e-9));
        assertThat(e.min()).isCloseTo(80 / 25.0, within(1e-9));
        assertThat(e.max()).isCloseTo(120 / 16.0, within(1e-9));
    }

    @Test
    void targetsAreRatiosOfTheSameRun() {
        List<ThroughputResult> tp = List.of(
                run("passthrough", 1, 100),
                run("full", 1, 60),
                run("no-idempotency", 1, 80),
                new ThroughputResult(
                        "full",
                        "FULL",
                        "",
                        2,
                        100,
                        1,
                        60,
                        Map.of("results", 100L, "state", 100L),
                        Map.of("results", 6L),
                        1.0,
                        0,
                        0,
                        Map.of()));
        List<PostgresResult> pg =
                List.of(pg(1, false, 1, 10), pg(1, true, 1, 5), pg(PostgresBaseline.BATCH, false, 1, 20));
        List<LatencyResult> lat =
                List.of(new LatencyResult("s", 10, 1_000, 10, 10, 0, 5, 60, 70, 80, 1_000, 0, Map.of(), Map.of()));

        List<Target> t = Targets.evaluate(
                tp,
                pg,
                lat,
                List.of(),
                List.of(
                        new ContentionResult("kafka (HTTP)", "hot product, conditional", 1, 10, 450, 0, 0, 450),
                        new ContentionResult("kafka (HTTP)", "hot product, unconditional", 64, 10, 9_000, 0, 0, 9_000)),
                10);

        assertThat(t.get(0).verdict()).as("no fan-out run").isEqualTo("NOT MEASURED");
        assertThat(t.get(1).value()).as("full / passthrough in round 1").isCloseTo(0.6, within(1e-9));
        assertThat(t.get(1).verdict()).isEqualTo("PASS");
        assertThat(t.get(2).value()).isCloseTo(0.25, within(1e-9));
        assertThat(t.get(2).verdict()).isEqualTo("MISS");
        assertThat(t.get(3).value())
                .as("median of the full runs' writes and markers per update: 0 and 2.06")
                .isCloseTo(1.03, within(1e-9));
        assertThat(t.get(4).value()).as("median full 60 / 10").isCloseTo(6.0, within(1e-9));
        assertThat(t.get(4).verdict()).isEqualTo("PASS");
        assertThat(t.get(5).value()).as("against synchronous_commit=on").isCloseTo(12.0, within(1e-9));
        assertThat(t.get(5).verdict()).isEqualTo("reported");
        assertThat(t.get(6).value()).as("against the batched variant").isCloseTo(3.0, within(1e-9));
        assertThat(t.get(7).verdict()).as("capacity not measured").isEqualTo("NOT MEASURED");
        assertThat(t.get(8).verdict()).as("p99 80 ms <= 100").isEqualTo("PASS");
        assertThat(t.get(9).value()).isCloseTo(45.0, within(1e-9));
        assertThat(t.get(10).value()).isCloseTo(900.0, within(1e-9));
        assertThat(t.get(10).verdict()).isEqualTo("MISS");
        assertThat(tp.get(3).writtenPerUpdate()).isEqualTo(2.0);
        assertThat(tp.get(3).markersPerUpdate()).isEqualTo(0.06);
    }

    @Test
    void shuffledRoundsHoldEveryVariantOnceAndRepeatFromTheirSeed() {
        List<String> variants = List.of("a", "b", "c", "d", "e");

        List<List<String>> orders = Rounds.shuffled(variants, 5, 42);

        assertThat(orders).hasSize(5).allSatisfy(o -> assertThat(o).containsExactlyInAnyOrderElementsOf(variants));
        assertThat(Rounds.shuffled(variants, 5, 42)).isEqualTo(orders);
    }

    @Test
    void aTargetWithoutFiguresIsNotMeasured() {
        List<Target> t = Targets.evaluate(List.of(), List.of(), List.of(), List.of(), List.of(), 10);
        assertThat(t).allSatisfy(x -> assertThat(x.verdict()).isEqualTo("NOT MEASURED"));
    }
}
