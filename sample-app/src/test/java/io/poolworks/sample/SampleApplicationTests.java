package io.poolworks.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.poolworks.WorkerPool;
import io.poolworks.sample.testing.Http;
import io.poolworks.sample.testing.RateLimitAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample service in process, over real HTTP: backpressure, priority order, the mail
 * rate limit, request ids in task logs, and which Actuator calls need credentials.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "sample.ingest.work-time=20ms", "sample.reports.work-time=20ms", "sample.mail.work-time=5ms",
                "poolworks.defaults.drain-timeout=2s", "poolworks.defaults.termination-grace=1s" })
@ExtendWith(OutputCaptureExtension.class)
class SampleApplicationTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static final String JSON_PAYLOAD = "{\"payload\":\"hello\"}";

    @LocalServerPort
    private int port;

    @Autowired
    @Qualifier("ingest")
    private WorkerPool ingest;

    @Autowired
    @Qualifier("reports")
    private WorkerPool reports;

    private Http http;

    @BeforeEach
    void http() {
        this.http = new Http(this.port);
    }

    @Test
    void ingestWhenQueueIsFullShouldAnswer429WithRetryAfter() {
        int capacity = this.ingest.stats().queueCapacity();
        this.ingest.tuning().pause();
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> refused = null;
        try {
            for (int i = 0; i <= capacity + this.ingest.stats().maxWorkers() && refused == null; i++) {
                HttpResponse<String> response = this.http.post("/ingest", JSON_PAYLOAD);
                statuses.add(response.statusCode());
                if (response.statusCode() == 429) {
                    refused = response;
                }
            }
        }
        finally {
            this.ingest.tuning().resume();
        }
        assertThat(statuses).startsWith(202).endsWith(429).containsOnly(202, 429);
        assertThat(statuses.stream().filter((status) -> status == 202)).hasSizeGreaterThanOrEqualTo(capacity);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(refused.body()).contains("\"error\":\"ingest is full, retry later\"", "\"retryAfterSeconds\":1");
        String rejections = this.http
            .get("/actuator/metrics/poolworks.tasks.rejected?tag=name:ingest&tag=reason:queue-full")
            .body();
        assertThat(Double.parseDouble(field(rejections, "value"))).isGreaterThanOrEqualTo(1.0);
        await().atMost(WAIT).until(() -> this.ingest.stats().queued() == 0);
    }

    @Test
    void reportsShouldStartHighestPriorityFirstThenInArrivalOrder() {
        this.reports.tuning().resize(1, 1);
        this.reports.tuning().pause();
        List<String> tasks = new ArrayList<>();
        try {
            for (int priority : new int[] { 1, 5, 3, 5, 9, 0 }) {
                HttpResponse<String> response = this.http.post("/reports?priority=" + priority, "");
                assertThat(response.statusCode()).isEqualTo(202);
                assertThat(response.headers().firstValue("Location"))
                    .hasValueSatisfying((location) -> assertThat(location).matches("/reports/\\d+"));
                tasks.add(response.headers().firstValue("Location").orElseThrow());
            }
        }
        finally {
            this.reports.tuning().resume();
        }
        List<String> done = new ArrayList<>();
        await().atMost(WAIT).untilAsserted(() -> {
            done.clear();
            for (String location : tasks) {
                done.add(this.http.get(location).body());
            }
            assertThat(done).allSatisfy((body) -> assertThat(body).contains("\"state\":\"DONE\""));
        });
        this.reports.tuning().resize(1, 4);
        List<String> byStart = done.stream()
            .sorted(Comparator.comparingLong(SampleApplicationTests::startOrder))
            .toList();
        assertThat(byStart).extracting(SampleApplicationTests::priority).containsExactly(9, 5, 5, 3, 1, 0);
        assertThat(byStart.subList(1, 3)).extracting(Http::task)
            .containsExactly(Http.task(done.get(1)), Http.task(done.get(3)));
    }

    @Test
    void mailShouldStartNoFasterThanItsRateLimit() {
        int mails = 12;
        for (int i = 0; i < mails; i++) {
            HttpResponse<String> response = this.http.post("/mail",
                    "{\"to\":\"user" + i + "@example.com\",\"subject\":\"Hello\"}");
            assertThat(response.statusCode()).isEqualTo(202);
        }
        List<Instant> sent = new ArrayList<>();
        await().atMost(WAIT).untilAsserted(() -> {
            sent.clear();
            sent.addAll(sentAt(this.http.get("/mail").body()));
            assertThat(sent).hasSizeGreaterThanOrEqualTo(mails);
        });
        // 5 permits a second with a burst of 5: the 12 mails need at least 7 / 5 s.
        assertThat(Duration.between(sent.get(sent.size() - mails), sent.get(sent.size() - 1)))
            .isGreaterThanOrEqualTo(Duration.ofMillis(1_200));
        RateLimitAssert.assertWithinTokenBucket(sent, 5, Duration.ofSeconds(1), 5);
    }

    @Test
    void tasksShouldLogTheRequestIdOfTheRequestThatCausedThem(CapturedOutput output) {
        String ingested = Http.task(this.http.post("/ingest", JSON_PAYLOAD, "X-Request-Id", "req-ingest").body());
        String mailed = Http
            .task(this.http.post("/mail", "{\"to\":\"ada@example.com\",\"subject\":\"Hi\"}", "X-Request-Id", "req-mail")
                .body());
        String reported = Http.task(this.http.post("/reports?priority=1", "", "X-Request-Id", "req-report").body());
        String delivered = Http.task(this.http.post("/inbox", JSON_PAYLOAD, "X-Request-Id", "req-inbox").body());
        await().atMost(WAIT)
            .untilAsserted(
                    () -> assertThat(output.getOut()).containsPattern("\\[req-ingest\\] .* Ingested " + ingested + " ")
                        .containsPattern("\\[req-mail\\] .* Sent " + mailed + " ")
                        .containsPattern("\\[req-report\\] .* Rendered " + reported + " ")
                        .containsPattern("\\[req-inbox\\] .* Ingested " + delivered + " "));
    }

    @Test
    void responsesShouldEchoTheRequestIdOrMakeOne() {
        assertThat(this.http.get("/mail", "X-Request-Id", "given-1").headers().firstValue("X-Request-Id"))
            .hasValue("given-1");
        assertThat(this.http.get("/mail").headers().firstValue("X-Request-Id"))
            .hasValueSatisfying((id) -> assertThat(id).matches("[0-9a-f]{8}"));
    }

    @Test
    void badRequestsShouldAnswer400() {
        assertThat(this.http.post("/ingest", "{}").statusCode()).isEqualTo(400);
        assertThat(this.http.post("/inbox", "{\"payload\":\"\"}").statusCode()).isEqualTo(400);
        assertThat(this.http.post("/mail", "{\"subject\":\"no recipient\"}").statusCode()).isEqualTo(400);
        assertThat(this.http.get("/reports/999999").statusCode()).isEqualTo(404);
    }

    @Test
    void actuatorReadsShouldBeOpen() {
        assertThat(this.http.get("/actuator/health/liveness").body()).isEqualTo("{\"status\":\"UP\"}");
        HttpResponse<String> readiness = this.http.get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"pools\":{", "\"readinessState\":{\"status\":\"UP\"}")
            .endsWith("\"status\":\"UP\"}");
        assertThat(this.http.get("/actuator/pools").body()).contains("\"ingest\":{", "\"reports\":{", "\"mail\":{");
        assertThat(this.http.get("/actuator/workers").body())
            .contains("\"inboxPoller\":{\"name\":\"inboxPoller\",\"state\":\"RUNNING\"");
        assertThat(this.http.get("/actuator/metrics").statusCode()).isEqualTo(200);
        HttpResponse<String> scrape = this.http.get("/actuator/prometheus");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("executor_queued_tasks{name=\"ingest\"}",
                "executor_pool_max_threads{name=\"reports\"} 4.0",
                "poolworks_tasks_rejected_total{name=\"mail\",reason=\"queue-full\"}",
                "poolworks_worker_state{state=\"running\",worker=\"inboxPoller\"} 1.0");
    }

    @Test
    void tuningAPoolWithoutCredentialsShouldAnswer401AndChangeNothing() {
        HttpResponse<String> response = this.http.post("/actuator/pools/reports", "{\"maxWorkers\":8}");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
            .hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Basic"));
        assertThat(this.reports.stats().maxWorkers()).isEqualTo(4);
    }

    @Test
    void tuningAPoolWithAWrongPasswordShouldAnswer401AndChangeNothing() {
        HttpResponse<String> response = this.http.post("/actuator/pools/reports", "{\"maxWorkers\":8}", "Authorization",
                Http.basic("operator", "wrong"));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(this.reports.stats().maxWorkers()).isEqualTo(4);
    }

    @Test
    void tuningAPoolAsOperatorShouldChangeItAndLogWhoDid(CapturedOutput output) {
        String operator = Http.basic("operator", "change-me");
        try {
            HttpResponse<String> response = this.http.post("/actuator/pools/reports", "{\"maxWorkers\":6}",
                    "Authorization", operator);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"maxWorkers\":6");
            assertThat(this.reports.stats().maxWorkers()).isEqualTo(6);
            assertThat(output)
                .contains("Pool 'reports' tuned through the pools endpoint by 'operator': " + "max-workers 4 -> 6");
            HttpResponse<String> invalid = this.http.post("/actuator/pools/reports", "{\"maxWorkers\":0}",
                    "Authorization", operator);
            assertThat(invalid.statusCode()).isEqualTo(400);
            assertThat(this.reports.stats().maxWorkers()).isEqualTo(6);
        }
        finally {
            this.reports.tuning().resize(1, 4);
        }
    }

    private static long startOrder(String report) {
        return Long.parseLong(field(report, "startOrder"));
    }

    private static int priority(String report) {
        return Integer.parseInt(field(report, "priority"));
    }

    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":\"?([^,\"}]*)").matcher(json);
        assertThat(matcher.find()).as("%s in %s", name, json).isTrue();
        return matcher.group(1);
    }

    private static List<Instant> sentAt(String mails) {
        Matcher matcher = Pattern.compile("\"sentAt\":\"([^\"]+)\"").matcher(mails);
        List<Instant> sent = new ArrayList<>();
        while (matcher.find()) {
            sent.add(Instant.parse(matcher.group(1)));
        }
        return sent;
    }

}
