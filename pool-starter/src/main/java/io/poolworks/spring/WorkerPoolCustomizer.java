package io.poolworks.spring;

import io.poolworks.WorkerPool;

/**
 * Adjusts the builder of every pool the starter builds, after the properties were
 * applied. Customizer beans run in {@link org.springframework.core.annotation.Order}, and
 * the last write wins, so a customizer overrides {@code application.yml}. <pre>{@code
 * &#64;Bean
 * WorkerPoolCustomizer emailsOnVirtualThreads() {
 *     return (name, builder) -> {
 *         if (name.equals("emails")) {
 *             builder.virtualThreads(true);
 *         }
 *     };
 * }
 * }</pre> Implementations are called on the thread that creates the pool bean.
 */
@FunctionalInterface
public interface WorkerPoolCustomizer {

    /**
     * Customize the builder of the pool with the given name.
     * @param name the pool name (its bean, for a pool of {@code application.yml}, is
     * {@code <name>WorkerPool}, qualified {@code <name>})
     * @param builder the builder, with properties already applied
     */
    void customize(String name, WorkerPool.Builder builder);

}
