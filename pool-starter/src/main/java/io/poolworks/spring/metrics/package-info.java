/**
 * Micrometer meters for Poolworks: per pool, the meters of Micrometer's
 * {@code ExecutorServiceMetrics} and {@code poolworks.*} counters; per application
 * worker, restarts, failures and state.
 */
@NullMarked
package io.poolworks.spring.metrics;

import org.jspecify.annotations.NullMarked;
