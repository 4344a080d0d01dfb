package dev.versioned.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How the nemesis report reads the watch's calls: when every product was decided again, and the longest gap. */
class NemesisReportTest {

    private static final long S = 1_000_000_000L;

    private static PartitionWatch.Call call(int partition, double sent, double decided) {
        return new PartitionWatch.Call(partition, (long) (sent * S), (long) (decided * S));
    }

    @Test
    @DisplayName("every product is decided again when the last partition decides a request sent at or after the fault")
    void decidedAgainWhenTheLastPartitionDecidesARequestSentAfterTheFault() {
        // given: a fault at 10 s; partition 0 keeps deciding, partition 1 stalls until 17.5 s
        List<PartitionWatch.Call> calls = List.of(
                call(0, 9.9, 10.2), // sent before the fault: does not count
                call(0, 10.2, 10.3),
                call(1, 9.95, 17.5), // sent before the fault, decided after the stall: does not count either
                call(1, 17.5, 17.6));

        // then
        assertThat(NemesisReport.everyPartitionDecided(calls, 2, 10 * S, 60 * S).getAsDouble())
                .isCloseTo(7.6, within(1e-9));
    }

    @Test
    @DisplayName("a partition that decides nothing sent after the fault within its window leaves the time unknown")
    void noDecisionWithinTheWindowIsNoTime() {
        List<PartitionWatch.Call> calls = List.of(call(0, 10.1, 10.2), call(1, 10.1, 70));

        assertThat(NemesisReport.everyPartitionDecided(calls, 2, 10 * S, 60 * S))
                .isEmpty();
    }

    @Test
    @DisplayName(
            "the longest gap is the longest time between two consecutive decisions of one partition ending in the window")
    void longestGapBetweenDecisionsOfOnePartition() {
        List<PartitionWatch.Call> calls = List.of(
                call(0, 0, 1), // before the window: only the start of partition 0's first gap in it
                call(0, 1, 12), // 11 s after partition 0's previous decision
                call(1, 0, 13), // 3 s after the window began (partition 1's previous decision is before it)
                call(1, 13, 13.1),
                call(0, 12, 99)); // after the window

        assertThat(NemesisReport.longestGap(calls, 10 * S, 20 * S)).isCloseTo(11, within(1e-9));
    }
}
