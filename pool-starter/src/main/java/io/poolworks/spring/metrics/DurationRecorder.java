package io.poolworks.spring.metrics;

/**
 * Where a pool's listener records one duration of a finished task: a
 * {@link StripedTimer}, or a Micrometer {@code Timer} when histograms are on.
 */
@FunctionalInterface
interface DurationRecorder {

    /**
     * Record a duration.
     * @param nanos the duration in nanoseconds
     */
    void record(long nanos);

}
