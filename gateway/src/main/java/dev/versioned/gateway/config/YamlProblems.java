package dev.versioned.gateway.config;

import com.fasterxml.jackson.core.JsonLocation;

/**
 * How a problem in a YAML (or JSON) text that may hold secrets is reported: by its place and kind, never by the
 * text around it. Used for the configuration and for the API key file.
 */
public final class YamlProblems {

    private YamlProblems() {}

    /** What to say of text that does not parse at {@code location}, instead of showing it. */
    public static String malformed(JsonLocation location) {
        return "not valid YAML" + at(location) + " (the line is not shown: it may hold a secret; a value that starts"
                + " with one of ` @ % * & ! | > ' \" or holds \": \" or \" #\" must be quoted)";
    }

    /** {@code " at line 3, column 7"}, or nothing when the place is unknown. */
    public static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 1
                ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
