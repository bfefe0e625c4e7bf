package io.poolworks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The thread factories pools and conductors use, for code that wants the same threads:
 * platform threads named with a prefix and a number, or virtual threads on Java 21 and
 * later. <pre>{@code
 * WorkerPool pool = WorkerPool.builder("io")
 *         .threadFactory(ThreadFactories.platform("io-worker-", true))
 *         .build();
 * }</pre>
 * <p>
 * This class is stateless; the factories it returns are thread-safe.
 */
public final class ThreadFactories {

    private ThreadFactories() {
    }

    /**
     * Return a factory of platform threads named {@code prefix} followed by 1, 2, ...
     * @param prefix the name prefix
     * @param daemon whether the threads are daemon threads (they do not keep the JVM
     * alive)
     * @return the factory
     * @throws NullPointerException if the prefix is {@code null}
     */
    public static ThreadFactory platform(String prefix, boolean daemon) {
        Objects.requireNonNull(prefix, "prefix must not be null");
        AtomicInteger sequence = new AtomicInteger();
        return (runnable) -> {
            Thread thread = new Thread(runnable, prefix + sequence.incrementAndGet());
            thread.setDaemon(daemon);
            return thread;
        };
    }

    /**
     * Return a factory of virtual threads named {@code prefix} followed by 1, 2, ...,
     * through the public {@code Thread.ofVirtual()} API, so that this library still runs
     * on Java 17.
     * @param prefix the name prefix
     * @param owner who asks, for the error message, for example {@code "pool 'io'"}
     * @return the factory
     * @throws IllegalStateException if the running Java is older than 21
     * @throws NullPointerException if an argument is {@code null}
     */
    public static ThreadFactory virtual(String prefix, String owner) {
        Objects.requireNonNull(prefix, "prefix must not be null");
        Objects.requireNonNull(owner, "owner must not be null");
        if (Runtime.version().feature() < 21) {
            throw new IllegalStateException("virtualThreads(true) needs Java 21 or later but " + owner
                    + " runs on Java " + Runtime.version() + ": run on Java 21+ or set virtualThreads(false)");
        }
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            Class<?> ofVirtualType = Class.forName("java.lang.Thread$Builder$OfVirtual");
            Object builder = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtualType))
                .invoke();
            builder = lookup
                .findVirtual(builderType, "name", MethodType.methodType(builderType, String.class, long.class))
                .invoke(builder, prefix, 1L);
            return (ThreadFactory) lookup
                .findVirtual(builderType, "factory", MethodType.methodType(ThreadFactory.class))
                .invoke(builder);
        }
        catch (Throwable ex) {
            throw new IllegalStateException(
                    "virtualThreads could not be enabled for " + owner + " on Java " + Runtime.version() + ": " + ex,
                    ex);
        }
    }

}
