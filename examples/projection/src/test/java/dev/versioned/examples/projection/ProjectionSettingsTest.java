package dev.versioned.examples.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ProjectionSettingsTest {

    @Test
    @DisplayName("without arguments or variables: the local stack's broker and events topic")
    void defaults() {
        assertThat(ProjectionSettings.from(List.of(), Map.of()))
                .isEqualTo(new ProjectionSettings(
                        "localhost:9092",
                        "streams.events",
                        "account-balances",
                        "account-balances-projection",
                        Path.of("data/account-balances")));
    }

    @Test
    @DisplayName("an argument wins over its environment variable, which wins over the default")
    void argumentsOverEnvironment() {
        // given both for the bootstrap servers, and only a variable for the state directory
        Map<String, String> environment =
                Map.of("KAFKA_BOOTSTRAP_SERVERS", "env:9092", "PROJECTION_STATE_DIR", "env-state");

        // when read
        ProjectionSettings settings = ProjectionSettings.from(List.of("--bootstrap-servers=arg:9092"), environment);

        // then
        assertThat(settings.bootstrapServers()).isEqualTo("arg:9092");
        assertThat(settings.stateDir()).isEqualTo(Path.of("env-state"));
    }

    @Test
    @DisplayName("an unknown argument is refused, naming it and listing the settings")
    void refusesUnknownArguments() {
        assertThatThrownBy(() -> ProjectionSettings.from(List.of("--events=x"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'--events=x'")
                .hasMessageContaining("--events-topic");
    }

    @Test
    @DisplayName("a topic name Kafka would refuse is refused at start")
    void refusesBadTopicNames() {
        assertThatThrownBy(() -> ProjectionSettings.from(List.of("--balances-topic=a/b"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a/b'");
    }
}
