package io.poolworks.sample.observability;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.poolworks.sample.observability.ObservabilityDocs.Panel;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard as Grafana 10+ imports it: a Prometheus data source variable that
 * every panel and query uses, a {@code pool} variable from
 * {@code label_values(executor_pool_size_threads, name)} that every pool panel filters
 * on, panels that fit the grid with unique ids; and a README row for every panel.
 */
class GrafanaDashboardTests {

    private static final String DATASOURCE_UID = "${datasource}";

    @Test
    void dashboardShouldBeImportableWithADataSourceAndAPoolVariable() throws IOException {
        JsonNode dashboard = ObservabilityDocs.dashboard();
        assertThat(dashboard.path("uid").asString("")).isNotBlank();
        assertThat(dashboard.path("title").asString("")).isNotBlank();
        assertThat(dashboard.path("schemaVersion").asInt()).isBetween(36, 41);
        // An id belongs to one Grafana instance: an exported dashboard has none.
        assertThat(dashboard.has("id")).isFalse();
        JsonNode variables = dashboard.get("templating").get("list");
        assertThat(variables).hasSize(2);
        JsonNode datasource = variables.get(0);
        assertThat(datasource.get("name").asString()).isEqualTo("datasource");
        assertThat(datasource.get("type").asString()).isEqualTo("datasource");
        assertThat(datasource.get("query").asString()).isEqualTo("prometheus");
        JsonNode pool = variables.get(1);
        assertThat(pool.get("name").asString()).isEqualTo("pool");
        assertThat(pool.get("type").asString()).isEqualTo("query");
        assertThat(pool.get("datasource").get("uid").asString()).isEqualTo(DATASOURCE_UID);
        assertThat(pool.get("definition").asString()).isEqualTo("label_values(executor_pool_size_threads, name)");
        assertThat(pool.get("query").get("query").asString()).isEqualTo(pool.get("definition").asString());
        assertThat(pool.get("multi").asBoolean()).isTrue();
        assertThat(pool.get("includeAll").asBoolean()).isTrue();
    }

    @Test
    void everyPanelShouldQueryTheChosenDataSourceAndFitTheGrid() throws IOException {
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : allPanels()) {
            String title = panel.get("title").asString();
            assertThat(ids.add(panel.get("id").asInt())).as("unique id of %s", title).isTrue();
            JsonNode grid = panel.get("gridPos");
            assertThat(grid.get("x").asInt() + grid.get("w").asInt()).as("width of %s", title).isLessThanOrEqualTo(24);
            assertThat(grid.get("h").asInt()).as("height of %s", title).isPositive();
            if (panel.get("type").asString().equals("row")) {
                continue;
            }
            assertThat(panel.path("description").asString("")).as("description of %s", title).isNotBlank();
            assertThat(panel.get("datasource").get("uid").asString()).as("data source of %s", title)
                .isEqualTo(DATASOURCE_UID);
            Set<String> refIds = new HashSet<>();
            assertThat(panel.get("targets")).as("queries of %s", title).isNotEmpty();
            for (JsonNode target : panel.get("targets")) {
                assertThat(target.get("datasource").get("uid").asString()).isEqualTo(DATASOURCE_UID);
                assertThat(refIds.add(target.get("refId").asString())).as("unique refId in %s", title).isTrue();
                assertThat(target.get("expr").asString()).as("query of %s", title).isNotBlank();
            }
        }
    }

    @Test
    void everyPoolPanelShouldFilterOnThePoolVariable() throws IOException {
        for (Panel panel : ObservabilityDocs.panels()) {
            if (panel.row() != null && panel.row().title().equals("Application workers")) {
                continue;
            }
            assertThat(panel.expressions()).as("queries of %s", panel.title())
                .allMatch((expression) -> expression.contains("name=~\"$pool\""));
        }
    }

    @Test
    void everyPanelShouldBeInTheReadme() throws IOException {
        String section = section(Files.readString(ObservabilityDocs.README), "## Watching pools in production");
        for (Panel panel : ObservabilityDocs.panels()) {
            assertThat(section).as("README row of panel %s", panel.title()).contains("| " + panel.title() + " |");
        }
    }

    static String section(String readme, String heading) {
        int start = readme.indexOf(heading + "\n");
        assertThat(start).as("section %s of README.md", heading).isNotNegative();
        int end = readme.indexOf("\n## ", start + heading.length());
        return readme.substring(start, (end < 0) ? readme.length() : end);
    }

    private static List<JsonNode> allPanels() throws IOException {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : ObservabilityDocs.dashboard().get("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

}
