package io.bdpaas.application;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.ErrorCode;
import io.bdpaas.api.Page;
import io.bdpaas.api.PageRequest;
import io.bdpaas.job.JobRunId;
import io.bdpaas.job.JobService;
import io.bdpaas.streaming.StreamAppId;
import io.bdpaas.streaming.StreamAppService;
import io.bdpaas.tenancy.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Every application the caller may see — all tenants' for an admin — in one list, as YARN's "All
 * Applications", and killing one from it (the kind's own kill: a Spark run's driver killed, a
 * streaming application's job cancelled).
 */
@Service
public class ApplicationService {
  private static final Logger log = LoggerFactory.getLogger(ApplicationService.class);

  private final ApplicationStore applications;
  private final JobService jobs;
  private final StreamAppService streamApps;

  public ApplicationService(
      ApplicationStore applications, JobService jobs, StreamAppService streamApps) {
    this.applications = applications;
    this.jobs = jobs;
    this.streamApps = streamApps;
  }

  public Page<ApplicationRow> list(
      Caller caller,
      ApplicationStore.Filter filter,
      ApplicationStore.Sort sort,
      boolean descending,
      PageRequest page) {
    return applications.list(caller, filter, sort, descending, page);
  }

  public ApplicationRow get(Caller caller, String id) {
    return applications
        .find(caller, id)
        .orElseThrow(() -> BdpaasException.notFound("Application", id));
  }

  /** Asks for the application to be killed; 409 when it has ended. */
  public ApplicationRow kill(Caller caller, String id) {
    ApplicationRow application = get(caller, id);
    if (!application.phase().isActive()) {
      throw new BdpaasException(
          ErrorCode.CONFLICT,
          "application " + id + " has ended (" + application.phase().wireName() + ")");
    }
    switch (application.kind()) {
      case SPARK -> jobs.kill(caller, application.projectId(), new JobRunId(id));
      case STREAMING -> streamApps.kill(caller, application.projectId(), new StreamAppId(id));
    }
    log.info(
        "[{} {}] kill asked by {} from the applications list",
        application.kind().wireName(),
        id,
        caller.username());
    return get(caller, id);
  }
}
