package io.poolworks.functional;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.poolworks.AdaptiveLimit;
import io.poolworks.AdaptiveLimit.Algorithm;
import io.poolworks.OverloadedException;
import io.poolworks.InvalidSettingException;
import io.poolworks.RateLimit;
import io.poolworks.SaturationPolicy;
import io.poolworks.ShutdownReport;
import io.poolworks.WorkerPool;
import io.poolworks.WorkerPools;
import io.poolworks.conductor.Backoff;
import io.poolworks.conductor.Conductor;
import io.poolworks.conductor.ConductorReport;
import io.poolworks.conductor.FailurePolicy;
import io.poolworks.spi.StartPermits;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

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
    void readmeStartPermitsExampleShouldWorkAsWritten() {
        WorkerPool mail = WorkerPool.builder("mail")
            .startPermits(StartPermits.local(RateLimit.of(20, Duration.ofSeconds(1)).withBurst(5)))
            .build();

        mail.execute(() -> {
        });
        assertThat(mail.settings().rateLimit()).isEqualTo(RateLimit.of(20, Duration.ofSeconds(1)).withBurst(5));
        assertThat(mail.shutdownGracefully().clean()).isTrue();
    }

    @Test
    void readmeTuningUpdateExampleShouldWorkAsWritten() {
        WorkerPool pool = WorkerPool.builder("tuned").maxWorkers(4).build();
        pool.tuning().update((change) -> change.maxWorkers(8).queueCapacity(50));
        assertThat(pool.stats().maxWorkers()).isEqualTo(8);
        assertThat(pool.stats().queueCapacity()).isEqualTo(50);
        assertThatExceptionOfType(InvalidSettingException.class)
            .isThrownBy(() -> WorkerPool.builder("emails").minWorkers(4).maxWorkers(2).build())
            .withMessage("maxWorkers must be >= minWorkers (4) but was 2 for pool 'emails'");
        pool.shutdownNow();
    }

    @Test
    void readmeAdaptiveExampleShouldWorkAsWritten() throws Exception {
        WorkerPool inventory = WorkerPool.builder("inventory")
            .maxWorkers(64) // stays the hard ceiling
            .queueCapacity(500)
            // initial 4, max = maxWorkers
            .adaptiveLimit(AdaptiveLimit.of(Algorithm.GRADIENT2).withMin(2))
            .taskTimeout(Duration.ofSeconds(2)) // a timeout counts as a drop
            .build();
        Future<Integer> answered = inventory.submit(() -> {
            int status = 200; // client.call(...).status() in real life
            if (status == 429 || status == 503) {
                // a drop too
                throw new OverloadedException("inventory answered " + status);
            }
            return status;
        });

        assertThat(answered.get(5, TimeUnit.SECONDS)).isEqualTo(200);
        assertThat(inventory.settings().adaptiveLimit()).isEqualTo(new AdaptiveLimit(Algorithm.GRADIENT2, 4, 2, 64));
        inventory.tuning().update((change) -> change.adaptiveLimit(8));
        assertThat(inventory.stats().adaptiveLimit()).isEqualTo(8);
        inventory.shutdownGracefully();
    }

    @Test
    void readmeConductorExampleShouldWorkAsWritten() {
        Conductor conductor = Conductor.builder("orders").worker("poller", (ctx) -> {
            while (ctx.sleep(Duration.ofMillis(100))) {
                System.out.println("polling");
            }
        })
            .worker("indexer", (ctx) -> ctx.awaitStop(),
                    FailurePolicy.restart(Backoff.exponential(Duration.ofMillis(200), Duration.ofSeconds(30))))
            .shutdownTimeout(Duration.ofSeconds(10))
            .build();
        conductor.start();
        ConductorReport report = conductor.stop(); // report.clean(), report.stragglers(),
                                                   // report.failures()

        assertThat(report.clean()).isTrue();
        assertThat(report.stragglers()).isEmpty();
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
