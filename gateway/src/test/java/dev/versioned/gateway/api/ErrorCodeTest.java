package dev.versioned.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.schemas.ResultCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The error codes and their statuses: each written once, and the documented tables say the same. */
class ErrorCodeTest {

    /** The repository's root: tests run in the module's directory. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static final Pattern CODE = Pattern.compile("`([A-Z_]+)`");

    /** One documented pairing of a status and a code. */
    private record Row(int status, String code) {}

    /** Every pairing the gateway answers: its own codes, and the processor's result codes. */
    private static Set<Row> answered() {
        Set<Row> rows = new LinkedHashSet<>();
        for (ErrorCode code : ErrorCode.values()) {
            rows.add(new Row(code.status(), code.name()));
        }
        for (ResultCode code : ResultCode.values()) {
            rows.add(new Row(ResultStatuses.of(code, false), code.name()));
            rows.add(new Row(ResultStatuses.of(code, true), code.name()));
        }
        return rows;
    }

    /**
     * The rows of a Markdown table headed {@code | status | code | ...}. A row may list several statuses and as
     * many codes (paired in order), or one status for several codes.
     */
    private static Set<Row> documented(Path markdown) throws IOException {
        List<String> lines = Files.readAllLines(markdown);
        int header = lines.indexOf(lines.stream()
                .filter(l -> l.startsWith("| status | code |"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no status/code table in " + markdown)));
        Set<Row> rows = new LinkedHashSet<>();
        for (String line : lines.subList(header + 2, lines.size())) {
            if (!line.startsWith("|")) {
                break;
            }
            String[] cells = line.split("\\|");
            List<Integer> statuses = Arrays.stream(cells[1].split(","))
                    .map(String::trim)
                    .map(Integer::valueOf)
                    .toList();
            List<String> codes = new ArrayList<>();
            Matcher code = CODE.matcher(cells[2]);
            while (code.find()) {
                codes.add(code.group(1));
            }
            for (int i = 0; i < codes.size(); i++) {
                rows.add(new Row(statuses.size() == codes.size() ? statuses.get(i) : statuses.get(0), codes.get(i)));
            }
        }
        return rows;
    }

    @Test
    @DisplayName("given the error codes, when their statuses are read, then each is an error status")
    void givenErrorCodes_whenStatusesRead_thenEachIsAnErrorStatus() {
        assertThat(ErrorCode.values())
                .allSatisfy(code -> assertThat(code.status()).as(code.name()).isBetween(400, 599));
    }

    @Test
    @DisplayName(
            "given the error and result codes, when used as metric labels, then no two name different things alike")
    void givenErrorAndResultCodes_whenUsedAsLabels_thenNoneCollide() {
        // given
        Set<String> labels =
                Arrays.stream(ErrorCode.values()).map(ErrorCode::label).collect(Collectors.toSet());
        // then each error code has its own label
        assertThat(labels).hasSize(ErrorCode.values().length);
        // and a result code of the same name is the same answer: same status
        for (ResultCode result : ResultCode.values()) {
            Arrays.stream(ErrorCode.values())
                    .filter(error -> error.name().equals(result.name()))
                    .forEach(error -> assertThat(ResultStatuses.of(result, false))
                            .as(result.name())
                            .isEqualTo(error.status()));
        }
    }

    @Test
    @DisplayName("given a status answered by Jersey or Jetty, when named, then it keeps the gateway's codes' meaning")
    void givenFrameworkStatus_whenNamed_thenCodesKeepTheirMeaning() {
        assertThat(ErrorCode.ofFrameworkStatus(404)).isEqualTo("NOT_FOUND");
        assertThat(ErrorCode.ofFrameworkStatus(431)).isEqualTo("HEADERS_TOO_LARGE");
        // a 429 or 503 from elsewhere does not promise that nothing was written
        assertThat(ErrorCode.ofFrameworkStatus(429)).isEqualTo("HTTP_429");
        assertThat(ErrorCode.ofFrameworkStatus(503)).isEqualTo("INTERNAL_ERROR");
    }

    @Test
    @DisplayName(
            "given the gateway README's status table, when read, then it lists exactly the codes and statuses answered")
    void givenReadmeTable_whenRead_thenItIsTheEnum() throws IOException {
        assertThat(documented(ROOT.resolve("gateway/README.md"))).containsExactlyInAnyOrderElementsOf(answered());
    }

    @Test
    @DisplayName(
            "given the HTTP API document's status table, when read, then it lists exactly the codes and statuses answered")
    void givenHttpApiTable_whenRead_thenItIsTheEnum() throws IOException {
        assertThat(documented(ROOT.resolve("docs/http-api.md"))).containsExactlyInAnyOrderElementsOf(answered());
    }
}
