package dev.versioned.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The If-Match and If-None-Match rules: strong comparison for the first, weak for the second. */
class EntityTagsTest {

    @Test
    @DisplayName("given a strong tag naming a version, If-Match asks for that version")
    void strongTagIsAVersion() {
        assertThat(EntityTags.ifMatch(" \"12\" ")).isEqualTo(new EntityTags.IfMatch.Version(12));
    }

    @Test
    @DisplayName("given a weak tag, If-Match never matches (strong comparison)")
    void weakTagNeverMatches() {
        assertThat(EntityTags.ifMatch("W/\"12\"")).isInstanceOf(EntityTags.IfMatch.NeverMatches.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"abc\"", "\"99999999999999999999\"", "\"-1\"", "\"\""})
    @DisplayName("given a well-formed strong tag that is not a version, If-Match never matches")
    void strongTagThatIsNoVersionNeverMatches(String header) {
        assertThat(EntityTags.ifMatch(header)).isInstanceOf(EntityTags.IfMatch.NeverMatches.class);
    }

    @Test
    @DisplayName("given *, If-Match asks that the record exist")
    void starIsAny() {
        assertThat(EntityTags.ifMatch("*")).isEqualTo(new EntityTags.IfMatch.Any());
    }

    @ParameterizedTest
    @ValueSource(strings = {"12", "\"1\", \"2\"", "\"1", "x", "", "W/12", "\"1\" x", "*, \"1\""})
    @DisplayName("given no entity tag, an unquoted version or a list, If-Match is malformed")
    void malformedIfMatch(String header) {
        assertThat(EntityTags.ifMatch(header)).isInstanceOf(EntityTags.IfMatch.Malformed.class);
    }

    @Test
    @DisplayName("given a list with a weak tag of the version, If-None-Match matches it (weak comparison)")
    void ifNoneMatchIsWeak() {
        EntityTags.IfNoneMatch condition =
                EntityTags.ifNoneMatch("\"7\", W/\"3\"").orElseThrow();
        assertThat(condition.matches(3)).isTrue();
        assertThat(condition.matches(7)).isTrue();
        assertThat(condition.matches(4)).isFalse();
    }

    @Test
    @DisplayName("given *, If-None-Match matches any existing record")
    void ifNoneMatchStar() {
        assertThat(EntityTags.ifNoneMatch("*").orElseThrow().matches(1)).isTrue();
    }

    @Test
    @DisplayName("given a tag holding a comma, If-None-Match reads it as one tag")
    void commaInsideATag() {
        assertThat(EntityTags.ifNoneMatch("\"a,b\", \"5\"").orElseThrow().opaqueTags())
                .containsExactly("a,b", "5");
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "\"5\",", "", "W/", "\"5\" \"6\""})
    @DisplayName("given no list of entity tags, If-None-Match is malformed")
    void malformedIfNoneMatch(String header) {
        assertThat(EntityTags.ifNoneMatch(header)).isEmpty();
    }
}
