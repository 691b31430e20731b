-- Batch jobs of a Spark project. The definition (what runs: a jar of the project's files and its main class, a SQL
-- script or a notebook, with its Spark settings) is kept as JSON; each edit increments the version, and each run
-- records the version and the definition it ran.
CREATE TABLE jobs (
    id          VARCHAR(16)  PRIMARY KEY,
    project_id  VARCHAR(16)  NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    owner_id    BIGINT       NOT NULL REFERENCES users (id),
    name        VARCHAR(200) NOT NULL,
    kind        VARCHAR(16)  NOT NULL,
    definition  TEXT         NOT NULL,
    version     BIGINT       NOT NULL,
    enabled     BOOLEAN      NOT NULL,
    -- When to run by itself (JSON: cron, time zone, concurrency, retries, timeout), the next time it fires, and
    -- what the scheduler last decided (a skipped or missed time).
    schedule    TEXT,
    next_fire_at TIMESTAMP WITH TIME ZONE,
    schedule_note TEXT,
    -- Retries after a failure (how many, the first back-off) and a timeout, for every run of the job.
    run_policy  TEXT         NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT jobs_project_name UNIQUE (project_id, name)
);
CREATE INDEX jobs_project_updated ON jobs (project_id, updated_at, id);
CREATE INDEX jobs_next_fire ON jobs (next_fire_at);

-- Runs of jobs: resources of a reconcile kernel that submits them to the engine, follows their state there and
-- keeps their driver's output in the platform's data directory. driver_id is the engine's id of the submission,
-- written before anything else happens to the run after the engine accepted it.
CREATE TABLE job_runs (
    id             VARCHAR(16)  PRIMARY KEY,
    job_id         VARCHAR(16)  NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    project_id     VARCHAR(16)  NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    owner_id       BIGINT       NOT NULL REFERENCES users (id),
    job_name       VARCHAR(200) NOT NULL,
    job_version    BIGINT       NOT NULL,
    definition     TEXT         NOT NULL,
    attempt        INT          NOT NULL,
    run_trigger    VARCHAR(16)  NOT NULL,
    state          VARCHAR(16)  NOT NULL,
    waiting        TEXT,
    driver_id      VARCHAR(100),
    submitting_at  TIMESTAMP WITH TIME ZONE,
    worker_ui      VARCHAR(400),
    driver_ui      VARCHAR(400),
    driver_ui_key  VARCHAR(100),
    error          TEXT,
    kill_requested BOOLEAN      NOT NULL DEFAULT FALSE,
    -- A retry waits until then; a run is killed when it has run longer than its timeout.
    not_before     TIMESTAMP WITH TIME ZONE,
    timeout_seconds BIGINT,
    -- When the platform removed the run's kept log (bdpaas.retention.job-log-days after it ended).
    logs_purged_at TIMESTAMP WITH TIME ZONE,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    accepted_at    TIMESTAMP WITH TIME ZONE,
    started_at     TIMESTAMP WITH TIME ZONE,
    ended_at       TIMESTAMP WITH TIME ZONE,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX job_runs_project_created ON job_runs (project_id, created_at, id);
CREATE INDEX job_runs_owner_created ON job_runs (owner_id, created_at, id);
CREATE INDEX job_runs_state ON job_runs (state);
