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
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real web application on the starter: the endpoint and the metrics over HTTP, then a
 * close while tasks are queued and a worker feeds the pool. Every accepted task completes
 * or reaches the {@link UnfinishedTaskHandler}; the worker stops, and the web server
 * stops taking requests, before the pool drains.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "management.endpoints.web.exposure.include=health,pools,metrics",
                "poolworks.pools.ingest.max-workers=1", "poolworks.pools.ingest.queue-capacity=5000",
                "poolworks.pools.ingest.drain-timeout=300ms" })
@DirtiesContext
class WebApplicationShutdownTests {

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    private int port;

    @Autowired
    private ConfigurableApplicationContext context;

    @Autowired
    private Ledger ledger;

    @Autowired
    @Qualifier("ingest")
    private WorkerPool ingest;

    @Test
    void closeWhileTasksAreQueuedShouldLoseNoAcceptedTask() throws Exception {
        assertThat(get("/actuator/pools/ingest")).contains("\"ingest\"");
        CountDownLatch release = new CountDownLatch(1);
        this.ingest.execute(() -> awaitQuietly(release));
        for (int i = 0; i < 5; i++) {
            this.ingest.execute(() -> {
            });
        }
        assertThat(get("/actuator/metrics/executor.queued?tag=name:ingest")).contains("\"value\":5.0");
        release.countDown();
        this.ledger.startFeeding.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> this.ledger.accepted.size() > 200);
        this.context.close();

        Set<Integer> accountedFor = new HashSet<>(this.ledger.completed);
        assertThat(this.ledger.handedBack).doesNotContainAnyElementsOf(this.ledger.completed);
        accountedFor.addAll(this.ledger.handedBack);
        assertThat(accountedFor).isEqualTo(this.ledger.accepted);
        assertThat(this.ledger.completed.size() + this.ledger.handedBack.size()).isEqualTo(this.ledger.accepted.size());
        assertThat(this.ledger.timeline).containsSubsequence("workers stopped", "ingest DRAINING");
        assertThat(this.ledger.serverRefusedWhenDraining).isTrue();
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = this.http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
        return response.body();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
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
