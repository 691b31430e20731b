-- A user's workspace of a kind (spark; streaming later) with its cluster settings, the token its clients
-- present and the cluster that runs it now (none while stopped). Its storage area is named after its id.
CREATE TABLE projects (
    id                VARCHAR(16)  PRIMARY KEY,
    owner_id          BIGINT       NOT NULL REFERENCES users (id),
    name              VARCHAR(63)  NOT NULL,
    kind              VARCHAR(16)  NOT NULL,
    description       VARCHAR(2000) NOT NULL,
    workers           INT          NOT NULL,
    worker_cores      INT          NOT NULL,
    worker_memory_mb  INT          NOT NULL,
    connect_cores     INT          NOT NULL,
    client_token      VARCHAR(200) NOT NULL,
    cluster_id        VARCHAR(16),
    desired_state     VARCHAR(16)  NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT projects_owner_name UNIQUE (owner_id, name)
);
CREATE INDEX projects_owner_created ON projects (owner_id, created_at, id);
CREATE INDEX projects_created ON projects (created_at, id);
