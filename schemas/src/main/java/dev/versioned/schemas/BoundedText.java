package dev.versioned.schemas;

/**
 * Text copied from a request into an output, cut to a bound: an output must stay far below Kafka's record limit
 * whatever a request carried. One rule for every such cut, in every module.
 */
public final class BoundedText {

    private BoundedText() {}

    /**
     * The text itself when it is at most {@code max} characters, else its first {@code max} (one fewer when the
     * cut would split a surrogate pair, which cannot be written as UTF-8) and how many were cut.
     */
    public static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max > 0 && Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + "...(" + (text.length() - end) + " more characters)";
    }
}
