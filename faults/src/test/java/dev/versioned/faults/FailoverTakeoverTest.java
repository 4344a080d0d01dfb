package dev.versioned.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A processor killed with {@code kill -9} leaves the group without a word; with the processor's default
 * Kafka settings its partitions are decided by the survivor within seconds, not after Kafka's default
 * session of 45 s. The deadline is far below 45 s (and far above the few seconds the takeover takes here,
 * see {@code ./faults/failover}), so that a slow machine does not fail it and the old default could not pass.
 */
class FailoverTakeoverTest {

    /** Far below Kafka's default session of 45 s, which the takeover took before (49-50 s measured). */
    private static final Duration DEADLINE = Duration.ofSeconds(25);

    @TempDir
    Path dir;

    @Test
    @DisplayName(
            "given two processors with the default settings, when one is killed -9, then the survivor decides a new request on every partition, the killed one's included, within 25 s")
    void givenTwoProcessors_whenOneIsKilled_thenTheSurvivorDecidesItsPartitionsWithinSeconds() throws Exception {
        try (ProcessStack stack =
                new ProcessStack(dir, new ProcessStack.Layout(2, 0, 6, Optional.empty(), Duration.ofSeconds(10)))) {
            try {
                // given
                stack.start();
                try (PartitionProbe probe = new PartitionProbe(stack.bootstrap(), 6, "takeover")) {
                    FailoverTimes.awaitSettled(stack, probe);
                    Set<Integer> killed = FailoverTimes.partitionsOf(stack, "processor-1");
                    assertThat(killed)
                            .as("the killed processor holds partitions")
                            .isNotEmpty();

                    // when
                    stack.killProcessor(0);
                    Map<Integer, Duration> decided = probe.round(DEADLINE);

                    // then
                    System.out.println("TAKEOVER killed partitions " + killed + ", decided after the kill: " + decided);
                    assertThat(decided.keySet())
                            .as("partitions decided within %s s of the kill", DEADLINE.toSeconds())
                            .containsAll(killed)
                            .hasSize(6);
                }
            } catch (Throwable failure) {
                throw new AssertionError("takeover failed: " + failure + stack.diagnostics(), failure);
            }
        }
    }
}
