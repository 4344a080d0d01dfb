package dev.versioned.gateway.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/** Where a view's files go, and what happens to the directories of killed gateways (real RocksDB). */
class ViewDirectoryTest {

    private static final Path TEMP = Path.of(System.getProperty("java.io.tmpdir"));

    private final String instanceId =
            "view-dir-test-" + UUID.randomUUID().toString().substring(0, 8);
    private final String prefix = "inventory-gateway-state-view-" + instanceId + "-";
    private RocksViewStore running;
    private Path chosen;

    @AfterEach
    void cleanUp() throws Exception {
        if (running != null) {
            running.close();
        }
        if (chosen != null) {
            Files.deleteIfExists(chosen);
        }
    }

    @Test
    @DisplayName(
            "given a configured directory, when the view's directory is chosen, then it is state-view-<instanceId> in it")
    void givenConfigured_whenChosen_thenSubdirectoryPerInstance(@TempDir Path configured) {
        // when
        Path dir = ViewDirectory.of(Optional.of(configured.toString()), instanceId);
        // then
        assertThat(dir).isEqualTo(configured.resolve("state-view-" + instanceId));
    }

    @Test
    @DisplayName(
            "given a directory a killed view left in the temp directory, when a new one is chosen, then the left one is deleted")
    void givenAbandonedDirectory_whenChosen_thenDeleted() throws Exception {
        // given a database closed without its directory being deleted, as after kill -9
        Path abandoned = Files.createTempDirectory(TEMP, prefix);
        try (Options options = new Options().setCreateIfMissing(true);
                RocksDB db = RocksDB.open(options, abandoned.toString())) {
            db.put(new byte[] {1}, new byte[] {2});
        }
        // when
        chosen = ViewDirectory.of(Optional.empty(), instanceId);
        // then
        assertThat(abandoned).doesNotExist();
        assertThat(chosen).isDirectory().isNotEqualTo(abandoned);
    }

    @Test
    @DisplayName(
            "given a directory a running view holds, when a new one is chosen for the same instance id, then it is left alone")
    void givenDirectoryInUse_whenChosen_thenLeftAlone() throws Exception {
        // given
        Path inUse = Files.createTempDirectory(TEMP, prefix);
        running = RocksViewStore.open(inUse);
        // when
        chosen = ViewDirectory.of(Optional.empty(), instanceId);
        // then
        assertThat(inUse).isDirectory();
        assertThat(chosen).isNotEqualTo(inUse);
    }
}
