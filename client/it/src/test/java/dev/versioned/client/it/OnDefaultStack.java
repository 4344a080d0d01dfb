package dev.versioned.client.it;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Base of the test classes that share one default stack per class (commit interval 50 ms, no overrides). */
abstract class OnDefaultStack {

    @TempDir
    static Path dataDir;

    static RunningStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        stack = RunningStack.start(dataDir, 50, Map.of());
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
            stack = null;
        }
    }
}
