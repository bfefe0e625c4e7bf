package io.poolworks.spring.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StripedTimer}.
 */
class StripedTimerTests {

    private final MeterRegistry registry = new SimpleMeterRegistry();

    private final StripedTimer timer = StripedTimer.register(this.registry, "executor", Tags.of("name", "emails"),
            "run time", "longest run time");

    @Test
    void registerShouldAddAFunctionTimerAndAMaximumGaugeInSeconds() {
        FunctionTimer functionTimer = this.registry.get("executor").tag("name", "emails").functionTimer();
        Gauge max = this.registry.get("executor.seconds.max").tag("name", "emails").gauge();
        assertThat(functionTimer.getId().getDescription()).isEqualTo("run time");
        assertThat(max.getId().getDescription()).isEqualTo("longest run time");
        assertThat(max.getId().getBaseUnit()).isNull();
        assertThat(functionTimer.count()).isZero();
        assertThat(max.value()).isZero();
        this.timer.record(TimeUnit.MILLISECONDS.toNanos(1500));
        this.timer.record(TimeUnit.MILLISECONDS.toNanos(500));
        assertThat(functionTimer.count()).isEqualTo(2);
        assertThat(functionTimer.totalTime(TimeUnit.SECONDS)).isEqualTo(2.0);
        assertThat(functionTimer.mean(TimeUnit.MILLISECONDS)).isEqualTo(1000.0);
        assertThat(max.value()).isEqualTo(1.5);
    }

    @Test
    void recordWhenTheDurationIsNegativeShouldCountItAsZero() {
        this.timer.record(-5);
        FunctionTimer functionTimer = this.registry.get("executor").functionTimer();
        assertThat(functionTimer.count()).isEqualTo(1);
        assertThat(functionTimer.totalTime(TimeUnit.NANOSECONDS)).isZero();
        assertThat(this.registry.get("executor.seconds.max").gauge().value()).isZero();
    }

    @Test
    void recordWhenManyThreadsRecordShouldCountAndSumExactly() throws Exception {
        int threads = 4;
        int records = 100_000;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                done.add(executor.submit(() -> {
                    start.await();
                    for (int j = 0; j < records; j++) {
                        this.timer.record(j);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
        }
        finally {
            executor.shutdownNow();
        }
        FunctionTimer functionTimer = this.registry.get("executor").functionTimer();
        long sumPerThread = (long) records * (records - 1) / 2;
        assertThat(functionTimer.count()).isEqualTo(threads * records);
        assertThat(functionTimer.totalTime(TimeUnit.NANOSECONDS)).isEqualTo((double) threads * sumPerThread);
        assertThat(this.registry.get("executor.seconds.max").gauge().value()).isEqualTo((records - 1) / 1e9);
    }

}
