package io.poolworks.conductor;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A {@code main} for {@link RunUntilShutdownTests}, run in a child JVM: builds a
 * conductor for the scenario named by the first argument, prints {@code READY} once its
 * workers run, and calls {@link Conductor#runUntilShutdown()}.
 */
public final class ShutdownMain {

    private ShutdownMain() {
    }

    public static void main(String[] args) {
        String mode = args[0];
        CountDownLatch bothRunning = new CountDownLatch(2);
        Conductor.Builder builder = Conductor.builder("main-" + mode).listener(new ConductorListener() {

            @Override
            public void workerStarted(ConductorEvent.WorkerStarted event) {
                bothRunning.countDown();
                if (bothRunning.getCount() == 0) {
                    System.out.println("READY");
                }
            }

        }).worker("a", (ctx) -> {
            ctx.awaitStop();
            System.out.println("worker a stopped");
        });
        switch (mode) {
            case "clean" -> builder.worker("b", (ctx) -> {
                ctx.awaitStop();
                System.out.println("worker b stopped");
            }).shutdownTimeout(Duration.ofSeconds(5));
            case "stubborn" -> builder.worker("stubborn", (ctx) -> {
                while (true) {
                    try {
                        new CountDownLatch(1).await();
                    }
                    catch (InterruptedException ex) {
                        System.out.println("stubborn ignores the interrupt");
                    }
                }
            }).shutdownTimeout(Duration.ofSeconds(1));
            case "fail" -> builder.worker("crasher", (ctx) -> {
                bothRunning.await();
                throw new IllegalStateException("lost the database");
            }).shutdownTimeout(Duration.ofSeconds(5));
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
        try {
            ConductorReport report = builder.build().runUntilShutdown();
            System.out.println("RETURNED clean=" + report.clean());
        }
        catch (ConductorException ex) {
            System.out.println("FAILED worker=" + ex.worker() + " cause=" + ex.getCause().getMessage());
            System.exit(1);
        }
    }

}
