package dev.versioned.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The nemesis's steps come from its seed alone, so that a printed seed repeats a run's faults in order. */
class ClusterNemesisPlanTest {

    private static final List<String> PROCESSORS = List.of("processor-1", "processor-2");

    @Test
    @DisplayName("the same seed gives the same steps, in the same order, on the same processors")
    void sameSeedSameSteps() {
        assertThat(ClusterNemesis.plan(42, 3, PROCESSORS)).isEqualTo(ClusterNemesis.plan(42, 3, PROCESSORS));
    }

    @Test
    @DisplayName("each round isolates a processor once and pauses one once, each on a processor of the cluster")
    void everyKindOncePerRound() {
        for (long seed = 0; seed < 50; seed++) {
            List<String> steps = ClusterNemesis.plan(seed, 2, PROCESSORS);
            assertThat(steps).hasSize(4);
            for (int round = 0; round < 2; round++) {
                assertThat(steps.subList(2 * round, 2 * round + 2))
                        .extracting(step -> step.split(" ")[0])
                        .containsExactlyInAnyOrder("isolate", "pause");
            }
            assertThat(steps).allSatisfy(step -> assertThat(PROCESSORS).contains(step.split(" ")[1]));
        }
    }
}
