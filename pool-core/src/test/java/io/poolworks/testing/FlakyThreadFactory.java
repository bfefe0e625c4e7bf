package io.poolworks.testing;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A thread factory whose behaviour a test switches at will: make threads, throw an
 * {@code OutOfMemoryError} as a JVM out of native threads does, return {@code null}, or
 * return a thread it already started.
 */
public final class FlakyThreadFactory implements ThreadFactory {

    /** What the next {@link #newThread(Runnable)} does. */
    public enum Mode {

        WORK, OUT_OF_MEMORY, NULL, STARTED

    }

    private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.WORK);

    private final AtomicInteger made = new AtomicInteger();

    private final AtomicInteger refused = new AtomicInteger();

    private final String prefix;

    public FlakyThreadFactory(String prefix) {
        this.prefix = prefix;
    }

    public FlakyThreadFactory mode(Mode mode) {
        this.mode.set(mode);
        return this;
    }

    /** How many threads the factory made and handed out unstarted. */
    public int made() {
        return this.made.get();
    }

    /** How many times it failed on purpose. */
    public int refused() {
        return this.refused.get();
    }

    @Override
    public Thread newThread(Runnable runnable) {
        Mode mode = this.mode.get();
        if (mode == Mode.OUT_OF_MEMORY) {
            this.refused.incrementAndGet();
            throw new OutOfMemoryError(
                    "unable to create native thread: possibly out of memory or process/resource " + "limits reached");
        }
        if (mode == Mode.NULL) {
            this.refused.incrementAndGet();
            return null;
        }
        Thread thread = new Thread(runnable, this.prefix + this.made.incrementAndGet());
        if (mode == Mode.STARTED) {
            this.refused.incrementAndGet();
            thread.start();
        }
        return thread;
    }

}
