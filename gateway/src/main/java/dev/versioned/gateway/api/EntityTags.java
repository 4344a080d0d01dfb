package dev.versioned.gateway.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The entity tags of the API and the conditional headers that carry them (RFC 9110, section 13.1). A record's
 * tag is its version as a strong tag: version 12 is {@code "12"}; version 0 stands for "never written".
 *
 * <ul>
 *   <li>{@code If-Match} is compared strongly: a weak tag ({@code W/"12"}) matches nothing, nor does a strong
 *       tag that is not a version. It takes one tag (a version) or {@code *}; a list of tags is refused.</li>
 *   <li>{@code If-None-Match} is compared weakly, as RFC 9110 says: {@code W/"12"} matches version 12. It takes
 *       a list of tags or {@code *}.</li>
 * </ul>
 */
public final class EntityTags {

    /** The longest version a tag may name (18 digits, so that it fits a {@code long}). */
    private static final int MAX_DIGITS = 18;

    private EntityTags() {}

    /** What an {@code If-Match} header asks for. */
    public sealed interface IfMatch {
        /** {@code "12"}: the record must be at this version (0: must not exist yet). */
        record Version(long version) implements IfMatch {}

        /** {@code *}: the record must exist, at whatever version. */
        record Any() implements IfMatch {}

        /** A well-formed tag that no record ever has (weak, or not a version): the precondition fails. */
        record NeverMatches(String reason) implements IfMatch {}

        /** Not an entity tag, or more than one. */
        record Malformed(String reason) implements IfMatch {}
    }

    /** An {@code If-None-Match} header: {@code *}, or the opaque parts of its tags (weak or strong alike). */
    public record IfNoneMatch(boolean any, List<String> opaqueTags) {

        public IfNoneMatch {
            opaqueTags = List.copyOf(opaqueTags);
        }

        /** Whether an existing record at {@code version} matches (weak comparison): then the answer is 304. */
        public boolean matches(long version) {
            return any || opaqueTags.contains(String.valueOf(version));
        }
    }

    /** Reads an {@code If-Match} header. */
    public static IfMatch ifMatch(String header) {
        if (header.trim().equals("*")) {
            return new IfMatch.Any();
        }
        Optional<List<Tag>> tags = list(header);
        if (tags.isEmpty()) {
            return new IfMatch.Malformed("If-Match must be one entity tag, a version in quotes such as \"12\", or *");
        }
        if (tags.get().size() != 1) {
            return new IfMatch.Malformed("If-Match takes exactly one entity tag (a version such as \"12\"), or *");
        }
        Tag tag = tags.get().get(0);
        if (tag.weak()) {
            return new IfMatch.NeverMatches("If-Match is compared strongly and a weak entity tag (W/\"" + tag.opaque()
                    + "\") never matches; send the strong ETag as it was given, e.g. \"" + tag.opaque() + "\"");
        }
        Optional<Long> version = version(tag.opaque());
        if (version.isEmpty()) {
            return new IfMatch.NeverMatches(
                    "If-Match names no version: the ETag of a record is its version in quotes, e.g. \"12\"");
        }
        return new IfMatch.Version(version.get());
    }

    /** Reads an {@code If-None-Match} header; empty when it is not {@code *} or a list of entity tags. */
    public static Optional<IfNoneMatch> ifNoneMatch(String header) {
        if (header.trim().equals("*")) {
            return Optional.of(new IfNoneMatch(true, List.of()));
        }
        return list(header)
                .map(tags ->
                        new IfNoneMatch(false, tags.stream().map(Tag::opaque).toList()));
    }

    private record Tag(boolean weak, String opaque) {}

    /**
     * {@code #entity-tag}: tags separated by commas and optional white space, each {@code [W/]"opaque"}, the
     * opaque part of {@code etagc} characters (which include the comma, so the list is read tag by tag).
     */
    private static Optional<List<Tag>> list(String header) {
        List<Tag> tags = new ArrayList<>();
        int i = 0;
        int n = header.length();
        while (true) {
            i = skipWhiteSpace(header, i);
            boolean weak = header.startsWith("W/", i);
            if (weak) {
                i += 2;
            }
            if (i >= n || header.charAt(i) != '"') {
                return Optional.empty();
            }
            int end = i + 1;
            while (end < n && isEtagc(header.charAt(end))) {
                end++;
            }
            if (end >= n || header.charAt(end) != '"') {
                return Optional.empty();
            }
            tags.add(new Tag(weak, header.substring(i + 1, end)));
            i = skipWhiteSpace(header, end + 1);
            if (i == n) {
                return Optional.of(tags);
            }
            if (header.charAt(i) != ',') {
                return Optional.empty();
            }
            i++;
        }
    }

    private static int skipWhiteSpace(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static boolean isEtagc(char c) {
        return c == 0x21 || (c >= 0x23 && c <= 0x7e) || (c >= 0x80 && c <= 0xff);
    }

    private static Optional<Long> version(String opaque) {
        if (opaque.isEmpty() || opaque.length() > MAX_DIGITS || !opaque.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(opaque));
    }
}
