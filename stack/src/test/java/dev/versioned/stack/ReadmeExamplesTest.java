package dev.versioned.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the curl examples of the walk-throughs (docs/walkthroughs: counters, documents, streams), exactly as written
 * (only the port is changed), page after page in order, against one real local stack, and checks each response
 * status against the one the page states.
 */
class ReadmeExamplesTest {

    private static final Pattern EXPECTED = Pattern.compile("\\[(\\d{3})]\\s*$");

    record Example(String description, int expectedStatus, String command) {}

    @TempDir
    static Path dataDir;

    private static LocalStack stack;
    private static StackSettings settings;

    @BeforeAll
    static void start() throws Exception {
        settings = StackFixture.settings(dataDir);
        stack = LocalStack.start(settings);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    /** The walk-throughs, in the order they are run (each page's examples assume the ones before ran). */
    static final List<String> PAGES = List.of("counters", "documents", "streams");

    static List<Example> examples(String page) throws Exception {
        String path = "docs/walkthroughs/" + page + ".md";
        String readme = Files.readString(StackFixture.ROOT.resolve(path));
        int start = readme.indexOf("<!-- readme-examples:start -->");
        int end = readme.indexOf("<!-- readme-examples:end -->");
        assertThat(start).as(path + " has the examples block").isPositive();
        String block = readme.substring(start, end);
        block = block.substring(block.indexOf("```bash") + "```bash".length(), block.lastIndexOf("```"));
        List<Example> examples = new ArrayList<>();
        for (String paragraph : block.trim().split("\\n\\s*\\n")) {
            String[] lines = paragraph.trim().split("\\n", 2);
            Matcher m = EXPECTED.matcher(lines[0]);
            assertThat(lines[0])
                    .as("each example starts with a comment ending in [status]")
                    .startsWith("#");
            assertThat(m.find()).as("status in brackets: " + lines[0]).isTrue();
            examples.add(new Example(
                    lines[0].substring(1).replace(m.group(), "").trim(),
                    Integer.parseInt(m.group(1)),
                    lines[1].replace("\\\n", " ")));
        }
        return examples;
    }

    @TestFactory
    @DisplayName("every curl example of the walk-throughs answers the status it states")
    Stream<DynamicContainer> readmeExamples() throws Exception {
        List<DynamicContainer> pages = new ArrayList<>();
        for (String page : PAGES) {
            pages.add(DynamicContainer.dynamicContainer(
                    page, examples(page).stream().map(ReadmeExamplesTest::run)));
        }
        return pages.stream();
    }

    private static DynamicTest run(Example example) {
        return DynamicTest.dynamicTest(example.description(), () -> {
            String command = example.command().replace("localhost:8081", "localhost:" + settings.httpPort())
                    + " -w '\\n__STATUS__%{http_code}'";
            Process process = new ProcessBuilder("bash", "-c", command)
                    .redirectErrorStream(true)
                    .start();
            assertThat(process.waitFor(30, TimeUnit.SECONDS))
                    .as("curl finished")
                    .isTrue();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String status = output.substring(output.lastIndexOf("__STATUS__") + "__STATUS__".length())
                    .trim();
            assertThat(Integer.parseInt(status))
                    .as("status of `%s`; response:%n%s", example.command(), output)
                    .isEqualTo(example.expectedStatus());
            assertThat(output)
                    .as("no stack trace")
                    .doesNotContain("at dev.versioned")
                    .doesNotContain("Exception");
        });
    }
}
