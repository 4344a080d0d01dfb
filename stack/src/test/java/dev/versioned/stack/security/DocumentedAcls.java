package dev.versioned.stack.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The ACLs of the table in {@code docs/kafka-acls.md}, read from the document itself: the test grants exactly
 * what operators are told to grant, so the table cannot drift from what is proven.
 *
 * <p>A row is {@code | `User:name` | TYPE | `name` | PATTERN | OP, OP | why |}; each operation becomes one
 * ALLOW binding for any host.
 */
final class DocumentedAcls {

    static final Path DOCUMENT = Path.of("..").toAbsolutePath().normalize().resolve("docs/kafka-acls.md");

    private DocumentedAcls() {}

    static List<AclBinding> read() throws IOException {
        List<AclBinding> bindings = new ArrayList<>();
        for (String line : Files.readAllLines(DOCUMENT)) {
            if (!line.startsWith("| `User:")) {
                continue;
            }
            String[] cells = Arrays.stream(line.split("\\|"))
                    .map(cell -> cell.strip().replace("`", ""))
                    .toArray(String[]::new);
            // cells[0] is the empty text before the first bar.
            String principal = cells[1];
            ResourcePattern resource = new ResourcePattern(
                    ResourceType.valueOf(cells[2].toUpperCase(Locale.ROOT)),
                    cells[3],
                    PatternType.valueOf(cells[4].toUpperCase(Locale.ROOT)));
            for (String operation : cells[5].split(",")) {
                bindings.add(new AclBinding(
                        resource,
                        new AccessControlEntry(
                                principal,
                                "*",
                                AclOperation.valueOf(operation.strip().toUpperCase(Locale.ROOT)),
                                AclPermissionType.ALLOW)));
            }
        }
        if (bindings.isEmpty()) {
            throw new IllegalStateException("no ACL rows in " + DOCUMENT);
        }
        return List.copyOf(bindings);
    }
}
