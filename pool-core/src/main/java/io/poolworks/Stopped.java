package io.poolworks;

import java.util.List;

/**
 * What the engine's stop did: the tasks it took out of the queue and the running tasks it
 * cancelled.
 *
 * @param unstarted the tasks taken out of the queue, in start order
 * @param cancelled the running tasks cancelled, as submitted
 */
record Stopped(List<Runnable> unstarted, List<Runnable> cancelled) {

}
