package io.poolworks.spring.metrics;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for the meters of Poolworks.
 *
 * @see PoolworksMetricsAutoConfiguration
 */
@ConfigurationProperties("poolworks.metrics")
public class PoolworksMetricsProperties {

    /**
     * Whether the 'executor' and 'executor.idle' timers of each pool publish a percentile
     * histogram, so that the monitoring system can compute percentiles of run time and
     * queue wait (Prometheus: '_bucket' series). Costs more per task than the default
     * timers, which keep an exact count, total and maximum only.
     */
    private boolean histogram;

    public boolean isHistogram() {
        return this.histogram;
    }

    public void setHistogram(boolean histogram) {
        this.histogram = histogram;
    }

}
