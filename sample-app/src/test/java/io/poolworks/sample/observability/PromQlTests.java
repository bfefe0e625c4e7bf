package io.poolworks.sample.observability;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PromQl}: the names it reads from the kinds of expressions the
 * dashboard and the alert rules use.
 */
class PromQlTests {

    @Test
    void metricNamesShouldSkipFunctionsLabelsRangesAndVariables() {
        assertThat(PromQl.metricNames(
                "histogram_quantile(0.99, sum by (name, le) (rate(executor_idle_seconds_bucket{name=~\"$pool\"}[$__rate_interval])))"))
            .containsExactly("executor_idle_seconds_bucket");
        assertThat(PromQl.metricNames("sum without (reason) (rate(poolworks_tasks_rejected_total[5m])) / "
                + "(sum without (reason) (rate(poolworks_tasks_rejected_total[5m])) + rate(poolworks_tasks_submitted_total[5m])) > 0.01"))
            .containsExactly("poolworks_tasks_rejected_total", "poolworks_tasks_submitted_total");
        assertThat(PromQl.metricNames(
                "max without (state) (poolworks_pool_state{state=~\"draining|terminated\"}) == 1 and on (job) up"))
            .containsExactly("poolworks_pool_state", "up");
        assertThat(
                PromQl.metricNames("sum(executor_active_threads{name=\"a b\"}) by (name) / ignoring(x) group_left(y) "
                        + "executor_pool_max_threads offset 5m > bool 1e3"))
            .containsExactly("executor_active_threads", "executor_pool_max_threads");
    }

}
