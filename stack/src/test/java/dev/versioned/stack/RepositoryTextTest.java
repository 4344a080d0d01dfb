package dev.versioned.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The repository's text speaks only of the product: no path of a developer's machine or outside the
 * repository, no reference to how its work was organised, and every relative Markdown link (and its
 * anchor) leads somewhere that exists.
 */
class RepositoryTextTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Set<String> SKIPPED_DIRS = Set.of(".git", "target", "data", "node_modules");
    private static final Pattern TEXT = Pattern.compile(
            ".*\\.(md|java|ya?ml|properties|xml|json|sh|txt|conf|sql)$" + "|.*/(Dockerfile|run|run-stack)$");
    /** Home directories and workspace roots of a machine, and the place the project was designed from. */
    private static final Pattern MACHINE_PATH =
            Pattern.compile("(?<![\\w.-])(/root/|/home/[a-z]|/Users/[A-Za-z]|/work/|[A-Z]:\\\\Users|\\.\\./shared/)");

    private static final Pattern WORK_ORGANISATION = Pattern.compile("(?i)\\bissue\\s*#?\\d+");
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*#*\\s*$");

    @Test
    @DisplayName("no text file names a path of a developer's machine or outside the repository")
    void noMachinePaths() throws IOException {
        assertThat(matches(MACHINE_PATH)).isEmpty();
    }

    @Test
    @DisplayName("no text file speaks of issue numbers: things are named by what they are")
    void noIssueNumbers() throws IOException {
        assertThat(matches(WORK_ORGANISATION)).isEmpty();
    }

    @Test
    @DisplayName("every relative Markdown link leads to a file of the repository, and every anchor to a heading")
    void relativeLinksResolve() throws IOException {
        List<String> broken = new ArrayList<>();
        Map<Path, Set<String>> anchors = new HashMap<>();
        for (Path file : textFiles()) {
            if (!file.toString().endsWith(".md")) {
                continue;
            }
            String text = withoutCodeBlocks(Files.readString(file, StandardCharsets.UTF_8));
            Matcher link = LINK.matcher(text);
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("(?i)[a-z][a-z0-9+.-]*:.*")) {
                    continue; // http:, https:, mailto:
                }
                int hash = target.indexOf('#');
                String pathPart = hash >= 0 ? target.substring(0, hash) : target;
                Path resolved = pathPart.isEmpty()
                        ? file
                        : file.getParent().resolve(pathPart).normalize();
                if (!resolved.startsWith(ROOT) || !Files.exists(resolved)) {
                    broken.add(ROOT.relativize(file) + ": " + target + " (no such file)");
                } else if (hash >= 0
                        && resolved.toString().endsWith(".md")
                        && !anchors.computeIfAbsent(resolved, RepositoryTextTest::anchorsOf)
                                .contains(target.substring(hash + 1))) {
                    broken.add(ROOT.relativize(file) + ": " + target + " (no such heading)");
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    /** The anchors GitHub gives a Markdown file's headings: lowercase, punctuation dropped, spaces to dashes. */
    private static Set<String> anchorsOf(Path markdown) {
        try {
            Set<String> anchors = new HashSet<>();
            Map<String, Integer> seen = new HashMap<>();
            Matcher heading = HEADING.matcher(withoutCodeBlocks(Files.readString(markdown, StandardCharsets.UTF_8)));
            while (heading.find()) {
                String slug = heading.group(1)
                        .toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N} _-]", "")
                        .replace(' ', '-');
                int n = seen.merge(slug, 1, Integer::sum);
                anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
            }
            return anchors;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String withoutCodeBlocks(String markdown) {
        return markdown.replaceAll("(?s)```.*?```", "");
    }

    private static List<String> matches(Pattern pattern) throws IOException {
        List<String> found = new ArrayList<>();
        for (Path file : textFiles()) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (pattern.matcher(lines.get(i)).find()) {
                    found.add(ROOT.relativize(file) + ":" + (i + 1) + ": "
                            + lines.get(i).strip());
                }
            }
        }
        return found;
    }

    /** The repository's text files, this test's own excepted (it names what it looks for). */
    private static List<Path> textFiles() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> java.util.Arrays.stream(
                                    ROOT.relativize(p).toString().split("/"))
                            .noneMatch(SKIPPED_DIRS::contains))
                    .filter(p -> TEXT.matcher(p.toString().replace('\\', '/')).matches())
                    .filter(p -> !p.getFileName().toString().equals("RepositoryTextTest.java"))
                    .sorted()
                    .toList();
        }
    }
}
