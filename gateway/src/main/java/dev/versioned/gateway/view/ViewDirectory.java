package dev.versioned.gateway.view;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a gateway's state view keeps its files. Configured: {@code <directory>/state-view-<instanceId>}, the
 * same at every start, so a start after a crash empties and reuses it. Not configured: a new directory under
 * the system temp directory, named for the instance with a random suffix (several gateways with one id may
 * run on one host, in tests); a directory of the same instance that a killed gateway left there is deleted
 * first, once RocksDB's lock shows that no running view holds it.
 */
public final class ViewDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(ViewDirectory.class);
    private static final String PREFIX = "inventory-gateway-state-view-";

    private ViewDirectory() {}

    public static Path of(Optional<String> configured, String instanceId) {
        if (configured.isPresent()) {
            return Path.of(configured.get()).resolve("state-view-" + instanceId);
        }
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        String prefix = PREFIX + instanceId + "-";
        deleteAbandoned(temp, prefix);
        try {
            return Files.createTempDirectory(temp, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a state view directory under " + temp, e);
        }
    }

    private static void deleteAbandoned(Path temp, String prefix) {
        try (DirectoryStream<Path> left = Files.newDirectoryStream(temp, prefix + "*")) {
            for (Path dir : left) {
                if (RocksViewStore.deleteIfAbandoned(dir)) {
                    LOG.info("deleted the state view directory {} that a stopped gateway left", dir);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not look for abandoned state view directories under {}", temp, e);
        }
    }
}
