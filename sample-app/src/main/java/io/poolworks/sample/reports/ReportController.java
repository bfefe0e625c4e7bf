package io.poolworks.sample.reports;

import java.net.URI;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /reports?priority=N} queues a report in the {@code reports} pool (priority
 * order, 1 to 4 workers) and answers {@code 202} with its id and a {@code Location};
 * {@code GET /reports/{id}} tells its state. A full queue answers {@code 429}.
 */
@RestController
public class ReportController {

    private final ReportService reports;

    public ReportController(ReportService reports) {
        this.reports = reports;
    }

    @PostMapping("/reports")
    ResponseEntity<Report> submit(@RequestParam(defaultValue = "0") int priority) {
        Report report = this.reports.submit(priority);
        return ResponseEntity.accepted().location(URI.create("/reports/" + report.id())).body(report);
    }

    @GetMapping("/reports/{id}")
    ResponseEntity<Report> get(@PathVariable long id) {
        return ResponseEntity.of(this.reports.find(id));
    }

}
