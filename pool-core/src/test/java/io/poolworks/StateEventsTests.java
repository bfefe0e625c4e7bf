package io.poolworks;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import io.poolworks.event.PoolListener;
import io.poolworks.event.PoolStateChanged;
import io.poolworks.spi.GuardedCalls;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * State events come in order even when they are published late: a listener sees RUNNING →
 * DRAINING → TERMINATED however the changes and their publication interleave.
 */
class StateEventsTests {

    private final List<String> seen = new CopyOnWriteArrayList<>();

    private final AtomicReference<PoolState> state = new AtomicReference<>(PoolState.RUNNING);

    private final StateEvents events = new StateEvents("events", GuardedCalls.of(List.of(new PoolListener() {
        @Override
        public void stateChanged(PoolStateChanged event) {
            StateEventsTests.this.seen.add(event.from() + "->" + event.to());
        }
    }), "pool 'events'", StateEventsTests.class), this.state::get);

    @Test
    void terminationPublishedFirstShouldStillPassThroughDraining() {
        this.state.set(PoolState.TERMINATED);
        this.events.publishChanges();
        this.events.publishChanges();
        assertThat(this.seen).containsExactly("RUNNING->DRAINING", "DRAINING->TERMINATED");
    }

    @Test
    void aPauseUndoneBeforeItWasPublishedShouldNotBeReported() {
        this.state.set(PoolState.PAUSED);
        this.state.set(PoolState.RUNNING);
        this.events.publishChanges();
        this.state.set(PoolState.PAUSED);
        this.events.publishChanges();
        this.state.set(PoolState.DRAINING);
        this.events.publishChanges();
        assertThat(this.seen).containsExactly("RUNNING->PAUSED", "PAUSED->DRAINING");
    }

}
