package io.poolworks.spring.autoconfigure;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated configuration metadata: every property an IDE offers has a description.
 */
class ConfigurationMetadataTests {

    @Test
    void everyPropertyShouldHaveADescription() throws Exception {
        List<Map<String, Object>> properties = properties();
        assertThat(properties).extracting((property) -> property.get("name"))
            .contains("poolworks.pools", "poolworks.defaults.max-workers", "poolworks.defaults.rate-limit.burst",
                    "poolworks.workers.shutdown-timeout", "poolworks.workers.restart.max-restarts",
                    "poolworks.workers.overrides");
        List<Object> undocumented = new ArrayList<>();
        for (Map<String, Object> property : properties) {
            Object description = property.get("description");
            if (!(description instanceof String text) || text.isBlank()) {
                undocumented.add(property.get("name"));
            }
        }
        assertThat(undocumented).as("properties without a description").isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> properties() throws Exception {
        try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
            Map<String, Object> metadata = JsonMapper.builder().build().readValue(in, Map.class);
            return (List<Map<String, Object>>) metadata.get("properties");
        }
    }

}
