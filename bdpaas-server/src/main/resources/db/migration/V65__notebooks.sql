-- Notebooks of a project: the document (the export format's JSON) and a revision that each save increments, so
-- that a save from a stale copy is refused instead of silently undoing another one.
CREATE TABLE notebooks (
    id          VARCHAR(16)  PRIMARY KEY,
    project_id  VARCHAR(16)  NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    owner_id    BIGINT       NOT NULL REFERENCES users (id),
    name        VARCHAR(200) NOT NULL,
    document    TEXT         NOT NULL,
    revision    BIGINT       NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT notebooks_project_name UNIQUE (project_id, name)
);
CREATE INDEX notebooks_project_updated ON notebooks (project_id, updated_at, id);

-- The last run of each paragraph, kept on the server so that closing the browser stops nothing and reopening the
-- notebook shows where it stands. The rows of its result are in a file of the platform's data directory.
CREATE TABLE paragraph_runs (
    notebook_id   VARCHAR(16)  NOT NULL REFERENCES notebooks (id) ON DELETE CASCADE,
    paragraph_id  VARCHAR(16)  NOT NULL,
    run_id        VARCHAR(40)  NOT NULL,
    owner_id      BIGINT       NOT NULL REFERENCES users (id),
    status        VARCHAR(16)  NOT NULL,
    arguments     TEXT         NOT NULL,
    error         TEXT,
    columns       TEXT,
    row_count     BIGINT,
    truncated     BOOLEAN      NOT NULL DEFAULT FALSE,
    queued_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at    TIMESTAMP WITH TIME ZONE,
    finished_at   TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (notebook_id, paragraph_id)
);
CREATE INDEX paragraph_runs_status ON paragraph_runs (status);
