package dev.versioned.processor.topology;

import dev.versioned.processor.config.ProcessorSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Base of the topology specifications: a fresh production topology per test, on its own state directory. */
abstract class TopologySpec {

    @TempDir
    Path stateDir;

    TopologyFixture fixture;

    @BeforeEach
    void startTopology() {
        fixture = new TopologyFixture(stateDir);
    }

    @AfterEach
    void stopTopology() {
        fixture.close();
    }

    /** Replaces the fixture with one built from other settings (the same state directory). */
    void restartWith(ProcessorSettings settings) {
        fixture.close();
        fixture = new TopologyFixture(settings, stateDir);
    }
}
