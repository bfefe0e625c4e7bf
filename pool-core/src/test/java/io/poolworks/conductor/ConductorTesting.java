package io.poolworks.conductor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import static org.awaitility.Awaitility.await;

/**
 * Test helpers for conductors: workers with known behaviour, a thread-leak check, a
 * recording listener and a log capture.
 */
final class ConductorTesting {

    private ConductorTesting() {
    }

    /** A worker that waits for the stop signal and returns. */
    static Worker cooperative() {
        return WorkerContext::awaitStop;
    }

    /**
     * A worker that ignores the stop signal and interruption until {@code release} opens.
     */
    static Worker stubborn(CountDownLatch entered, CountDownLatch release) {
        return (ctx) -> {
            entered.countDown();
            boolean interrupted = false;
            while (true) {
                try {
                    release.await();
                    break;
                }
                catch (InterruptedException ex) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /**
     * Simulates work that takes {@code duration} and does not react to interruption (the
     * interrupt status is kept).
     */
    static void workUninterruptibly(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        boolean interrupted = false;
        for (long left = duration.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            }
            catch (InterruptedException ex) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Awaits that no live thread has a name starting with one of the prefixes. */
    static void awaitNoThreads(String... prefixes) {
        await().atMost(Duration.ofSeconds(5))
            .pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(10))
            .untilAsserted(() -> org.assertj.core.api.Assertions.assertThat(liveThreads(prefixes))
                .as("live threads of %s", Arrays.toString(prefixes))
                .isEmpty());
    }

    static List<String> liveThreads(String... prefixes) {
        List<String> names = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && Arrays.stream(prefixes).anyMatch(thread.getName()::startsWith)) {
                names.add(thread.getName());
            }
        }
        return names;
    }

    /** Returns the state of the named worker. */
    static WorkerState state(Conductor conductor, String worker) {
        return status(conductor, worker).state();
    }

    static WorkerStatus status(Conductor conductor, String worker) {
        return conductor.status()
            .stream()
            .filter((status) -> status.name().equals(worker))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no worker " + worker));
    }

    /** A listener that records every event in order. */
    static final class RecordingListener implements ConductorListener {

        final List<Object> events = new CopyOnWriteArrayList<>();

        @Override
        public void workerStarted(ConductorEvent.WorkerStarted event) {
            this.events.add(event);
        }

        @Override
        public void workerStopped(ConductorEvent.WorkerStopped event) {
            this.events.add(event);
        }

        @Override
        public void workerFailed(ConductorEvent.WorkerFailed event) {
            this.events.add(event);
        }

        @Override
        public void workerRestarting(ConductorEvent.WorkerRestarting event) {
            this.events.add(event);
        }

        @Override
        public void conductorStopped(ConductorReport report) {
            this.events.add(report);
        }

        <T> List<T> of(Class<T> type) {
            return this.events.stream().filter(type::isInstance).map(type::cast).toList();
        }

    }

    /** Captures what the conductor logs; {@link #close()} detaches it. */
    static final class LogCapture implements AutoCloseable {

        private final Logger logger = (Logger) LoggerFactory.getLogger(Conductor.class);

        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

        LogCapture() {
            this.appender.start();
            this.logger.addAppender(this.appender);
        }

        List<String> messages() {
            synchronized (this.appender) {
                return this.appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            }
        }

        @Override
        public void close() {
            this.logger.detachAppender(this.appender);
            this.appender.stop();
        }

    }

}
