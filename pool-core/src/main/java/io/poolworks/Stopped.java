package io.poolworks;

import java.util.List;

/**
 * What the engine's stop did: the tasks it took out of the queue and how many running
 * tasks it cancelled.
 *
 * @param unstarted the tasks taken out of the queue, in start order
 * @param interrupted the number of running tasks cancelled
 */
record Stopped(List<Runnable> unstarted, int interrupted) {

}
