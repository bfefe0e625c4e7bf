package io.poolworks.spring.autoconfigure;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.poolworks.AdaptiveLimit;
import io.poolworks.QueueOrder;
import io.poolworks.SaturationPolicy;
import io.poolworks.spring.autoconfigure.PoolsProperties.RateLimitScope;
import io.poolworks.spring.autoconfigure.PoolsProperties.StoreFailure;
import io.poolworks.spring.autoconfigure.WorkersProperties.FailurePolicyType;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated configuration metadata: every property an IDE offers has a description,
 * every pool key is listed under {@code poolworks.pools.*} as well, and the enumerated
 * settings have hints with a description per value.
 */
class ConfigurationMetadataTests {

    @Test
    void everyPropertyShouldHaveADescription() throws Exception {
        List<Map<String, Object>> properties = list("properties");
        assertThat(properties).extracting((property) -> property.get("name"))
            .contains("poolworks.pools", "poolworks.defaults.max-workers", "poolworks.defaults.rate-limit.burst",
                    "poolworks.workers.shutdown-timeout", "poolworks.workers.restart.max-restarts",
                    "poolworks.workers.overrides", "poolworks.streams");
        List<Object> undocumented = new ArrayList<>();
        for (Map<String, Object> property : properties) {
            Object description = property.get("description");
            if (!(description instanceof String text) || text.isBlank()) {
                undocumented.add(property.get("name"));
            }
        }
        assertThat(undocumented).as("properties without a description").isEmpty();
    }

    @Test
    void everyPoolKeyShouldBeListedForEveryPoolWithTheTypeAndDescriptionOfItsDefault() throws Exception {
        Map<String, Map<String, Object>> properties = byName(list("properties"));
        List<String> keys = properties.keySet()
            .stream()
            .filter((name) -> name.startsWith("poolworks.defaults."))
            .map((name) -> name.substring("poolworks.defaults.".length()))
            .toList();
        assertThat(keys).contains("min-workers", "max-workers", "rate-limit.permits", "rate-limit.scope",
                "rate-limit.key", "rate-limit.on-store-failure", "rate-limit.request-timeout", "virtual-threads",
                "paused");
        for (String key : keys) {
            Map<String, Object> inherited = properties.get("poolworks.defaults." + key);
            Map<String, Object> pool = properties.get("poolworks.pools.*." + key);
            assertThat(pool).as("poolworks.pools.*.%s", key).isNotNull();
            assertThat(pool.get("type")).as(key).isEqualTo(inherited.get("type"));
            assertThat((String) pool.get("description")).as(key).startsWith((String) inherited.get("description"));
        }
        assertThat(properties.keySet().stream().filter((name) -> name.startsWith("poolworks.pools.*.")))
            .hasSameSizeAs(keys);
    }

    @Test
    void everyWorkerOverrideKeyShouldBeListed() throws Exception {
        Map<String, Map<String, Object>> properties = byName(list("properties"));
        assertThat(properties).containsKeys("poolworks.workers.overrides.*.failure-policy",
                "poolworks.workers.overrides.*.restart.initial-backoff",
                "poolworks.workers.overrides.*.restart.max-restarts");
    }

    @Test
    void everyStreamBindingKeyShouldBeListedWithATypeAndADescription() throws Exception {
        Map<String, Map<String, Object>> properties = byName(list("properties"));
        List<String> keys = KnownProperties.all()
            .stream()
            .filter((name) -> name.startsWith("poolworks.streams.*."))
            .toList();
        assertThat(keys).contains("poolworks.streams.*.stream", "poolworks.streams.*.group", "poolworks.streams.*.pool",
                "poolworks.streams.*.handler", "poolworks.streams.*.consumer", "poolworks.streams.*.claim-idle",
                "poolworks.streams.*.max-deliveries", "poolworks.streams.*.dead-letter");
        for (String key : keys) {
            assertThat(properties.get(key)).as(key).isNotNull();
            assertThat(properties.get(key).get("type")).as(key).isNotNull();
        }
        assertThat(properties.keySet().stream().filter((name) -> name.startsWith("poolworks.streams.*.")))
            .containsExactlyInAnyOrderElementsOf(keys);
        assertThat((String) properties.get("poolworks.streams").get("description")).isNotBlank();
        assertThat(properties).containsKey("management.health.streams.enabled");
    }

    @Test
    void maxWorkersShouldStateItsComputedDefault() throws Exception {
        Map<String, Map<String, Object>> properties = byName(list("properties"));
        assertThat((String) properties.get("poolworks.pools.*.max-workers").get("description"))
            .contains("Defaults to the number of processors, at least 2 and at least min-workers.");
    }

    @Test
    void enumeratedSettingsShouldHaveAHintWithADescriptionPerValue() throws Exception {
        Map<String, Map<String, Object>> hints = byName(list("hints"));
        assertHint(hints, "poolworks.defaults.queue-order", QueueOrder.values());
        assertHint(hints, "poolworks.pools.*.queue-order", QueueOrder.values());
        assertHint(hints, "poolworks.defaults.saturation", SaturationPolicy.values());
        assertHint(hints, "poolworks.pools.*.saturation", SaturationPolicy.values());
        assertHint(hints, "poolworks.defaults.rate-limit.scope", RateLimitScope.values());
        assertHint(hints, "poolworks.pools.*.rate-limit.scope", RateLimitScope.values());
        assertHint(hints, "poolworks.defaults.rate-limit.on-store-failure", StoreFailure.values());
        assertHint(hints, "poolworks.pools.*.rate-limit.on-store-failure", StoreFailure.values());
        assertHint(hints, "poolworks.defaults.adaptive.algorithm", AdaptiveLimit.Algorithm.values());
        assertHint(hints, "poolworks.pools.*.adaptive.algorithm", AdaptiveLimit.Algorithm.values());
        assertHint(hints, "poolworks.workers.failure-policy", FailurePolicyType.values());
        assertHint(hints, "poolworks.workers.overrides.*.failure-policy", FailurePolicyType.values());
    }

    @SuppressWarnings("unchecked")
    private static void assertHint(Map<String, Map<String, Object>> hints, String name, Enum<?>[] constants) {
        Map<String, Object> hint = hints.get(name);
        assertThat(hint).as("hint for %s", name).isNotNull();
        List<Map<String, Object>> values = (List<Map<String, Object>>) hint.get("values");
        assertThat(values).extracting((value) -> value.get("value"))
            .as(name)
            .containsExactlyElementsOf(Arrays.stream(constants)
                .map((constant) -> constant.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .toList());
        assertThat(values).allSatisfy((value) -> assertThat((String) value.get("description")).isNotBlank());
    }

    private static Map<String, Map<String, Object>> byName(List<Map<String, Object>> items) {
        return items.stream().collect(Collectors.toMap((item) -> (String) item.get("name"), Function.identity()));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(String key) throws Exception {
        try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
            Map<String, Object> metadata = JsonMapper.builder().build().readValue(in, Map.class);
            return (List<Map<String, Object>>) metadata.get(key);
        }
    }

}
