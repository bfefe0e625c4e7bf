package io.poolworks.spring.autoconfigure;

import java.util.List;

import io.poolworks.WorkerPool;
import io.poolworks.event.PoolListener;
import io.poolworks.spring.SpringWorkerPool;
import io.poolworks.spring.WorkerPoolCustomizer;
import io.poolworks.spring.WorkerPoolFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.CompositeTaskDecorator;

/**
 * The starter's {@link WorkerPoolFactory}: properties, then Spring's task decorators and
 * the pool listener beans, then the customizers. Beans are looked up per pool, so a pool
 * built late sees every bean.
 */
final class PropertiesWorkerPoolFactory implements WorkerPoolFactory {

    private final PoolPropertiesMapper mapper;

    private final ObjectProvider<TaskDecorator> taskDecorators;

    private final ObjectProvider<PoolListener> listeners;

    private final ObjectProvider<WorkerPoolCustomizer> customizers;

    PropertiesWorkerPoolFactory(PoolPropertiesMapper mapper, ObjectProvider<TaskDecorator> taskDecorators,
            ObjectProvider<PoolListener> listeners, ObjectProvider<WorkerPoolCustomizer> customizers) {
        this.mapper = mapper;
        this.taskDecorators = taskDecorators;
        this.listeners = listeners;
        this.customizers = customizers;
    }

    @Override
    public WorkerPool.Builder builder(String name) {
        WorkerPool.Builder builder = this.mapper.apply(name, WorkerPool.builder(name));
        List<TaskDecorator> decorators = this.taskDecorators.orderedStream().toList();
        if (!decorators.isEmpty()) {
            TaskDecorator decorator = (decorators.size() == 1) ? decorators.get(0)
                    : new CompositeTaskDecorator(decorators);
            builder.taskDecorator(decorator::decorate);
        }
        this.listeners.orderedStream().forEach(builder::listener);
        this.customizers.orderedStream().forEach((customizer) -> customizer.customize(name, builder));
        return builder;
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
