package io.poolworks.sample.observability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard and the alert rules of {@code docs/}, read back.
 */
final class ObservabilityDocs {

    static final Path DASHBOARD = Path.of("../docs/grafana/poolworks.json");

    static final Path RULES = Path.of("../docs/prometheus/poolworks-alerts.yml");

    static final Path RULES_TESTS = Path.of("../docs/prometheus/poolworks-alerts.test.yml");

    static final Path README = Path.of("../README.md");

    private ObservabilityDocs() {
    }

    /**
     * Read the dashboard.
     * @return its JSON
     * @throws IOException if it cannot be read
     */
    static JsonNode dashboard() throws IOException {
        return JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
    }

    /**
     * Return every panel of the dashboard that is not a row, with the row it is in.
     * @return the panels, in order
     * @throws IOException if the dashboard cannot be read
     */
    static List<Panel> panels() throws IOException {
        List<Panel> panels = new ArrayList<>();
        Row row = null;
        for (JsonNode panel : dashboard().get("panels")) {
            if (panel.get("type").asString().equals("row")) {
                row = new Row(panel.get("title").asString(), panel.path("collapsed").asBoolean(false));
                for (JsonNode nested : panel.path("panels")) {
                    panels.add(Panel.of(nested, row, true));
                }
            }
            else {
                panels.add(Panel.of(panel, row, false));
            }
        }
        return panels;
    }

    /**
     * Return the alerting rules.
     * @return the rules, in order
     * @throws IOException if the file cannot be read
     */
    @SuppressWarnings("unchecked")
    static List<Rule> rules() throws IOException {
        Map<String, Object> file = new Yaml().load(Files.readString(RULES));
        List<Rule> rules = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                rules.add(new Rule((String) rule.get("alert"), ((String) rule.get("expr")).trim(),
                        (Map<String, String>) rule.get("annotations")));
            }
        }
        return rules;
    }

    /**
     * A row of the dashboard.
     *
     * @param title its title
     * @param collapsed whether it is collapsed
     */
    record Row(String title, boolean collapsed) {

    }

    /**
     * A panel of the dashboard.
     *
     * @param json the panel
     * @param row the row above it, or {@code null}
     * @param nested whether it is nested in its (collapsed) row
     */
    record Panel(JsonNode json, @Nullable Row row, boolean nested) {

        static Panel of(JsonNode json, @Nullable Row row, boolean nested) {
            return new Panel(json, row, nested);
        }

        String title() {
            return this.json.get("title").asString();
        }

        String description() {
            return this.json.path("description").asString("");
        }

        List<String> expressions() {
            List<String> expressions = new ArrayList<>();
            for (JsonNode target : this.json.path("targets")) {
                expressions.add(target.get("expr").asString());
            }
            return expressions;
        }

    }

    /**
     * An alerting rule.
     *
     * @param alert its name
     * @param expression its expression
     * @param annotations its annotations
     */
    record Rule(String alert, String expression, Map<String, String> annotations) {

    }

}
