package dev.sift.service.admin;

import dev.sift.service.system.ProblemException;
import dev.sift.service.system.ProblemType;
import dev.sift.service.system.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * History imports, rebuilds and re-embeds as jobs, for admin keys (the access filter turns tenant
 * keys away).
 */
@RestController
@Tag(name = "Admin")
class JobsController {

  private final Jobs jobs;

  JobsController(Jobs jobs) {
    this.jobs = jobs;
  }

  record JobList(List<JobView> jobs) {}

  @Operation(
      operationId = "getJob",
      summary = "A job's progress",
      description =
          "Phase (and the refit's step "
              + "while calibrating), rows read of the rows total counted before the job started, counts, tickets per "
              + "second, an ETA and the skipped rows with their reasons.")
  @Problems(ProblemType.UNKNOWN_JOB)
  @GetMapping(path = "/v1/jobs/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
  JobView get(@PathVariable String id) {
    return jobs.get(id).orElseThrow(() -> unknown(id));
  }

  @Operation(
      operationId = "listJobs",
      summary = "List jobs",
      description = "Running jobs, then the last 100 finished ones, newest first.")
  @GetMapping(path = "/v1/jobs", produces = MediaType.APPLICATION_JSON_VALUE)
  JobList list() {
    return new JobList(jobs.list());
  }

  @Operation(
      operationId = "cancelJob",
      summary = "Cancel a job",
      description =
          "The job stops at its next "
              + "ticket. A replace or re-embed leaves the tenant on its previous index; an append import keeps the tickets "
              + "it stored. Returns the job; a finished job is returned unchanged.")
  @Problems(ProblemType.UNKNOWN_JOB)
  @DeleteMapping(path = "/v1/jobs/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
  JobView cancel(@PathVariable String id) {
    return jobs.cancel(id).orElseThrow(() -> unknown(id));
  }

  private static ProblemException unknown(String id) {
    String shown = id.length() > 32 ? id.substring(0, 32) + "..." : id;
    return new ProblemException(
            ProblemType.UNKNOWN_JOB, "There is no job '" + shown + "' on this instance.")
        .with("jobId", shown);
  }
}
