package io.poolworks.spring.web;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.poolworks.PoolState;
import io.poolworks.WorkerPool;
import io.poolworks.conductor.ConductorListener;
import io.poolworks.conductor.ConductorReport;
import io.poolworks.conductor.Worker;
import io.poolworks.event.PoolListener;
import io.poolworks.event.PoolStateChanged;
import io.poolworks.spring.UnfinishedTaskHandler;
import io.poolworks.spring.testing.Blocker;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real web application on the starter: the endpoint and the metrics over HTTP, then a
 * close while tasks are queued and a worker feeds the pool. Every accepted task completes
 * or reaches the {@link UnfinishedTaskHandler}; the worker stops, and the web server
 * stops taking requests, before the pool drains.
 */
class WebApplicationShutdownTests {

    private final HttpClient http = HttpClient.newHttpClient();

    private int port;

    // The test closes the application itself, so it runs it itself: the TestContext
    // framework refuses a cached context that a test closed.
    @Test
    void closeWhileTasksAreQueuedShouldLoseNoAcceptedTask() throws Exception {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
            .properties("server.port=0", "management.endpoints.web.exposure.include=health,pools,metrics",
                    "poolworks.pools.ingest.max-workers=1", "poolworks.pools.ingest.queue-capacity=5000",
                    "poolworks.pools.ingest.drain-timeout=300ms")
            .run();
        try {
            closeWhileTasksAreQueued(context);
        }
        finally {
            context.close();
        }
    }

    private void closeWhileTasksAreQueued(ConfigurableApplicationContext context) throws Exception {
        this.port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        Ledger ledger = context.getBean(Ledger.class);
        WorkerPool ingest = context.getBean("ingest", WorkerPool.class);
        assertThat(get("/actuator/pools/ingest")).contains("\"ingest\"");
        Blocker blocker = new Blocker();
        ingest.execute(blocker);
        // Else the blocker may still be queued when the gauge is read.
        blocker.awaitStarted();
        for (int i = 0; i < 5; i++) {
            ingest.execute(() -> {
            });
        }
        assertThat(get("/actuator/metrics/executor.queued?tag=name:ingest")).contains("\"value\":5.0");
        blocker.release();
        ledger.startFeeding.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> ledger.accepted.size() > 200);
        context.close();

        Set<Integer> accountedFor = new HashSet<>(ledger.completed);
        assertThat(ledger.handedBack).noneMatch(ledger.completed::contains);
        accountedFor.addAll(ledger.handedBack);
        assertThat(accountedFor).isEqualTo(ledger.accepted);
        assertThat(ledger.completed.size() + ledger.handedBack.size()).isEqualTo(ledger.accepted.size());
        assertThat(ledger.timeline).containsSubsequence("workers stopped", "ingest DRAINING");
        assertThat(ledger.serverRefusedWhenDraining).isTrue();
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = this.http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
        return response.body();
    }

    /**
     * What the test application saw: accepted, completed and handed-back task ids, and
     * the order of shutdown steps.
     */
    static class Ledger implements UnfinishedTaskHandler, ConductorListener, PoolListener {

        final CountDownLatch startFeeding = new CountDownLatch(1);

        final Set<Integer> accepted = ConcurrentHashMap.newKeySet();

        final Set<Integer> completed = ConcurrentHashMap.newKeySet();

        final List<Integer> handedBack = new CopyOnWriteArrayList<>();

        final List<String> timeline = new CopyOnWriteArrayList<>();

        private final Environment environment;

        volatile boolean serverRefusedWhenDraining;

        Ledger(Environment environment) {
            this.environment = environment;
        }

        @Override
        public void handle(io.poolworks.ShutdownReport report) {
            report.unstarted().forEach((task) -> {
                if (task instanceof IngestTask ingestTask) {
                    this.handedBack.add(ingestTask.id());
                }
            });
        }

        @Override
        public void conductorStopped(ConductorReport report) {
            this.timeline.add("workers stopped");
        }

        @Override
        public void stateChanged(PoolStateChanged event) {
            if (event.to() == PoolState.DRAINING) {
                this.timeline.add(event.poolName() + " DRAINING");
                this.serverRefusedWhenDraining = refusesConnections();
            }
        }

        private boolean refusesConnections() {
            int port = this.environment.getRequiredProperty("local.server.port", Integer.class);
            try (Socket socket = new Socket("localhost", port)) {
                return false;
            }
            catch (IOException ex) {
                return true;
            }
        }

    }

    record IngestTask(int id, Ledger ledger) implements Runnable {

        @Override
        public void run() {
            LockSupport.parkNanos(200_000);
            this.ledger.completed.add(this.id);
        }

        @Override
        public String toString() {
            return "ingest#" + this.id;
        }

    }

    @SpringBootApplication
    static class TestApplication {

        @Bean
        Ledger ledger(Environment environment) {
            return new Ledger(environment);
        }

        @Bean
        Worker feeder(@Qualifier("ingest") WorkerPool ingest, Ledger ledger) {
            AtomicInteger ids = new AtomicInteger();
            return (ctx) -> {
                ledger.startFeeding.await();
                while (!ctx.isStopping()) {
                    int id = ids.incrementAndGet();
                    if (ingest.tryExecute(new IngestTask(id, ledger), Duration.ofMillis(50))) {
                        ledger.accepted.add(id);
                    }
                }
            };
        }

    }

}
