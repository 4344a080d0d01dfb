package dev.versioned.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java examples of the README's "Streams" section compile as written against this module: its blocks, in order,
 * are the body of one method (they share their variables), with the imports a reader would add.
 */
class ReadmeStreamsExamplesTest {

    private static final Pattern JAVA = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    private static final String IMPORTS = String.join(
            "\n",
            "import com.fasterxml.jackson.databind.ObjectMapper;",
            "import com.fasterxml.jackson.databind.node.ObjectNode;",
            "import dev.versioned.client.*;",
            "import dev.versioned.schemas.ExpectedVersion;",
            "import dev.versioned.schemas.NewEvent;",
            "import dev.versioned.schemas.StreamEvent;",
            "import java.net.URI;",
            "import java.util.Iterator;",
            "import java.util.List;",
            "import java.util.Optional;");

    @Test
    @DisplayName("the Streams section's examples compile as written")
    void streamsExamplesCompile(@TempDir Path out) throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("\n## Streams\n");
        int end = readme.indexOf("\n## ", start + 1);
        assertThat(start).as("the README has a Streams section").isPositive();
        List<String> blocks = new ArrayList<>();
        Matcher java = JAVA.matcher(readme.substring(start, end));
        while (java.find()) {
            blocks.add(java.group(1));
        }
        assertThat(blocks).as("its Java examples").hasSizeGreaterThanOrEqualTo(3);
        String source = IMPORTS + "\n\nclass StreamsExamples {\n    void examples() throws Exception {\n"
                + String.join("\n", blocks) + "\n    }\n}\n";

        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, null)) {
            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            boolean compiled = compiler.getTask(
                            null,
                            files,
                            diagnostics,
                            List.of("-classpath", classpath, "-d", out.toString(), "-proc:none"),
                            null,
                            List.of(new Source(source)))
                    .call();
            assertThat(diagnostics.getDiagnostics())
                    .as("compiling:\n" + source)
                    .filteredOn(d -> d.getKind() == javax.tools.Diagnostic.Kind.ERROR)
                    .isEmpty();
            assertThat(compiled).isTrue();
        }
    }

    /** Source text in memory. */
    private static final class Source extends SimpleJavaFileObject {
        private final String text;

        Source(String text) {
            super(URI.create("string:///StreamsExamples.java"), Kind.SOURCE);
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }
}
