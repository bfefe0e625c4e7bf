package io.poolworks.spring.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import io.poolworks.InvalidSettingException;
import io.poolworks.PoolTuning;
import io.poolworks.WorkerPool;
import io.poolworks.spring.InvalidPoolPropertyException;
import io.poolworks.spring.SharedRateLimit;
import io.poolworks.spring.WorkerPoolRegistry;
import io.poolworks.spring.autoconfigure.PoolPropertiesMapper.Tunables;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.env.Environment;

/**
 * Applies a changed environment to the running pools of {@code poolworks.pools}: what the
 * new properties set differently from the last ones (sizes, queue capacity, rate limit,
 * pause) is applied with one {@link PoolTuning#update(Consumer)} per pool. A refresh is
 * all or nothing: if the new properties are invalid, or a pool refuses a value, the pools
 * already changed are changed back, one WARN names the property, and the last properties
 * stay in force. Every change is logged at INFO with the old and new values.
 * <p>
 * Only what changed is applied, so a refresh leaves alone what the pools endpoint set
 * since. A setting removed from the properties keeps its current value, except the rate
 * limit, which is removed (unless it is shared in Redis: that refresh is refused), and
 * {@code paused}, which resumes the pool. A changed rate limit shared in Redis changes
 * for every instance. Settings that only apply when a pool is built (queue order,
 * timeouts, threads, the adaptive limit) wait for the next start, as do pools declared
 * since; pools removed from the properties run on.
 */
final class PoolsRefresh {

    private static final Logger logger = LoggerFactory.getLogger(PoolsRefresh.class);

    private final WorkerPoolRegistry registry;

    private final Environment environment;

    private PoolsProperties current;

    PoolsRefresh(WorkerPoolRegistry registry, Environment environment, PoolsProperties current) {
        this.registry = registry;
        this.environment = environment;
        this.current = current;
    }

    /**
     * Apply the environment as it is now.
     * @param source what changed it, for the log
     */
    synchronized void refresh(String source) {
        PoolsProperties next;
        try {
            next = PoolworksBinding.bind(this.environment).pools();
        }
        catch (RuntimeException ex) {
            refused(source, ex);
            return;
        }
        PoolPropertiesMapper before = new PoolPropertiesMapper(this.current, this.environment);
        PoolPropertiesMapper after = new PoolPropertiesMapper(next, this.environment);
        List<Applied> applied = new ArrayList<>();
        try {
            for (String name : next.getPools().keySet()) {
                WorkerPool pool = this.registry.find(name).orElse(null);
                if (pool == null) {
                    logger.info("Pool '{}' is declared since the application started; it is created at the next start",
                            name);
                    continue;
                }
                @Nullable Tunables was = this.current.getPools().containsKey(name) ? before.tunables(name) : null;
                Applied change = apply(pool, was, after.tunables(name), after);
                if (change != null) {
                    applied.add(change);
                }
            }
        }
        catch (RuntimeException ex) {
            applied.forEach(Applied::undo);
            refused(source, ex);
            return;
        }
        this.current = next;
        for (Applied change : applied) {
            List<String> changes = change.before().changesTo(PoolTunables.of(change.pool()));
            if (!changes.isEmpty()) {
                logger.info("Pool '{}' tuned by {}: {}", change.pool().name(), source, String.join(", ", changes));
            }
        }
    }

    private @Nullable Applied apply(WorkerPool pool, @Nullable Tunables was, Tunables now,
            PoolPropertiesMapper mapper) {
        List<Consumer<PoolTuning.Change>> changes = new ArrayList<>();
        List<Consumer<PoolTuning.Change>> undo = new ArrayList<>();
        PoolTunables before = PoolTunables.of(pool);
        if (now.minWorkers() != null && (was == null || !Objects.equals(was.minWorkers(), now.minWorkers()))) {
            changes.add((change) -> change.minWorkers(now.minWorkers()));
            undo.add((change) -> change.minWorkers(before.minWorkers()));
        }
        if (now.maxWorkers() != null && (was == null || !Objects.equals(was.maxWorkers(), now.maxWorkers()))) {
            changes.add((change) -> change.maxWorkers(now.maxWorkers()));
            undo.add((change) -> change.maxWorkers(before.maxWorkers()));
        }
        if (now.queueCapacity() != null && (was == null || !Objects.equals(was.queueCapacity(), now.queueCapacity()))) {
            changes.add((change) -> change.queueCapacity(now.queueCapacity()));
            undo.add((change) -> change.queueCapacity(before.queueCapacity()));
        }
        if (was == null || !Objects.equals(was.rateLimit(), now.rateLimit())) {
            if (now.rateLimit() == null && before.rateLimit() != null) {
                refuseRemovalOfShared(pool);
            }
            changes.add((change) -> change.rateLimit(now.rateLimit()));
            undo.add((change) -> change.rateLimit(before.rateLimit()));
        }
        if (was == null || was.paused() != now.paused()) {
            changes.add((change) -> change.paused(now.paused()));
            undo.add((change) -> change.paused(before.paused()));
        }
        if (changes.isEmpty()) {
            return null;
        }
        try {
            pool.tuning().update((change) -> changes.forEach((setting) -> setting.accept(change)));
        }
        catch (InvalidSettingException ex) {
            // The pool's rules and those of a permit source shared in Redis alike.
            throw mapper.translate(pool.name(), ex);
        }
        return new Applied(pool, before, undo);
    }

    /**
     * A rate limit shared in Redis is every instance's: removed here, it would stay in
     * force elsewhere, and this pool could not share it again without a restart.
     */
    private static void refuseRemovalOfShared(WorkerPool pool) {
        SharedRateLimit shared = SharedRateLimit.of(pool).orElse(null);
        if (shared != null) {
            String property = "poolworks.pools." + pool.name() + ".rate-limit.permits";
            throw new InvalidPoolPropertyException(property, "(removed)",
                    "pool '" + pool.name() + "' shares its rate limit in Redis (key '" + shared.key()
                            + "'), which cannot be removed while it runs",
                    "Keep " + property + " (a changed value applies to every instance), or set the scope to local "
                            + "and restart");
        }
    }

    private static void refused(String source, RuntimeException ex) {
        logger.warn("Refused the refresh of poolworks.* by {}, nothing changed: {}", source, ex.getMessage());
    }

    /**
     * A change applied to one pool, and how to take it back.
     */
    private record Applied(WorkerPool pool, PoolTunables before, List<Consumer<PoolTuning.Change>> reverse) {

        void undo() {
            this.pool.tuning().update((change) -> this.reverse.forEach((setting) -> setting.accept(change)));
        }

    }

}
