package io.poolworks.spring.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
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
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The task Observation with a real tracer (Micrometer Tracing over OpenTelemetry, as Boot
 * configures it) in a real web application, over real HTTP: a request whose handler
 * submits a task to an observed pool gives a trace with the request's server span and, as
 * its child, the task's span, current on the pool's thread while the task runs; the
 * Observation's timer is scraped by Prometheus.
 */
@SpringBootTest(classes = TaskTracingWebTests.Application.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "poolworks.pools.emails.max-workers=1", "poolworks.pools.emails.observation=true",
                "management.tracing.sampling.probability=1.0", "management.endpoints.web.exposure.include=prometheus" })
class TaskTracingWebTests {

    private static final AttributeKey<String> POOL = AttributeKey.stringKey("pool");

    private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");

    @LocalServerPort
    private int port;

    @Autowired
    private RecordedSpans spans;

    @Test
    void requestThatSubmitsATaskShouldTraceTheTaskAsAChildOnThePoolsThread() throws Exception {
        HttpResponse<String> response = get("/work");
        assertThat(response.statusCode()).isEqualTo(200);
        // What the task saw as the current span, and where it ran.
        String[] seen = response.body().split(" ");
        assertThat(seen[0]).startsWith("emails-");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            SpanData request = this.spans.single((span) -> span.getKind() == SpanKind.SERVER);
            SpanData task = this.spans.single((span) -> "emails task".equals(span.getName()));
            assertThat(task.getTraceId()).isEqualTo(request.getTraceId());
            assertThat(task.getParentSpanId()).isEqualTo(request.getSpanId());
            assertThat(task.getSpanId()).isEqualTo(seen[2]);
            assertThat(task.getTraceId()).isEqualTo(seen[1]);
            assertThat(task.getAttributes().get(POOL)).isEqualTo("emails");
            assertThat(task.getAttributes().get(OUTCOME)).isEqualTo("completed");
            assertThat(task.getEvents()).extracting(EventData::getName).containsExactly("started");
            // From the submission: it starts before its task runs, within the request.
            assertThat(task.getStartEpochNanos()).isBetween(request.getStartEpochNanos(), request.getEndEpochNanos());
        });
        HttpResponse<String> scrape = get("/actuator/prometheus");
        assertThat(scrape.body())
            .containsPattern("poolworks_task_seconds_count\\{[^}]*outcome=\"completed\"[^}]*pool=\"emails\"[^}]*\\} 1");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
                .timeout(Duration.ofSeconds(20))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(WorkController.class)
    static class Application {

        @Bean
        RecordedSpans recordedSpans() {
            return new RecordedSpans();
        }

    }

    /**
     * Submits a task to pool {@code emails} and answers with the task's thread, trace id
     * and span id, as the task saw them.
     */
    @RestController
    static class WorkController {

        private final WorkerPool emails;

        private final Tracer tracer;

        WorkController(@Qualifier("emails") WorkerPool emails, Tracer tracer) {
            this.emails = emails;
            this.tracer = tracer;
        }

        @GetMapping("/work")
        String work() throws Exception {
            Future<String> seen = this.emails.submit(() -> {
                Span span = this.tracer.currentSpan();
                String ids = (span != null) ? span.context().traceId() + " " + span.context().spanId() : "- -";
                return Thread.currentThread().getName() + " " + ids;
            });
            return seen.get(10, TimeUnit.SECONDS);
        }

    }

    /**
     * Every span that ended, as soon as it ended.
     */
    static final class RecordedSpans implements SpanProcessor {

        private final Queue<SpanData> ended = new ConcurrentLinkedQueue<>();

        SpanData single(Predicate<SpanData> filter) {
            List<SpanData> matching = this.ended.stream().filter(filter).toList();
            assertThat(matching).hasSize(1);
            return matching.get(0);
        }

        @Override
        public void onStart(Context parentContext, ReadWriteSpan span) {
        }

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(ReadableSpan span) {
            this.ended.add(span.toSpanData());
        }

        @Override
        public boolean isEndRequired() {
            return true;
        }

    }

}
