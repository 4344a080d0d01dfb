package dev.versioned.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The nemesis's steps come from its seed alone, so that a printed seed repeats a run's faults in order. */
class ClusterNemesisPlanTest {

    private static final List<ClusterNemesis.Kind> ALL = List.of(ClusterNemesis.Kind.values());

    @Test
    @DisplayName("the same seed gives the same steps, in the same order, with the same draws")
    void sameSeedSameSteps() {
        assertThat(ClusterNemesis.plan(42, 3, ALL)).isEqualTo(ClusterNemesis.plan(42, 3, ALL));
    }

    @Test
    @DisplayName("each round runs every kind of fault once")
    void everyKindOncePerRound() {
        for (long seed = 0; seed < 50; seed++) {
            List<ClusterNemesis.Step> steps = ClusterNemesis.plan(seed, 2, ALL);
            assertThat(steps).hasSize(2 * ALL.size());
            for (int round = 0; round < 2; round++) {
                assertThat(steps.subList(round * ALL.size(), (round + 1) * ALL.size()))
                        .extracting(ClusterNemesis.Step::kind)
                        .containsExactlyInAnyOrderElementsOf(ALL);
            }
        }
    }

    @Test
    @DisplayName("the faults cover each role: isolation, a pause, kill -9 of every role, the quorum leader, a bridge")
    void kindsCoverEveryRole() {
        assertThat(ALL)
                .extracting(ClusterNemesis.Kind::label)
                .containsExactlyInAnyOrder(
                        "isolate-processor",
                        "pause-processor",
                        "kill-processor",
                        "isolate-broker",
                        "isolate-controller-leader",
                        "bridge",
                        "kill-broker",
                        "isolate-gateway",
                        "kill-gateway");
    }

    @Test
    @DisplayName("--faults picks kinds by their labels, and an unknown label is refused naming the kinds")
    void faultsByLabel() {
        ClusterNemesis.Options options = Cluster.nemesisOptions(
                new String[] {"nemesis", "--seed", "7", "--faults", "kill-processor,isolate-gateway"});
        assertThat(options.kinds())
                .containsExactly(ClusterNemesis.Kind.KILL_PROCESSOR, ClusterNemesis.Kind.ISOLATE_GATEWAY);
        assertThat(options.command())
                .isEqualTo("./faults/cluster nemesis --seed 7 --faults kill-processor,isolate-gateway");
        assertThatThrownBy(() -> Cluster.nemesisOptions(new String[] {"nemesis", "--faults", "unplug"}))
                .hasMessageContaining("isolate-broker");
    }
}
