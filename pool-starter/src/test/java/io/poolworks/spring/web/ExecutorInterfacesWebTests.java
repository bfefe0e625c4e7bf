package io.poolworks.spring.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;

import io.poolworks.WorkerPool;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A pool where Spring expects a {@code TaskExecutor} or a {@code TaskScheduler}, in a
 * real web application: MVC async requests run on pool {@code web}, a {@code @Scheduled}
 * method on pool {@code ticks}.
 */
@SpringBootTest(classes = ExecutorInterfacesWebTests.Application.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "poolworks.pools.web.max-workers=2", "poolworks.pools.ticks.max-workers=1" })
class ExecutorInterfacesWebTests {

    @LocalServerPort
    private int port;

    @Autowired
    @Qualifier("web")
    private WorkerPool web;

    @Autowired
    @Qualifier("ticks")
    private WorkerPool ticks;

    @Autowired
    private Ticker ticker;

    @Test
    void asyncRequestWhenMvcUsesThePoolShouldRunOnIt() throws Exception {
        long before = this.web.stats().submitted();
        HttpResponse<String> response = HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/thread")).build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("web-");
        assertThat(this.web.stats().submitted()).isEqualTo(before + 1);
    }

    @Test
    void scheduledMethodWhenItNamesThePoolShouldStartEveryRunOnIt() {
        await().atMost(Duration.ofSeconds(10)).until(() -> this.ticker.threads.size() >= 3);
        assertThat(this.ticker.threads).allMatch((thread) -> thread.startsWith("ticks-"));
        assertThat(this.ticks.stats().completed()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void scheduledMethodWithoutASchedulerShouldKeepBootsScheduler() {
        await().atMost(Duration.ofSeconds(10)).until(() -> !this.ticker.plain.isEmpty());
        assertThat(this.ticker.plain).allMatch((thread) -> thread.startsWith("scheduling-"));
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @EnableScheduling
    static class Application {

        @Bean
        WebMvcConfigurer asyncRequestsOnAPool(@Qualifier("web") AsyncTaskExecutor web) {
            return new WebMvcConfigurer() {
                @Override
                public void configureAsyncSupport(AsyncSupportConfigurer configurer) {
                    configurer.setTaskExecutor(web);
                }
            };
        }

        @Bean
        ThreadController threadController() {
            return new ThreadController();
        }

        @Bean
        Ticker ticker() {
            return new Ticker();
        }

    }

    @RestController
    static class ThreadController {

        @GetMapping("/thread")
        Callable<String> thread() {
            return () -> Thread.currentThread().getName();
        }

    }

    static class Ticker {

        final List<String> threads = new CopyOnWriteArrayList<>();

        final List<String> plain = new CopyOnWriteArrayList<>();

        @Scheduled(fixedRate = 20, scheduler = "ticks")
        void tick() {
            this.threads.add(Thread.currentThread().getName());
        }

        @Scheduled(fixedRate = 20)
        void plainTick() {
            this.plain.add(Thread.currentThread().getName());
        }

    }

}
