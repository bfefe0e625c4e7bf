package io.poolworks;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queue's storage against a reference model, over random sequences of adds, polls and
 * removals that make the ring buffer wrap and both queues grow.
 */
class TaskQueueTests {

    @Test
    void fifoShouldHandOutInAdmissionOrderThroughWrapsGrowthAndRemovals() {
        long seed = ThreadLocalRandom.current().nextLong();
        SplittableRandom random = new SplittableRandom(seed);
        TaskQueue queue = TaskQueue.of(QueueOrder.FIFO, true);
        Deque<Named> model = new ArrayDeque<>();
        RunSlot slot = new RunSlot();
        for (int step = 0; step < 20_000; step++) {
            int action = random.nextInt(10);
            if (action < 5 || model.isEmpty()) {
                Named task = new Named(step, 0);
                queue.add(task, task, null, step, 0L);
                model.addLast(task);
            }
            else if (action < 9) {
                queue.pollInto(slot);
                assertThat(slot.submitted).as("seed %d", seed).isSameAs(model.removeFirst());
                assertThat(slot.queuedAt).isEqualTo(((Named) slot.submitted).id);
            }
            else {
                Named victim = new ArrayList<>(model).get(random.nextInt(model.size()));
                assertThat(queue.removeInto(victim, slot)).isTrue();
                assertThat(slot.submitted).isSameAs(victim);
                model.remove(victim);
            }
            assertThat(queue.size()).isEqualTo(model.size());
        }
        while (!model.isEmpty()) {
            queue.pollInto(slot);
            assertThat(slot.submitted).as("seed %d", seed).isSameAs(model.removeFirst());
        }
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void priorityShouldHandOutHighestFirstAndEqualKeysInAdmissionOrder() {
        long seed = ThreadLocalRandom.current().nextLong();
        SplittableRandom random = new SplittableRandom(seed);
        TaskQueue queue = TaskQueue.of(QueueOrder.PRIORITY, true);
        Comparator<Named> order = Comparator.comparingLong((Named task) -> task.key)
            .reversed()
            .thenComparingLong((task) -> task.id);
        TreeSet<Named> model = new TreeSet<>(order);
        RunSlot slot = new RunSlot();
        for (int step = 0; step < 20_000; step++) {
            int action = random.nextInt(10);
            if (action < 5 || model.isEmpty()) {
                Named task = new Named(step, random.nextInt(8));
                queue.add(task, task, null, step, task.key);
                model.add(task);
            }
            else if (action < 9) {
                queue.pollInto(slot);
                assertThat(slot.submitted).as("seed %d", seed).isSameAs(model.pollFirst());
            }
            else {
                Named victim = new ArrayList<>(model).get(random.nextInt(model.size()));
                assertThat(queue.removeInto(victim, slot)).isTrue();
                model.remove(victim);
            }
            assertThat(queue.size()).isEqualTo(model.size());
        }
        List<Named> rest = new ArrayList<>();
        while (!queue.isEmpty()) {
            queue.pollInto(slot);
            rest.add((Named) slot.submitted);
        }
        assertThat(rest).as("seed %d", seed).containsExactlyElementsOf(model);
    }

    @ParameterizedTest
    @EnumSource(QueueOrder.class)
    void lanesThatComeIntoUseLateShouldHandEveryTaskItsOwnRunFutureAndTime(QueueOrder order) {
        long seed = ThreadLocalRandom.current().nextLong();
        SplittableRandom random = new SplittableRandom(seed);
        for (boolean stamped : new boolean[] { true, false }) {
            TaskQueue queue = TaskQueue.of(order, stamped);
            List<Named> queued = new ArrayList<>();
            RunSlot slot = new RunSlot();
            for (int step = 0; step < 5_000; step++) {
                if (random.nextInt(3) > 0 || queued.isEmpty()) {
                    // Plain at first; decorated runs and futures only come later.
                    boolean late = step > 1_000;
                    Named task = new Named(step, random.nextInt(4));
                    Runnable run = (late && random.nextBoolean()) ? new Named(-step, 0) : task;
                    PoolFuture<?> future = (late && random.nextBoolean()) ? new PoolFuture<>("p", () -> null) : null;
                    task.run = run;
                    task.future = future;
                    queue.add(task, run, future, step, task.key);
                    queued.add(task);
                }
                else {
                    if (random.nextInt(4) == 0) {
                        Named victim = queued.get(random.nextInt(queued.size()));
                        assertThat(queue.removeInto(victim, slot)).isTrue();
                    }
                    else {
                        queue.pollInto(slot);
                    }
                    Named task = (Named) slot.submitted;
                    queued.remove(task);
                    assertThat(slot.run).as("seed %d", seed).isSameAs(task.run);
                    assertThat(slot.future).as("seed %d", seed).isSameAs(task.future);
                    assertThat(slot.queuedAt).isEqualTo(stamped ? task.id : 0L);
                }
            }
        }
    }

    @Test
    void queueShouldKeepWhatRunsAndTheFutureApartFromWhatWasSubmitted() {
        TaskQueue queue = TaskQueue.of(QueueOrder.FIFO, true);
        Runnable submitted = () -> {
        };
        Runnable decorated = () -> {
        };
        PoolFuture<Object> future = new PoolFuture<>("pool", () -> null);
        queue.add(submitted, decorated, future, 7L, 0L);
        assertThat(queue.headFuture()).isSameAs(future);
        assertThat(queue.headQueuedAt()).isEqualTo(7L);
        RunSlot slot = new RunSlot();
        queue.pollInto(slot);
        assertThat(slot.submitted).isSameAs(submitted);
        assertThat(slot.run).isSameAs(decorated);
        assertThat(slot.future).isSameAs(future);
    }

    @Test
    void removingATaskThatIsNotQueuedShouldChangeNothing() {
        TaskQueue queue = TaskQueue.of(QueueOrder.PRIORITY, true);
        Named queued = new Named(1, 1);
        queue.add(queued, queued, null, 0L, 1L);
        assertThat(queue.removeInto(new Named(2, 1), new RunSlot())).isFalse();
        assertThat(queue.size()).isEqualTo(1);
    }

    /** A task with an id and a key; the lane test notes what it queued with it. */
    private static final class Named implements Runnable {

        final long id;

        final long key;

        Runnable run = this;

        PoolFuture<?> future;

        Named(long id, long key) {
            this.id = id;
            this.key = key;
        }

        @Override
        public void run() {
        }

    }

}
