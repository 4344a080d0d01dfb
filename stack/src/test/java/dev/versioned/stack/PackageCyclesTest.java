package dev.versioned.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The packages of the product's main code depend on each other without cycles, so that each can be read (and
 * would compile) after the ones it uses. Dependencies are read from the sources' imports of the product's own
 * packages.
 */
class PackageCyclesTest {

    private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");
    private static final Pattern IMPORT =
            Pattern.compile("(?m)^import (?:static )?(dev\\.versioned\\.[\\w.]+)\\.[\\w*]+;");

    @Test
    @DisplayName("no two packages of the main code depend on each other, directly or through others")
    void mainPackagesHaveNoCycles() throws IOException {
        Map<String, Set<String>> uses = dependencies();
        assertThat(uses).as("packages read").hasSizeGreaterThan(10);
        assertThat(cycles(uses)).as("package cycles").isEmpty();
    }

    @Test
    @DisplayName("the cycle search finds a cycle through three packages")
    void cycleSearchFindsCycles() {
        Map<String, Set<String>> uses = Map.of(
                "a", Set.of("b"),
                "b", Set.of("c"),
                "c", Set.of("a"),
                "d", Set.of("a"));
        assertThat(cycles(uses)).containsExactly(List.of("a", "b", "c"));
    }

    /** Package -> the product's packages it imports from, over every module's src/main/java. */
    private static Map<String, Set<String>> dependencies() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(StackFixture.ROOT)) {
            sources = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> f.toString().contains("/src/main/java/"))
                    .filter(f ->
                            !f.toString().contains("/target/") && !f.toString().contains("/.git/"))
                    .toList();
        }
        for (Path source : sources) {
            String text = Files.readString(source);
            Matcher pkg = PACKAGE.matcher(text);
            if (!pkg.find()) {
                continue;
            }
            Set<String> used = uses.computeIfAbsent(pkg.group(1), p -> new TreeSet<>());
            Matcher imports = IMPORT.matcher(text);
            while (imports.find()) {
                String target = packageOf(imports.group(1));
                if (!target.equals(pkg.group(1))) {
                    used.add(target);
                }
            }
        }
        return uses;
    }

    /** An import names a class (or a nested class): its package is the part before the first capital. */
    private static String packageOf(String qualified) {
        List<String> parts = new ArrayList<>();
        for (String part : qualified.split("\\.")) {
            if (Character.isUpperCase(part.charAt(0))) {
                break;
            }
            parts.add(part);
        }
        return String.join(".", parts);
    }

    /** The strongly connected components with more than one package (Tarjan), each sorted. */
    static List<List<String>> cycles(Map<String, Set<String>> uses) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<List<String>> found = new ArrayList<>();
        int[] next = {0};
        for (String node : new TreeSet<>(uses.keySet())) {
            if (!index.containsKey(node)) {
                connect(node, uses, index, low, stack, onStack, found, next);
            }
        }
        return found;
    }

    private static void connect(
            String node,
            Map<String, Set<String>> uses,
            Map<String, Integer> index,
            Map<String, Integer> low,
            Deque<String> stack,
            Set<String> onStack,
            List<List<String>> found,
            int[] next) {
        index.put(node, next[0]);
        low.put(node, next[0]);
        next[0]++;
        stack.push(node);
        onStack.add(node);
        for (String target : uses.getOrDefault(node, Set.of())) {
            if (!index.containsKey(target)) {
                connect(target, uses, index, low, stack, onStack, found, next);
                low.put(node, Math.min(low.get(node), low.get(target)));
            } else if (onStack.contains(target)) {
                low.put(node, Math.min(low.get(node), index.get(target)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            List<String> component = new ArrayList<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(node));
            if (component.size() > 1) {
                component.sort(String::compareTo);
                found.add(component);
            }
        }
    }
}
