package io.poolworks.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.poolworks.sample.testing.Http;
import io.poolworks.sample.testing.RateLimitAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's jar in its own process, over real HTTP: a mixed load on the three pools
 * and the inbox, SIGTERM in the middle of it, then the process's log and ledger checked
 * against what the client was told. Runs in failsafe, after {@code package} built the jar
 * ({@code sample.jar}).
 */
@Tag("end-to-end")
class ShutdownUnderLoadEndToEndTests {

    private static final int REQUESTS = 3_000;

    private static final int CLIENTS = 8;

    private static final Duration WORKERS_SHUTDOWN = Duration.ofSeconds(2);

    private static final Duration DRAIN = Duration.ofSeconds(2);

    private static final Duration GRACE = Duration.ofSeconds(1);

    /**
     * What the settings promise: the workers stop, then the pools drain in parallel and
     * cancel; the web server's graceful drain before them only waits for requests in
     * flight.
     */
    private static final Duration SHUTDOWN_DEADLINE = WORKERS_SHUTDOWN.plus(DRAIN).plus(GRACE);

    private static final Pattern UNSTARTED = Pattern
        .compile("Pool '(\\w+)' drained in .*, (\\d+) unstarted \\[(.*?)], \\d+ cancelled while running");

    private static final Pattern CANCELLED = Pattern
        .compile("Pool '(\\w+)' drained in .*, (\\d+) cancelled while running \\[(.*?)]");

    private static final Pattern INBOX_LEFT = Pattern
        .compile("Inbox keeps (\\d+) message\\(s\\) not handed to ingest: \\[(.*)]$");

    private static final Pattern TASK_LOG = Pattern
        .compile("\\[(e2e-\\d+)] .* : (?:Ingested|Rendered|Sent) ([a-z]+#\\d+) ");

    private static final Pattern TASK_LIST = Pattern.compile("\\[([a-z]+#\\d+(?:, [a-z]+#\\d+)*)]");

    private static final String READINESS_REFUSING = "ReadinessState changed from ACCEPTING_TRAFFIC to REFUSING_TRAFFIC";

    @TempDir
    private Path dir;

    private Process process;

