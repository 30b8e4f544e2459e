package dev.sift.service.system;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A second instance started on a busy data directory is an operator's slip, not a bug: Spring Boot
 * reports it as this short analysis instead of a hundred lines of stack trace, and the process
 * exits non-zero.
 */
class DataDirectoryInUseAnalyzer extends AbstractFailureAnalyzer<DataDirectory.InUseException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, DataDirectory.InUseException cause) {
    return new FailureAnalysis(
        cause.getMessage(),
        "Stop the other process, or start this one with --sift.data-dir=<another directory>.",
        cause);
  }
}
