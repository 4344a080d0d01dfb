package dev.versioned.gateway.auth;

/**
 * API key entries refused, with a message that names entries by where they were written and by name, and the
 * problem in the gateway's words: never a key, never a parser's message, no cause. Only these messages are logged
 * as they are; any other exception met while loading keys is described by its kind alone.
 */
public final class InvalidKeys extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    InvalidKeys(String message) {
        super(message, null);
    }
}
