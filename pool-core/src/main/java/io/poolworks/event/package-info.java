/**
 * Events a {@link io.poolworks.WorkerPool} publishes to a
 * {@link io.poolworks.event.PoolListener}.
 * <p>
 * Events are records, built only when a listener is attached, so a pool without listeners
 * pays nothing for them. A listener that throws is logged and ignored; it never fails a
 * task or a pool.
 */
@NullMarked
package io.poolworks.event;

import org.jspecify.annotations.NullMarked;
