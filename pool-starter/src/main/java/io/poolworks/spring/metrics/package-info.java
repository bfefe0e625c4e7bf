/**
 * Micrometer meters for Poolworks: per pool, the meters of Micrometer's
 * {@code ExecutorServiceMetrics} (its {@code executor} and {@code executor.idle} timers
 * kept in striped counters, or as Micrometer timers with a histogram when
 * {@code poolworks.metrics.histogram} is on) and {@code poolworks.*} counters; per rate
 * limit shared in Redis, {@code poolworks.rate.limit.*} meters (permits, store errors,
 * whether Redis answers, round trips); per Redis stream that feeds a pool,
 * {@code poolworks.stream.*} meters (backlog, entries held, counts); per application
 * worker, restarts, failures and state.
 */
@NullMarked
package io.poolworks.spring.metrics;

import org.jspecify.annotations.NullMarked;