    @AfterEach
    void stopProcessAndKeepItsFiles() throws IOException {
        if (this.process != null && this.process.isAlive()) {
            this.process.destroyForcibly();
        }
        Path kept = Path.of("target", "e2e");
        Files.createDirectories(kept);
        for (String file : List.of("app.log", "ledger.txt")) {
            if (Files.exists(this.dir.resolve(file))) {
                Files.copy(this.dir.resolve(file), kept.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void sigtermUnderLoadShouldDrainInTimeAndAccountForEveryAcceptedTask() throws Exception {
        long testStart = System.nanoTime();
        Path log = this.dir.resolve("app.log");
        Path ledger = this.dir.resolve("ledger.txt");
        int port = freePort();
        this.process = start(port, log, ledger);
        Http http = new Http(port);
        awaitReady(http, log);
        long ready = System.nanoTime();

        Load load = new Load(http, plan(REQUESTS));
        load.start(CLIENTS);
        assertThat(load.answered.await(60, TimeUnit.SECONDS)).as("half of the load answered").isTrue();
        long sigterm = System.nanoTime();
        Duration loadBeforeSigterm = Duration.ofNanos(sigterm - ready);
        this.process.destroy();
        boolean exited = this.process.waitFor(SHUTDOWN_DEADLINE.plusSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
        Duration shutdown = Duration.ofNanos(System.nanoTime() - sigterm);
        load.join();
        assertThat(exited).as("the process exits on its own").isTrue();

        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        List<Outcome> outcomes = load.outcomes();
        Map<String, String> accepted = accepted(outcomes);
        List<String> done = done(ledger);
        Map<String, List<String>> unstarted = listed(lines, UNSTARTED, 1, 2, 3);
        // The tasks of @Async methods are named bean#method, without a number.
        List<String> cancelledWhileRunning = flatten(listed(lines, CANCELLED, 1, 2, 3).values()).stream()
            .filter((task) -> task.matches("[a-z]+#\\d+"))
            .toList();
        Map<String, List<String>> inboxLeft = listed(lines, INBOX_LEFT, 0, 1, 2);
        List<String> allUnstarted = flatten(unstarted.values());
        List<String> leftInInbox = flatten(inboxLeft.values());
        report(outcomes, done, unstarted, leftInInbox, Duration.ofNanos(ready - testStart), loadBeforeSigterm, shutdown,
                Duration.ofNanos(System.nanoTime() - testStart));

        assertThat(this.process.exitValue()).as("exit status after SIGTERM").isEqualTo(143);
        assertThat(shutdown).as("SIGTERM to exit").isLessThanOrEqualTo(SHUTDOWN_DEADLINE);
        assertReadinessRefusedBeforeTheDrain(lines);
        assertThat(lines).as("the drain announces itself once, then each pool reports its shutdown")
            .anyMatch((line) -> line.contains("Draining 3 pool(s) within 3s: "))
            .anyMatch((line) -> line.contains("Pool 'mail' drained in"))
            .anyMatch((line) -> line.contains("Pool 'reports' drained in"))
            .anyMatch((line) -> line.contains("Pool 'ingest' drained in"));

        assertThat(done).as("ledger: no task done twice").doesNotHaveDuplicates();
        assertThat(allUnstarted).as("unstarted: no task listed twice").doesNotHaveDuplicates();
        assertThat(leftInInbox).as("inbox: no message listed twice").doesNotHaveDuplicates();
        assertThat(unstarted).as("mail's queue drains within its timeout").doesNotContainKey("mail");
        List<String> listedAnywhere = lines.stream()
            .flatMap((line) -> TASK_LIST.matcher(line).results())
            .flatMap((list) -> Arrays.stream(list.group(1).split(", ")))
            .toList();
        // A task cancelled while running finishes its unit of work (Work), so it is also
        // done: it is listed once more, as cancelled while running.
        assertThat(listedAnywhere).as("the whole log lists each task left over once")
            .hasSize(allUnstarted.size() + leftInInbox.size() + cancelledWhileRunning.size());
        assertThat(cancelledWhileRunning).as("cancelled while running: no task listed twice").doesNotHaveDuplicates();
        // Any category may be empty on a given run (a fast machine drains everything):
        // disjointness is checked on intersections, which AssertJ accepts when empty.
        assertThat(intersection(done, allUnstarted)).as("done and unstarted").isEmpty();
        assertThat(intersection(done, leftInInbox)).as("done and left in the inbox").isEmpty();
        assertThat(intersection(allUnstarted, leftInInbox)).as("unstarted and left in the inbox").isEmpty();
        Set<String> accountedFor = new HashSet<>(done);
        accountedFor.addAll(allUnstarted);
        accountedFor.addAll(leftInInbox);
        assertThat(accountedFor).as("every 202 is done, unstarted or still in the inbox, and nothing else")
            .containsExactlyInAnyOrderElementsOf(accepted.keySet());

        List<Outcome> ingestRefused = outcomes.stream()
            .filter((outcome) -> outcome.kind == Kind.INGEST && outcome.status == 429)
            .toList();
        assertThat(ingestRefused).allSatisfy((outcome) -> assertThat(outcome.retryAfter).isEqualTo("1"));

        RateLimitAssert.assertWithinTokenBucket(mailStarts(ledger), 5, Duration.ofSeconds(1), 5);

        Map<String, String> loggedRequestIds = new HashMap<>();
        for (String line : lines) {
            Matcher matcher = TASK_LOG.matcher(line);
            if (matcher.find()) {
                loggedRequestIds.put(matcher.group(2), matcher.group(1));
            }
        }
        Map<String, String> expectedRequestIds = done.stream().collect(Collectors.toMap((task) -> task, accepted::get));
        assertThat(loggedRequestIds).as("each task's log line carries its request's id")
            .containsAllEntriesOf(expectedRequestIds);
    }

    private static Set<String> intersection(Collection<String> first, Collection<String> second) {
        Set<String> common = new HashSet<>(first);
        common.retainAll(second);
        return common;
    }

    private Process start(int port, Path log, Path ledger) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jar = System.getProperty("sample.jar");
        assertThat(jar).as("system property sample.jar (set by failsafe)").isNotNull();
        assertThat(Path.of(jar)).exists();
        List<String> command = List.of(java, "-Xmx256m", "-jar", jar, "--server.port=" + port,
                "--sample.ledger=" + ledger, "--sample.ingest.work-time=40ms", "--sample.reports.work-time=100ms",
                "--sample.mail.work-time=5ms", "--sample.inbox.capacity=100",
                "--poolworks.pools.ingest.queue-capacity=200", "--poolworks.pools.mail.queue-capacity=5",
                "--poolworks.defaults.drain-timeout=" + DRAIN.toMillis() + "ms",
                "--poolworks.defaults.termination-grace=" + GRACE.toMillis() + "ms",
                "--poolworks.workers.shutdown-timeout=" + WORKERS_SHUTDOWN.toMillis() + "ms");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private void awaitReady(Http http, Path log) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(this.process.isAlive()).as("the sample is running; its log:%n%s", tail(log)).isTrue();
            assertThat(readiness(http)).isEqualTo(200);
        });
    }

    private static int readiness(Http http) {
        try {
            return http.get("/actuator/health/readiness").statusCode();
        }
        catch (RuntimeException ex) {
            return -1;
        }
    }

    private static void assertReadinessRefusedBeforeTheDrain(List<String> lines) {
        int refusing = indexOf(lines, READINESS_REFUSING);
        assertThat(refusing).as("readiness went to REFUSING_TRAFFIC").isNotNegative();
        assertThat(indexOf(lines, "Workers stopped")).as("workers stopped after readiness").isGreaterThan(refusing);
        assertThat(indexOf(lines, "Draining 3 pool(s)")).as("pools drained after readiness").isGreaterThan(refusing);
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    private static List<Kind> plan(int requests) {
        Random random = new Random(42);
        List<Kind> plan = new ArrayList<>(requests);
        for (int i = 0; i < requests; i++) {
            int roll = random.nextInt(100);
            plan.add((roll < 45) ? Kind.INGEST : (roll < 70) ? Kind.REPORTS : (roll < 85) ? Kind.INBOX : Kind.MAIL);
        }
        return plan;
    }

    private static Map<String, String> accepted(List<Outcome> outcomes) {
        Map<String, String> accepted = new HashMap<>();
        for (Outcome outcome : outcomes) {
            if (outcome.status == 202) {
                String previous = accepted.put(outcome.task, outcome.requestId);
                assertThat(previous).as("%s accepted twice", outcome.task).isNull();
            }
        }
        return accepted;
    }

    private static List<String> done(Path ledger) throws IOException {
        return Files.readAllLines(ledger).stream().map((line) -> line.split(" ")[1]).toList();
    }

    private static List<Instant> mailStarts(Path ledger) throws IOException {
        return Files.readAllLines(ledger)
            .stream()
            .map((line) -> line.split(" "))
            .filter((fields) -> fields[1].startsWith("mail#"))
            .map((fields) -> Instant.ofEpochMilli(Long.parseLong(fields[2])))
            .toList();
    }

    /**
     * Parse log lines that list task names: key group (or the whole match for 0), count
     * group and list group.
     */
    private static Map<String, List<String>> listed(List<String> lines, Pattern pattern, int keyGroup, int countGroup,
            int listGroup) {
        Map<String, List<String>> listed = new HashMap<>();
        for (String line : lines) {
            Matcher matcher = pattern.matcher(line);
            if (matcher.find()) {
                String list = matcher.group(listGroup);
                List<String> tasks = list.isEmpty() ? List.of() : Arrays.asList(list.split(", "));
                assertThat(tasks).as(line).hasSize(Integer.parseInt(matcher.group(countGroup)));
                if (!tasks.isEmpty()) {
                    List<String> previous = listed.put(matcher.group(keyGroup), tasks);
                    assertThat(previous).as("listed once: %s", matcher.group(keyGroup)).isNull();
                }
            }
        }
        return listed;
    }

    private static List<String> flatten(Collection<List<String>> lists) {
        return lists.stream().flatMap(List::stream).toList();
    }

    private static void report(List<Outcome> outcomes, List<String> done, Map<String, List<String>> unstarted,
            List<String> leftInInbox, Duration startup, Duration load, Duration shutdown, Duration total) {
        Map<String, Map<Integer, Long>> statuses = outcomes.stream()
            .collect(Collectors.groupingBy((outcome) -> outcome.kind.name().toLowerCase(),
                    Collectors.groupingBy((outcome) -> outcome.status, Collectors.counting())));
        Map<String, Integer> unstartedCounts = unstarted.entrySet()
            .stream()
            .collect(Collectors.toMap(Map.Entry::getKey, (entry) -> entry.getValue().size()));
        System.out.printf("End-to-end: %d requests, statuses by kind %s (-1: no answer, server gone); done %d, "
                + "unstarted %s, left in inbox %d; startup %d ms, load to SIGTERM %d ms, SIGTERM to exit %d ms, "
                + "test %d ms%n", outcomes.size(), statuses, done.size(), unstartedCounts, leftInInbox.size(),
                startup.toMillis(), load.toMillis(), shutdown.toMillis(), total.toMillis());
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        }
        catch (IOException ex) {
            return "(no log: " + ex + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    enum Kind {

        INGEST, REPORTS, INBOX, MAIL

    }

    /**
     * One request and its answer; status -1 when there was none.
     */
    record Outcome(Kind kind, String requestId, int status, String task, String retryAfter) {
    }

    /**
     * The client side: {@code CLIENTS} threads send the planned requests as fast as they
     * are answered, and keep going after SIGTERM, when the server stops answering.
     */
    private static final class Load {

        private final Http http;

        private final List<Kind> plan;

        private final AtomicInteger next = new AtomicInteger();

        private final AtomicReferenceArray<Outcome> outcomes;

        private final CountDownLatch answered;

        private final List<Thread> threads = new ArrayList<>();

        Load(Http http, List<Kind> plan) {
            this.http = http;
            this.plan = plan;
            this.outcomes = new AtomicReferenceArray<>(plan.size());
            this.answered = new CountDownLatch(plan.size() / 2);
        }

        void start(int clients) {
            for (int i = 0; i < clients; i++) {
                Thread thread = new Thread(this::run, "load-" + i);
                this.threads.add(thread);
                thread.start();
            }
        }

        void join() throws InterruptedException {
            for (Thread thread : this.threads) {
                thread.join(TimeUnit.SECONDS.toMillis(60));
                assertThat(thread.isAlive()).as("%s finished", thread.getName()).isFalse();
            }
        }

        List<Outcome> outcomes() {
            List<Outcome> list = new ArrayList<>(this.plan.size());
            for (int i = 0; i < this.plan.size(); i++) {
                list.add(this.outcomes.get(i));
            }
            return list;
        }

        private void run() {
            int i;
            while ((i = this.next.getAndIncrement()) < this.plan.size()) {
                this.outcomes.set(i, call(i, this.plan.get(i)));
                this.answered.countDown();
            }
        }

        private Outcome call(int i, Kind kind) {
            String requestId = "e2e-" + i;
            try {
                HttpResponse<String> response = switch (kind) {
                    case INGEST ->
                        this.http.tryPost("/ingest", "{\"payload\":\"record " + i + "\"}", "X-Request-Id", requestId);
                    case INBOX ->
                        this.http.tryPost("/inbox", "{\"payload\":\"message " + i + "\"}", "X-Request-Id", requestId);
                    case REPORTS -> this.http.tryPost("/reports?priority=" + (i % 10), "", "X-Request-Id", requestId);
                    case MAIL -> this.http.tryPost("/mail",
                            "{\"to\":\"user" + i + "@example.com\",\"subject\":\"Hello " + i + "\"}", "X-Request-Id",
                            requestId);
                };
                String task = (response.statusCode() == 202) ? Http.task(response.body()) : null;
                return new Outcome(kind, requestId, response.statusCode(), task,
                        response.headers().firstValue("Retry-After").orElse(null));
            }
            catch (IOException ex) {
                return new Outcome(kind, requestId, -1, null, null);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return new Outcome(kind, requestId, -1, null, null);
            }
        }

    }

}
