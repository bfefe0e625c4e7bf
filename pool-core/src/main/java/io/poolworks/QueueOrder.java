package io.poolworks;

/**
 * The order in which a pool starts queued tasks.
 *
 * @see WorkerPool.Builder#queueOrder(QueueOrder)
 */
public enum QueueOrder {

    /**
     * First in, first out. Priorities are ignored.
     */
    FIFO,

    /**
     * Higher priority first, first in first out among equal priorities. The queue is
     * bounded by the same capacity and saturation policy as a FIFO queue: a full queue
     * refuses a task whatever its priority; a high priority never displaces a queued
     * lower one, so nothing accepted is dropped.
     */
    PRIORITY

}
