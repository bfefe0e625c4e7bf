package io.poolworks.spring;

import io.poolworks.TaskDecorator;
import io.poolworks.event.PoolListener;

/**
 * Observes each task of one pool, from its submission to its end: as a
 * {@link TaskDecorator}, it sees each task in the submitting thread and may wrap it to
 * act on the worker; as a {@link PoolListener}, it hears how each task ended, including
 * the tasks that never ran (rejected, expired, cancelled while queued).
 * <p>
 * The {@link WorkerPoolFactory} applies the decorator to each task before every Spring
 * {@link org.springframework.core.task.TaskDecorator} bean, so that its wrapper runs
 * innermost, inside the context those decorators restore, and adds the listener to the
 * pool. Both roles are called from many threads: implementations are thread-safe, and
 * their decorator never throws.
 *
 * @see TaskObservers
 */
public interface TaskObserver extends TaskDecorator, PoolListener {

}
