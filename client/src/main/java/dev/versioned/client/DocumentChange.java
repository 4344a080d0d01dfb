package dev.versioned.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * What {@link Documents#update} writes: given the current document (empty when it does not exist or is
 * deleted), the whole new document, or empty to write nothing. Called again with the current document after a
 * conflict, so it must compute from its argument alone, and must not change the argument.
 */
@FunctionalInterface
public interface DocumentChange {

    Optional<ObjectNode> apply(Optional<ObjectNode> current);
}
