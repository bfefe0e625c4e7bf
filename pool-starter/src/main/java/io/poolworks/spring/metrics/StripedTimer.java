package io.poolworks.spring.metrics;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * A timer for the hot path of a pool: an exact count and an exact total in
 * {@link LongAdder}s, read through a Micrometer {@link FunctionTimer}, and a
 * {@link RecentMax} read through a gauge. Recording costs two uncontended adds and one
 * read, where a Micrometer {@code Timer} also updates its time-window maximum (reading
 * the clock) and its distribution.
 * <p>
 * The maximum is a gauge named {@code <name>.seconds.max}, in seconds and without a base
 * unit, so that Prometheus names it {@code <name>_seconds_max}: the series a Micrometer
 * {@code Timer} named {@code <name>} exports, and the one dashboards already query.
 * <p>
 * Every meter holds this timer through Micrometer's weak reference; the pool's listener
 * holds it strongly, so the meters read {@code NaN} once the pool is gone. Thread-safe.
 */
final class StripedTimer implements DurationRecorder {

    private final LongAdder count = new LongAdder();

    private final LongAdder totalNanos = new LongAdder();

    private final RecentMax max;

    private StripedTimer(RecentMax max) {
        this.max = max;
    }

    /**
     * Create a timer and register its two meters.
     * @param registry the registry
     * @param name the name of the function timer
     * @param tags the tags of both meters
     * @param description the description of the function timer
     * @param maxDescription the description of the maximum
     * @return the timer
     */
    static StripedTimer register(MeterRegistry registry, String name, Tags tags, String description,
            String maxDescription) {
        StripedTimer timer = new StripedTimer(new RecentMax(registry.config().clock()));
        FunctionTimer
            .builder(name, timer, (measured) -> measured.count.sum(), (measured) -> measured.totalNanos.sum(),
                    TimeUnit.NANOSECONDS)
            .tags(tags)
            .description(description)
            .register(registry);
        Gauge.builder(maxName(name), timer, (measured) -> measured.max.max(TimeUnit.SECONDS))
            .tags(tags)
            .description(maxDescription)
            .register(registry);
        return timer;
    }

    /**
     * Return the name of the gauge that holds a timer's maximum.
     * @param name the timer name
     * @return the gauge name
     */
    static String maxName(String name) {
        return name + ".seconds.max";
    }

    /**
     * Record a duration; a negative one (a clock that went back) counts as zero, so that
     * the count always matches the tasks.
     * @param nanos the duration in nanoseconds
     */
    @Override
    public void record(long nanos) {
        long duration = Math.max(nanos, 0);
        this.count.increment();
        this.totalNanos.add(duration);
        this.max.record(duration);
    }

}
