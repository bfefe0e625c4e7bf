package io.poolworks.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.poolworks.WorkerPool;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The pools and gates a test makes, opened and shut down after each test so that no
 * worker outlives it. <pre>{@code
 * &#64;RegisterExtension
 * final PoolsUnderTest pools = new PoolsUnderTest();
 * }</pre>
 */
public final class PoolsUnderTest implements AfterEachCallback {

    private final List<WorkerPool> pools = new CopyOnWriteArrayList<>();

    private final List<Gate> gates = new CopyOnWriteArrayList<>();

    /** Build the pool and shut it down after the test. */
    public WorkerPool pool(WorkerPool.Builder builder) {
        WorkerPool pool = builder.build();
        this.pools.add(pool);
        return pool;
    }

    /** A gate expecting the given starts, opened after the test. */
    public Gate gate(int starts) {
        Gate gate = new Gate(starts);
        this.gates.add(gate);
        return gate;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        this.gates.forEach(Gate::open);
        this.pools.forEach(WorkerPool::shutdownNow);
        this.gates.clear();
        this.pools.clear();
    }

}
