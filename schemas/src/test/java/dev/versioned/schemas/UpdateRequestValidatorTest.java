package dev.versioned.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The character loops that check ids and keys on every request accept exactly what their patterns match. */
class UpdateRequestValidatorTest {

    private static final String EDGES = "aAzZ09._:-/|\\ ~\u001f\u007f\u0080é\u0000\t";

    @Test
    @DisplayName("isId and isKey agree with the ID and KEY patterns on random and edge strings of every length")
    void loopsAgreeWithThePatterns() {
        Random random = new Random(20261130L);
        for (int i = 0; i < 50_000; i++) {
            String value = randomString(random);
            assertThat(UpdateRequestValidator.isId(value))
                    .as("isId(%s)", value)
                    .isEqualTo(UpdateRequestValidator.ID.matcher(value).matches());
            assertThat(UpdateRequestValidator.isKey(value))
                    .as("isKey(%s)", value)
                    .isEqualTo(UpdateRequestValidator.KEY.matcher(value).matches());
        }
    }

    private static String randomString(Random random) {
        int length = random.nextInt(4) == 0 ? 125 + random.nextInt(6) : random.nextInt(12);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            // mostly valid characters, so that long valid strings and single bad characters both occur
            out.append(
                    random.nextInt(10) == 0
                            ? EDGES.charAt(random.nextInt(EDGES.length()))
                            : (char) ('a' + random.nextInt(26)));
        }
        return out.toString();
    }
}
