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
 * Where a gateway's views keep their files (the state view's {@value #STATE_VIEW}, the document view's
 * {@value #DOCUMENT_VIEW}). Configured: {@code <directory>/<view>-<instanceId>}, the same at every start, so a start after a crash empties and reuses it. Not configured: a new directory under
 * the system temp directory, named for the instance with a random suffix (several gateways with one id may
 * run on one host, in tests); a directory of the same instance that a killed gateway left there is deleted
 * first, once RocksDB's lock shows that no running view holds it.
 */
public final class ViewDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(ViewDirectory.class);
    private static final String PREFIX = "inventory-gateway-";

    public static final String STATE_VIEW = "state-view";
    public static final String DOCUMENT_VIEW = "document-view";
    public static final String STREAM_VIEW = "stream-view";

    private ViewDirectory() {}

    /** The state view's directory. */
    public static Path of(Optional<String> configured, String instanceId) {
        return of(configured, STATE_VIEW, instanceId);
    }

    /** The directory of the view named {@code view}. */
    public static Path of(Optional<String> configured, String view, String instanceId) {
        if (configured.isPresent()) {
            return Path.of(configured.get()).resolve(view + "-" + instanceId);
        }
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        String prefix = PREFIX + view + "-" + instanceId + "-";
        deleteAbandoned(temp, prefix);
        try {
            return Files.createTempDirectory(temp, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a view directory under " + temp, e);
        }
    }

    private static void deleteAbandoned(Path temp, String prefix) {
        try (DirectoryStream<Path> left = Files.newDirectoryStream(temp, prefix + "*")) {
            for (Path dir : left) {
                if (RocksTable.deleteIfAbandoned(dir)) {
                    LOG.info("deleted the view directory {} that a stopped gateway left", dir);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not look for abandoned view directories under {}", temp, e);
        }
    }
}
