package io.poolworks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ThreadFactory;

/**
 * Obtains a virtual-thread factory through the public {@code Thread.ofVirtual()} API of
 * Java 21+, so that the library still compiles and runs on Java 17.
 */
final class VirtualThreads {

    private VirtualThreads() {
    }

    static ThreadFactory factory(String prefix, String pool) {
        if (Runtime.version().feature() < 21) {
            throw new IllegalStateException("virtualThreads needs Java 21 or later but pool '" + pool
                    + "' runs on Java " + Runtime.version() + ": run on Java 21+ or set virtualThreads(false)");
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
            throw new IllegalStateException("virtualThreads could not be enabled for pool '" + pool + "' on Java "
                    + Runtime.version() + ": " + ex, ex);
        }
    }

}
