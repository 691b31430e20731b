-- Log levels set on running applications (issue 10). While an application runs, its levels are
-- written into the log configuration of every node of its project's Flink cluster, which Flink's
-- log4j reads again by itself; when several running applications name the same logger, the most
-- verbose level wins. They end with the application.
CREATE TABLE stream_log_levels (
    app_id  VARCHAR(16)  NOT NULL REFERENCES stream_apps (id) ON DELETE CASCADE,
    logger  VARCHAR(200) NOT NULL,
    level   VARCHAR(8)   NOT NULL,
    set_by  VARCHAR(64)  NOT NULL,
    set_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (app_id, logger)
);
