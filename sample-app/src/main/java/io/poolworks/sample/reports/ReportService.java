package io.poolworks.sample.reports;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.poolworks.WorkerPool;
import io.poolworks.sample.Ledger;
import io.poolworks.sample.SampleProperties;
import io.poolworks.sample.Work;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

/**
 * Renders reports in the {@code reports} pool, highest priority first, and remembers the
 * last {@value #KEPT} of them.
 */
@Service
public class ReportService {

    static final int KEPT = 10_000;

    private static final Logger logger = LoggerFactory.getLogger(ReportService.class);

    private final WorkerPool pool;

    private final Ledger ledger;

    private final Duration workTime;

    private final Map<Long, Report> reports = new ConcurrentHashMap<>();

    private final AtomicLong ids = new AtomicLong();

    private final AtomicLong starts = new AtomicLong();

    public ReportService(@Qualifier("reports") WorkerPool pool, Ledger ledger, SampleProperties properties) {
        this.pool = pool;
        this.ledger = ledger;
        this.workTime = properties.reports().workTime();
    }

    /**
     * Queue a report.
     * @param priority its priority: higher starts first, equal ones in order
     * @return the queued report
     * @throws io.poolworks.RejectedTaskException if the pool's queue is full or it is
     * shutting down
     */
    public Report submit(int priority) {
        Report report = Report.queued(this.ids.incrementAndGet(), priority);
        this.reports.put(report.id(), report);
        try {
            this.pool.execute(new ReportTask(report), priority);
        }
        catch (RuntimeException ex) {
            this.reports.remove(report.id());
            throw ex;
        }
        this.reports.remove(report.id() - KEPT);
        return report;
    }

    /**
     * Return a report.
     * @param id its id
     * @return the report, or empty if there is none by that id
     */
    public Optional<Report> find(long id) {
        return Optional.ofNullable(this.reports.get(id));
    }

    private final class ReportTask implements Runnable {

        private final long id;

        private final String name;

        private final int priority;

        ReportTask(Report report) {
            this.id = report.id();
            this.name = report.task();
            this.priority = report.priority();
        }

        @Override
        public void run() {
            Instant started = Instant.now();
            long order = ReportService.this.starts.incrementAndGet();
            ReportService.this.reports.computeIfPresent(this.id, (id, queued) -> queued.started(order));
            Work.simulate(ReportService.this.workTime);
            ReportService.this.reports.computeIfPresent(this.id, (id, running) -> running.finished());
            logger.info("Rendered {} (priority {}, started {}.)", this.name, this.priority, order);
            ReportService.this.ledger.done(this.name, started);
        }

        @Override
        public String toString() {
            return this.name;
        }

    }

}
