package io.poolworks;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates non-daemon platform threads named with a prefix and a sequence number.
 */
final class NamedThreadFactory implements ThreadFactory {

    private final String prefix;

    private final AtomicInteger sequence = new AtomicInteger();

    NamedThreadFactory(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable runnable) {
        Thread thread = new Thread(runnable, this.prefix + this.sequence.incrementAndGet());
        thread.setDaemon(false);
        return thread;
    }

}
