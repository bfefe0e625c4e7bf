/**
 * Composable worker pools.
 * <p>
 * Start with {@link io.poolworks.WorkerPool#builder(String)} or one of the
 * {@link io.poolworks.WorkerPools} presets. A pool is an
 * {@link java.util.concurrent.ExecutorService} with a bounded queue, dynamic sizing,
 * never-blocking submission ({@code tryExecute}), run-time tuning
 * ({@link io.poolworks.WorkerPool#tuning()}), consistent statistics
 * ({@link io.poolworks.WorkerPool#stats()}) and a phased graceful shutdown that hands
 * back every task it did not run ({@link io.poolworks.ShutdownReport}). A pool can also
 * find by itself how many tasks to run at once, from their run times
 * ({@link io.poolworks.AdaptiveLimit}).
 */
@NullMarked
package io.poolworks;

import org.jspecify.annotations.NullMarked;
