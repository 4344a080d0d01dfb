package dev.versioned.client.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.UpdateResult;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Checks on the results topic: each logical operation ({@code <opId>-a<n>} keys) applied exactly once. */
final class ExactlyOnce {

    private ExactlyOnce() {}

    /** Every operation id has exactly one first-time (not replayed) APPLIED among its attempt keys. */
    static void assertAppliedOnceEach(List<UpdateResult> results, Collection<String> operationIds) {
        Map<String, Long> appliedPerKey = results.stream()
                .filter(r -> r.code() == ResultCode.APPLIED && !r.replayed())
                .collect(Collectors.groupingBy(r -> r.idempotencyKey().orElseThrow(), Collectors.counting()));
        assertThat(appliedPerKey.values())
                .as("first-time APPLIED results per idempotency key")
                .containsOnly(1L);
        Map<String, Long> appliedPerOperation = appliedPerKey.keySet().stream()
                .collect(Collectors.groupingBy(ExactlyOnce::operationOf, Collectors.counting()));
        assertThat(appliedPerOperation.keySet()).containsExactlyInAnyOrderElementsOf(operationIds);
        assertThat(appliedPerOperation.values())
                .as("applied attempts per operation")
                .containsOnly(1L);
    }

    static String operationOf(String key) {
        return key.substring(0, key.lastIndexOf("-a"));
    }
}
