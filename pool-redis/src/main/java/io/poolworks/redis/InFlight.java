package io.poolworks.redis;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

/**
 * The entries a stream source holds: read from Redis and neither acknowledged nor given
 * up. Their number is what the source bounds by the pool's capacity, so an entry is held
 * from its read until Redis confirmed its acknowledgement (or its handler failed and it
 * was left pending). Holding ids, not a count, also keeps an entry from being handed to
 * the pool twice when a claim or a re-read returns one that is still in the pool.
 * <p>
 * The reader waits here for room: every release and every start of a handed-over entry
 * counts as a change and wakes it. Thread-safe; one reader waits at a time.
 */
final class InFlight {

    private final Set<String> held = ConcurrentHashMap.newKeySet();

    /** Handed to the pool and not yet started by a worker. */
    private final AtomicInteger notStarted = new AtomicInteger();

    private final AtomicLong changes = new AtomicLong();

    private volatile @Nullable Thread waiter;

    /** Hold an entry; false if it is held already. */
    boolean hold(String id) {
        return this.held.add(id);
    }

    boolean holds(String id) {
        return this.held.contains(id);
    }

    void release(String id) {
        if (this.held.remove(id)) {
            changed();
        }
    }

    void release(Collection<String> ids) {
        boolean any = false;
        for (String id : ids) {
            any |= this.held.remove(id);
        }
        if (any) {
            changed();
        }
    }

    int size() {
        return this.held.size();
    }

    /** Count an entry about to be offered to the pool. */
    void handing() {
        this.notStarted.incrementAndGet();
    }

    /** The pool refused the entry just offered. */
    void refused() {
        this.notStarted.decrementAndGet();
    }

    /** A worker started an entry. */
    void started() {
        this.notStarted.decrementAndGet();
        changed();
    }

    int notStarted() {
        return this.notStarted.get();
    }

    long changes() {
        return this.changes.get();
    }

    /**
     * Wait until something changed since {@code seen}, the timeout passed or the thread
     * is interrupted (its status is kept).
     */
    void awaitChange(long seen, long nanos) {
        this.waiter = Thread.currentThread();
        try {
            if (this.changes.get() == seen) {
                LockSupport.parkNanos(this, nanos);
            }
        }
        finally {
            this.waiter = null;
        }
    }

    private void changed() {
        this.changes.incrementAndGet();
        Thread waiter = this.waiter;
        if (waiter != null) {
            LockSupport.unpark(waiter);
        }
    }

}
