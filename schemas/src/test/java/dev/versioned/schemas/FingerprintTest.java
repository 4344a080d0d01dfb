package dev.versioned.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FingerprintTest {

    private final UpdateRequest base = UpdateRequest.adjust("s", "p", 5, 3, "k");

    @Test
    @DisplayName("the same fields give the same fingerprint")
    void stable() {
        assertThat(Fingerprint.of(base)).isEqualTo(Fingerprint.of(UpdateRequest.adjust("s", "p", 5, 3, "k")));
    }

    @Test
    @DisplayName("an explicit operation and the implied one give the same fingerprint")
    void explicitOperation() {
        UpdateRequest explicit = new UpdateRequest(
                "s", "p", Optional.of(Operation.ADJUST), Optional.of(5L), Optional.empty(), Optional.of(3L), "k");
        assertThat(Fingerprint.of(explicit)).isEqualTo(Fingerprint.of(base));
    }

    @Test
    @DisplayName("changing any field changes the fingerprint")
    void everyFieldCounts() {
        String original = Fingerprint.of(base);
        assertThat(Fingerprint.of(UpdateRequest.adjust("s2", "p", 5, 3, "k"))).isNotEqualTo(original);
        assertThat(Fingerprint.of(UpdateRequest.adjust("s", "p2", 5, 3, "k"))).isNotEqualTo(original);
        assertThat(Fingerprint.of(UpdateRequest.adjust("s", "p", 6, 3, "k"))).isNotEqualTo(original);
        assertThat(Fingerprint.of(UpdateRequest.adjust("s", "p", 5, 4, "k"))).isNotEqualTo(original);
        assertThat(Fingerprint.of(UpdateRequest.unconditionalAdjust("s", "p", 5, "k")))
                .isNotEqualTo(original);
        assertThat(Fingerprint.of(UpdateRequest.set("s", "p", 5, 3, "k"))).isNotEqualTo(original);
        assertThat(Fingerprint.of(UpdateRequest.adjust("s", "p", 5, 3, "k2"))).isNotEqualTo(original);
    }
}
