-- Streaming projects' application packages: jars the platform keeps in its data directory
-- (stream-packages/<id>.jar), each a version of a named package, with the applications it contains
-- (from the jar's META-INF/bdpaas-package.json, or its manifest's Main-Class) as JSON.
CREATE TABLE stream_packages (
    id           VARCHAR(16)  PRIMARY KEY,
    project_id   VARCHAR(16)  NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    owner_id     BIGINT       NOT NULL REFERENCES users (id),
    name         VARCHAR(100) NOT NULL,
    version      VARCHAR(64)  NOT NULL,
    description  TEXT         NOT NULL,
    applications TEXT         NOT NULL,
    size_bytes   BIGINT       NOT NULL,
    sha256       VARCHAR(64)  NOT NULL,
    preinstalled BOOLEAN      NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT stream_packages_version UNIQUE (project_id, name, version)
);
CREATE INDEX stream_packages_project ON stream_packages (project_id, name, created_at);

-- Saved launch configurations: an application of a package (a version, or the newest when none is
-- named) with its parallelism, arguments and properties (JSON), to launch again by name.
CREATE TABLE stream_launch_configs (
    id              VARCHAR(16)  PRIMARY KEY,
    project_id      VARCHAR(16)  NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    owner_id        BIGINT       NOT NULL REFERENCES users (id),
    name            VARCHAR(100) NOT NULL,
    package_name    VARCHAR(100) NOT NULL,
    package_version VARCHAR(64),
    application     VARCHAR(100) NOT NULL,
    settings        TEXT         NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT stream_launch_configs_name UNIQUE (project_id, name)
);

-- Launched applications: resources of a reconcile kernel that submits them to the project's Flink
-- cluster under a job id chosen here (written before the submission, so a control plane that dies
-- while submitting finds the job again instead of submitting it twice), follows the job, and stops
-- it with a savepoint or cancels it when asked (desired).
CREATE TABLE stream_apps (
    id              VARCHAR(16)  PRIMARY KEY,
    project_id      VARCHAR(16)  NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    owner_id        BIGINT       NOT NULL REFERENCES users (id),
    package_id      VARCHAR(16),
    package_name    VARCHAR(100) NOT NULL,
    package_version VARCHAR(64)  NOT NULL,
    application     VARCHAR(100) NOT NULL,
    entry_class     VARCHAR(400) NOT NULL,
    settings        TEXT         NOT NULL,
    config_name     VARCHAR(100),
    restore_from    TEXT,
    state           VARCHAR(16)  NOT NULL,
    desired         VARCHAR(16)  NOT NULL,
    engine_state    VARCHAR(32),
    message         TEXT,
    cluster_id      VARCHAR(16),
    flink_job_id    VARCHAR(32)  NOT NULL,
    flink_jar_id    VARCHAR(200),
    stop_request    VARCHAR(64),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at      TIMESTAMP WITH TIME ZONE,
    ended_at        TIMESTAMP WITH TIME ZONE,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX stream_apps_project_created ON stream_apps (project_id, created_at, id);
CREATE INDEX stream_apps_state ON stream_apps (state);

-- The savepoints the platform took of each application (at shutdown, or asked for), offered at the
-- next launch of the same application.
CREATE TABLE stream_savepoints (
    id          VARCHAR(16)  PRIMARY KEY,
    app_id      VARCHAR(16)  NOT NULL REFERENCES stream_apps (id) ON DELETE CASCADE,
    project_id  VARCHAR(16)  NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    owner_id    BIGINT       NOT NULL REFERENCES users (id),
    package_name VARCHAR(100) NOT NULL,
    application VARCHAR(100) NOT NULL,
    path        TEXT         NOT NULL,
    kind        VARCHAR(16)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX stream_savepoints_app ON stream_savepoints (project_id, package_name, application, created_at);
