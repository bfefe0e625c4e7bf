package io.poolworks.functional;

import java.time.Duration;

import io.poolworks.RateLimit;
import io.poolworks.SaturationPolicy;
import io.poolworks.ShutdownReport;
import io.poolworks.WorkerPool;
import io.poolworks.WorkerPools;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example in the README, as written there.
 */
class ReadmeExampleTests {

    @Test
    void readmeCompositionExampleShouldWorkAsWritten() {
        WorkerPool reports = WorkerPools.priority("reports", 1, 4) // PRIORITY order,
                                                                   // aging 10 s
            .rateLimit(RateLimit.of(50, Duration.ofSeconds(1)).withBurst(10))
            .queueCapacity(500)
            .taskTimeout(Duration.ofMinutes(2))
            .maxQueueWait(Duration.ofMinutes(10))
            .build();
        reports.execute(() -> System.out.println("urgent report"), 10);
        ShutdownReport report = reports.shutdownGracefully();

        assertThat(report.clean()).isTrue();
        assertThat(reports.stats().completed()).isEqualTo(1);
    }

    @Test
    void readmeExampleShouldWorkAsWritten() {
        WorkerPool pool = WorkerPool.builder("emails")
            .minWorkers(2)
            .maxWorkers(16)
            .idleTimeout(Duration.ofSeconds(30))
            .queueCapacity(1_000) // 0 = direct hand-off
            .saturationPolicy(SaturationPolicy.REJECT) // REJECT | BLOCK | CALLER_RUNS
            .drainTimeout(Duration.ofSeconds(30))
            .build();

        boolean accepted = pool.tryExecute(() -> System.out.println("sending")); // never
                                                                                 // blocks
        if (!accepted) {
            // full or shutting down: shed load (HTTP 429), retry later, ...
        }

        ShutdownReport report = pool.shutdownGracefully();
        report.unstarted().forEach((task) -> System.out.println("never ran: " + task));

        assertThat(accepted).isTrue();
        assertThat(report.clean()).isTrue();
        assertThat(pool.stats().completed()).isEqualTo(1);
    }

}
