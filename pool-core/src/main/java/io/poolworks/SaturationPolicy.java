package io.poolworks;

/**
 * What {@link WorkerPool#execute(Runnable)} and {@code submit} do when every worker is
 * busy, no more workers may start and the queue is full.
 * <p>
 * {@link WorkerPool#tryExecute(Runnable)} ignores the policy: it never blocks and never
 * throws for saturation.
 *
 * @see WorkerPool.Builder#saturationPolicy(SaturationPolicy)
 */
public enum SaturationPolicy {

    /**
     * Throw a {@link RejectedTaskException} with reason
     * {@link RejectionReason#QUEUE_FULL}.
     */
    REJECT,

    /**
     * Block the submitting thread until there is room, for at most the pool's
     * {@linkplain WorkerPool.Builder#blockTimeout(java.time.Duration) block timeout},
     * then reject with {@link RejectionReason#QUEUE_FULL}.
     */
    BLOCK,

    /**
     * Run the task in the submitting thread. The task is counted as submitted and then as
     * completed or failed, like any other. A pool that is shutting down rejects instead.
     */
    CALLER_RUNS

}
