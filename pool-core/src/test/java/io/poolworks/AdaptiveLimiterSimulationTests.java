package io.poolworks;

import io.poolworks.AdaptiveLimit.Algorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The adaptive limit against a simulated downstream whose service time is
 * {@code 20 ms × max(1, inflight / k)}, driven by a {@link DownstreamSimulation} in fake
 * time: the pool is always backlogged (offered load well above capacity), so the limit
 * alone decides how many tasks run. Every algorithm, with the guard, is held to the same
 * bounds; the last tests show what the algorithms do without the guard.
 */
class AdaptiveLimiterSimulationTests {

    private static final long S = DownstreamSimulation.SECOND;

    private static final int MAX = 64;

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void limitShouldConvergeNearTheKneeWithinBoundedSamplesAndStayThere(Algorithm algorithm) {
        DownstreamSimulation simulation = simulate(algorithm, true).runSamples(1_000);
        long converged = simulation.now();
        simulation.runUntil(converged + 30 * S);
        assertThat(simulation.minLimit(converged, simulation.now())).as(simulation.describe())
            .isGreaterThanOrEqualTo(6);
        assertThat(simulation.maxLimit(converged, simulation.now())).as(simulation.describe()).isLessThanOrEqualTo(16);
        // What it is for: the downstream runs near its capacity of 400 tasks/s.
        assertThat(simulation.throughput(converged, simulation.now())).isGreaterThan(0.85 * 400);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void limitShouldFallBelowAHalvedKneeWithinThreeSeconds(Algorithm algorithm) {
        DownstreamSimulation simulation = simulate(algorithm, true).knee((now) -> (now < 20 * S) ? 8 : 4)
            .runUntil(23 * S);
        assertThat(simulation.maxLimit(15 * S, 20 * S)).as(simulation.describe()).isGreaterThanOrEqualTo(8);
        assertThat(simulation.minLimit(20 * S, 23 * S)).as(simulation.describe()).isLessThan(4);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void limitShouldRecoverWithinTenSecondsOnceTheKneeIsRestored(Algorithm algorithm) {
        DownstreamSimulation simulation = simulate(algorithm, true)
            .knee((now) -> (now >= 20 * S && now < 40 * S) ? 4 : 8)
            .runUntil(70 * S);
        assertThat(simulation.maxLimit(30 * S, 40 * S)).as(simulation.describe()).isLessThanOrEqualTo(8);
        // Recovered: from some moment within 10 s on, L stays within [0.75k, 2k].
        long lastOutside = simulation.lastTime(40 * S, (limit) -> limit < 6 || limit > 16);
        assertThat(lastOutside).as(simulation.describe()).isLessThan(50 * S);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void limitShouldNotClimbUnderSteadyOverload(Algorithm algorithm) {
        DownstreamSimulation simulation = simulate(algorithm, true).runUntil(600 * S);
        int early = simulation.maxLimit(10 * S, 60 * S);
        assertThat(simulation.maxLimit(60 * S, 600 * S)).as(simulation.describe()).isLessThanOrEqualTo(early);
        assertThat(early).isLessThanOrEqualTo(16);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void dropsShouldHoldTheLimitWhereTheDownstreamStartsShedding(Algorithm algorithm) {
        // The downstream's latency never grows; above 8 at once it answers "overloaded"
        // at once.
        DownstreamSimulation simulation = simulate(algorithm, true).knee((now) -> 1_000).shedAbove(8).runUntil(60 * S);
        assertThat(simulation.maxLimit(20 * S, 60 * S)).as(simulation.describe()).isLessThanOrEqualTo(12);
        assertThat(simulation.minLimit(20 * S, 60 * S)).as(simulation.describe()).isGreaterThanOrEqualTo(6);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void limitShouldNotGrowFarBeyondALightLoad(Algorithm algorithm) {
        DownstreamSimulation simulation = simulate(algorithm, true).demand(3).runUntil(60 * S);
        assertThat(simulation.maxLimit(0, 60 * S)).as(simulation.describe()).isLessThanOrEqualTo(8);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void aDownstreamThatBecameSlowerForGoodShouldBeReanchoredAtTheMinimum(Algorithm algorithm) {
        DownstreamSimulation simulation = simulate(algorithm, true)
            .service((now) -> (now < 20 * S) ? DownstreamSimulation.SERVICE : 2 * DownstreamSimulation.SERVICE)
            .runUntil(60 * S);
        assertThat(simulation.minLimit(20 * S, 25 * S)).as(simulation.describe()).isEqualTo(1);
        assertThat(simulation.limiter().anchorNanos()).isEqualTo(2.0 * DownstreamSimulation.SERVICE);
        assertThat(simulation.minLimit(40 * S, 60 * S)).as(simulation.describe()).isGreaterThanOrEqualTo(6);
        assertThat(simulation.maxLimit(40 * S, 60 * S)).as(simulation.describe()).isLessThanOrEqualTo(16);
    }

    @Test
    void pinnedLimitShouldHoldAndUnpinningShouldAdaptFromThePinnedValue() {
        DownstreamSimulation simulation = simulate(Algorithm.GRADIENT2, true).runUntil(10 * S);
        simulation.limiter().pin(30);
        simulation.runUntil(20 * S);
        assertThat(simulation.minLimit(10 * S + S / 10, 20 * S)).isEqualTo(30);
        assertThat(simulation.maxLimit(10 * S + S / 10, 20 * S)).isEqualTo(30);
        simulation.limiter().pin(null);
        simulation.runUntil(25 * S);
        assertThat(simulation.maxLimit(21 * S, 25 * S)).as(simulation.describe()).isLessThan(30);
        assertThat(simulation.maxLimit(22 * S, 25 * S)).as(simulation.describe()).isLessThanOrEqualTo(16);
    }

    @Test
    void gradient2WithoutTheGuardShouldCreepUnderSteadyOverload() {
        // concurrency-limits #134: what the guard prevents.
        DownstreamSimulation simulation = simulate(Algorithm.GRADIENT2, false).runUntil(120 * S);
        assertThat(simulation.maxLimit(100 * S, 120 * S)).isEqualTo(MAX);
    }

    @Test
    void gradient2WithoutTheGuardShouldIgnoreDrops() {
        DownstreamSimulation simulation = simulate(Algorithm.GRADIENT2, false).knee((now) -> 1_000)
            .shedAbove(8)
            .runUntil(60 * S);
        assertThat(simulation.maxLimit(30 * S, 60 * S)).isEqualTo(MAX);
    }

    @Test
    void vegasWithoutTheGuardShouldStayAboveAHalvedKnee() {
        DownstreamSimulation simulation = simulate(Algorithm.VEGAS, false).knee((now) -> (now < 20 * S) ? 8 : 4)
            .runUntil(30 * S);
        assertThat(simulation.minLimit(20 * S, 30 * S)).isGreaterThanOrEqualTo(4);
    }

    private static DownstreamSimulation simulate(Algorithm algorithm, boolean guarded) {
        AdaptiveLimit config = AdaptiveLimit.of(algorithm).resolve(MAX, "simulated");
        return new DownstreamSimulation(new AdaptiveLimiter(config, "simulated", guarded,
                (initial) -> LimitAlgorithm.create(config, initial, "simulated")));
    }

}
