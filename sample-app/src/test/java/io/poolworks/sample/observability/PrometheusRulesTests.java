package io.poolworks.sample.observability;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import io.poolworks.sample.observability.ObservabilityDocs.Rule;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The alert rules: valid for {@code promtool check rules}, and their unit tests
 * ({@code poolworks-alerts.test.yml}) pass {@code promtool test rules}, with a case where
 * each alert fires and one where it stays quiet; every alert has a summary, a description
 * and a README row.
 * <p>
 * promtool comes with Debian's {@code prometheus} package. {@code .ci/run} installs it
 * and sets {@code POOLWORKS_REQUIRE_PROMTOOL=true}, so in CI a missing promtool fails
 * these tests; elsewhere they are skipped, saying so.
 */
class PrometheusRulesTests {

    @Test
    void promtoolShouldFindTheRulesValid() throws Exception {
        String output = promtool("check", "rules", ObservabilityDocs.RULES.toString());
        assertThat(output).contains("SUCCESS: " + ObservabilityDocs.rules().size() + " rules found");
    }

    @Test
    void promtoolUnitTestsOfTheRulesShouldPass() throws Exception {
        // promtool reads the rule files relative to the test file's directory.
        String output = promtool("test", "rules", ObservabilityDocs.RULES_TESTS.toString());
        assertThat(output).contains("SUCCESS");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAlertShouldBeTestedFiringAndQuiet() throws IOException {
        Map<String, Object> tests = new Yaml().load(Files.readString(ObservabilityDocs.RULES_TESTS));
        Set<String> firing = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        for (Map<String, Object> test : (List<Map<String, Object>>) tests.get("tests")) {
            for (Map<String, Object> check : (List<Map<String, Object>>) test.get("alert_rule_test")) {
                List<?> expected = (List<?>) check.get("exp_alerts");
                ((expected == null || expected.isEmpty()) ? quiet : firing).add((String) check.get("alertname"));
            }
        }
        Set<String> alerts = new TreeSet<>(ObservabilityDocs.rules().stream().map(Rule::alert).toList());
        assertThat(firing).as("alerts tested firing").isEqualTo(alerts);
        assertThat(quiet).as("alerts tested quiet").isEqualTo(alerts);
    }

    @Test
    void everyAlertShouldHaveASummaryADescriptionAndAReadmeRow() throws IOException {
        String section = GrafanaDashboardTests.section(Files.readString(ObservabilityDocs.README),
                "## Watching pools in production");
        for (Rule rule : ObservabilityDocs.rules()) {
            assertThat(rule.annotations()).as(rule.alert()).containsKeys("summary", "description");
            assertThat(section).as("README row of alert %s", rule.alert()).contains("| `" + rule.alert() + "` ");
        }
    }

    /**
     * Run promtool and return its output; fail if it fails.
     */
    private static String promtool(String... arguments) throws Exception {
        Path promtool = findPromtool();
        List<String> command = new ArrayList<>();
        command.add(promtool.toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool ended").isTrue();
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        finally {
            process.destroyForcibly();
        }
        assertThat(process.exitValue()).as("exit status of %s:%n%s", command, output).isZero();
        return output;
    }

    private static Path findPromtool() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String directory : path.split(File.pathSeparator)) {
                Path candidate = Path.of(directory, "promtool");
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        String message = "promtool is not on the PATH, so the alert rules in docs/prometheus were NOT checked. "
                + "Install it (Debian: apt-get install prometheus); .ci/run installs it.";
        if ("true".equals(System.getenv("POOLWORKS_REQUIRE_PROMTOOL")) || "true".equals(System.getenv("CI"))) {
            fail(message + " It is required here (POOLWORKS_REQUIRE_PROMTOOL or CI is true).");
        }
        System.err.println("WARNING: " + message + " Skipped.");
        Assumptions.abort(message);
        throw new IllegalStateException("unreachable");
    }

}
