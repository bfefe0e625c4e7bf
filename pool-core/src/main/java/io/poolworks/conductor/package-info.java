/**
 * A supervisor for long-running workers: a {@link io.poolworks.conductor.Conductor} runs
 * named {@link io.poolworks.conductor.Worker workers} as a group, applies a
 * {@link io.poolworks.conductor.FailurePolicy} when one fails (stop them all, restart it
 * with {@link io.poolworks.conductor.Backoff backoff}, or ignore it), stops them within a
 * bounded {@code shutdownTimeout} with a {@link io.poolworks.conductor.ConductorReport
 * report} of stragglers and failures, and can run until the JVM receives SIGINT or
 * SIGTERM.
 * <p>
 * A conductor is itself a worker, so conductors nest.
 * {@link io.poolworks.conductor.Workers} adapts plain actions and start/stop style
 * services; a {@link io.poolworks.conductor.ConductorListener} observes what happens, for
 * metrics and health.
 */
@NullMarked
package io.poolworks.conductor;

import org.jspecify.annotations.NullMarked;
