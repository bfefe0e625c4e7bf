package io.poolworks;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * concurrency-limits is an optional dependency: a pool without an adaptive limit needs
 * none of its classes, and building one with an adaptive limit without it fails with an
 * error that names the dependency. The pool classes are loaded again, here, by a class
 * loader that sees the test's class path without the concurrency-limits jar.
 */
class AdaptiveLimitClassPathTests {

    @Test
    void poolWithoutAnAdaptiveLimitShouldNeedNoConcurrencyLimitsClass() throws Exception {
        try (URLClassLoader loader = withoutConcurrencyLimits()) {
            Object builder = builder(loader, "plain");
            ExecutorService pool = (ExecutorService) builder.getClass().getMethod("build").invoke(builder);
            assertThat(pool.submit(() -> 42).get()).isEqualTo(42);
            pool.shutdown();
            assertThat(loader.loadClass("io.poolworks.WorkerPool").getClassLoader()).isSameAs(loader);
        }
    }

    @Test
    void poolWithAnAdaptiveLimitShouldFailToBuildNamingTheDependency() throws Exception {
        try (URLClassLoader loader = withoutConcurrencyLimits()) {
            Object builder = builder(loader, "adaptive");
            Class<?> algorithm = loader.loadClass("io.poolworks.AdaptiveLimit$Algorithm");
            Class<?> limitType = loader.loadClass("io.poolworks.AdaptiveLimit");
            Object limit = limitType.getMethod("of", algorithm).invoke(null, algorithm.getEnumConstants()[0]);
            builder.getClass().getMethod("adaptiveLimit", limitType).invoke(builder, limit);
            Method build = builder.getClass().getMethod("build");
            Throwable failure = null;
            try {
                build.invoke(builder);
            }
            catch (InvocationTargetException ex) {
                failure = ex.getCause();
            }
            assertThat(failure).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("com.netflix.concurrency-limits:concurrency-limits-core")
                .hasMessageContaining("'adaptive'");
        }
    }

    private static Object builder(ClassLoader loader, String name) throws Exception {
        return loader.loadClass("io.poolworks.WorkerPool").getMethod("builder", String.class).invoke(null, name);
    }

    private static URLClassLoader withoutConcurrencyLimits() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.contains("concurrency-limits")) {
                urls.add(new File(entry).toURI().toURL());
            }
        }
        URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        try {
            loader.loadClass(LimitAlgorithm.NETFLIX_LIMIT);
            throw new IllegalStateException("concurrency-limits is still visible");
        }
        catch (ClassNotFoundException expected) {
            return loader;
        }
    }

}
