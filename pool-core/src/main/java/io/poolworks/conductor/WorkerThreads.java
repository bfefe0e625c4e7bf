package io.poolworks.conductor;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ThreadFactory;

/**
 * Creates the named threads of a conductor: daemon platform threads, or virtual threads
 * obtained through the public {@code Thread.ofVirtual()} API on Java 21 and later.
 */
final class WorkerThreads {

    private final ThreadFactory factory;

    private WorkerThreads(ThreadFactory factory) {
        this.factory = factory;
    }

    static WorkerThreads platform() {
        return new WorkerThreads((runnable) -> {
            Thread thread = new Thread(runnable);
            // Daemon: a straggler the conductor gave up on must not keep the JVM alive.
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Virtual threads through method handles, because the project compiles with release
     * 17.
     * @throws IllegalStateException if the running Java has no final virtual-thread API
     */
    static WorkerThreads virtual(String conductor) {
        try {
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            Class<?> ofVirtualType = Class.forName("java.lang.Thread$Builder$OfVirtual");
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            MethodHandle ofVirtual = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtualType));
            MethodHandle factory = lookup.findVirtual(builderType, "factory",
                    MethodType.methodType(ThreadFactory.class));
            Object builder = ofVirtual.invoke();
            return new WorkerThreads((ThreadFactory) factory.invoke(builder));
        }
        catch (Throwable ex) {
            // Java 17-18: no such API; Java 19-20: a preview API that throws unless
            // enabled.
            throw new IllegalStateException("virtualThreads(true) requires Java 21 or later but conductor '" + conductor
                    + "' runs on Java " + Runtime.version(), ex);
        }
    }

    /** Returns an unstarted thread with the given name. */
    Thread newThread(String name, Runnable task) {
        Thread thread = this.factory.newThread(task);
        thread.setName(name);
        return thread;
    }

}
