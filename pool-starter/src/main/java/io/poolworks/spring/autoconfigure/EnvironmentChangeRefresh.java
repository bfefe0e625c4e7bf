package io.poolworks.spring.autoconfigure;

import java.util.List;
import java.util.Locale;

import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ApplicationListener;

/**
 * Refreshes the pools when Spring Cloud reports that {@code poolworks.*} keys changed
 * (after {@code /actuator/refresh}, a Spring Cloud Config change, or any
 * {@code ContextRefresher.refresh()}).
 */
final class EnvironmentChangeRefresh implements ApplicationListener<EnvironmentChangeEvent> {

    private final PoolsRefresh refresh;

    EnvironmentChangeRefresh(PoolsRefresh refresh) {
        this.refresh = refresh;
    }

    @Override
    public void onApplicationEvent(EnvironmentChangeEvent event) {
        // Environment variables come as POOLWORKS_POOLS_..., hence no dot.
        List<String> keys = event.getKeys()
            .stream()
            .filter((key) -> key.toLowerCase(Locale.ROOT).startsWith(PoolworksBinding.PREFIX))
            .sorted()
            .toList();
        if (!keys.isEmpty()) {
            this.refresh.refresh("the environment change of " + keys);
        }
    }

}
