package io.bdpaas.job;

import io.bdpaas.tenancy.ChangeWaiters;
import org.springframework.stereotype.Component;

/**
 * Clients waiting for a job run to change ({@code GET …/runs/{id}?until=running}). {@link
 * JobRunStore} calls {@link #changed} after each write of a run's state or of why it waits.
 */
@Component
public class JobRunWatch extends ChangeWaiters<JobRunId> {
  public JobRunWatch() {
    super("runs");
  }
}
