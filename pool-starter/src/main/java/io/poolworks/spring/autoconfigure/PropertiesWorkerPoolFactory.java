package io.poolworks.spring.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.poolworks.WorkerPool;
import io.poolworks.event.PoolListener;
import io.poolworks.spring.SpringWorkerPool;
import io.poolworks.spring.TaskObserver;
import io.poolworks.spring.TaskObservers;
import io.poolworks.spring.WorkerPoolCustomizer;
import io.poolworks.spring.WorkerPoolFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.CompositeTaskDecorator;

/**
 * The starter's {@link WorkerPoolFactory}: properties, then the task observer of an
 * observed pool, Spring's task decorators and the pool listener beans, then the
 * customizers. Beans are looked up per pool, so a pool built late sees every bean.
 */
final class PropertiesWorkerPoolFactory implements WorkerPoolFactory {

    private static final Logger logger = LoggerFactory.getLogger(WorkerPoolFactory.class);

    private final PoolPropertiesMapper mapper;

    private final ObjectProvider<TaskDecorator> taskDecorators;

    private final ObjectProvider<PoolListener> listeners;

    private final ObjectProvider<WorkerPoolCustomizer> customizers;

    private final ObjectProvider<TaskObservers> observers;

    PropertiesWorkerPoolFactory(PoolPropertiesMapper mapper, ObjectProvider<TaskDecorator> taskDecorators,
            ObjectProvider<PoolListener> listeners, ObjectProvider<WorkerPoolCustomizer> customizers,
            ObjectProvider<TaskObservers> observers) {
        this.mapper = mapper;
        this.taskDecorators = taskDecorators;
        this.listeners = listeners;
        this.customizers = customizers;
        this.observers = observers;
    }

    @Override
    public WorkerPool.Builder builder(String name) {
        WorkerPool.Builder builder = this.mapper.apply(name, WorkerPool.builder(name));
        TaskObserver observer = observer(name);
        List<TaskDecorator> decorators = new ArrayList<>();
        if (observer != null) {
            // First, so innermost: the task runs in the observation's scope, inside the
            // context that the other decorators restore.
            decorators.add(observer::decorate);
        }
        decorators.addAll(this.taskDecorators.orderedStream().toList());
        if (!decorators.isEmpty()) {
            TaskDecorator decorator = (decorators.size() == 1) ? decorators.get(0)
                    : new CompositeTaskDecorator(decorators);
            builder.taskDecorator(decorator::decorate);
        }
        this.listeners.orderedStream().forEach(builder::listener);
        if (observer != null) {
            builder.listener(observer);
        }
        this.customizers.orderedStream().forEach((customizer) -> customizer.customize(name, builder));
        return builder;
    }

    private @Nullable TaskObserver observer(String name) {
        if (!this.mapper.observed(name)) {
            return null;
        }
        TaskObservers observers = this.observers.getIfAvailable();
        if (observers == null) {
            logger.warn("The tasks of pool '{}' are to be observed, but there is no ObservationRegistry bean: they "
                    + "are not. Add spring-boot-starter-actuator (or spring-boot-micrometer-observation), or turn "
                    + "the observation off (poolworks.observation.enabled, poolworks.pools.{}.observation)", name,
                    name);
            return null;
        }
        return observers.observer(name);
    }

    @Override
    public SpringWorkerPool create(String name) {
        WorkerPool pool = this.mapper.build(name, builder(name));
        if (this.mapper.paused(name)) {
            pool.tuning().pause();
        }
        return SpringWorkerPool.of(pool);
    }

}
