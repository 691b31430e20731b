-- The all-applications view gains what links an application to its engine UI (issue 11): the
-- cluster its project runs on and, for a streaming application, its Flink job's id.
DROP VIEW applications;

CREATE VIEW applications AS
SELECT r.id,
       'spark' AS kind,
       r.owner_id,
       u.username AS owner_name,
       r.project_id,
       p.name AS project_name,
       r.job_name AS name,
       'job' AS detail,
       r.state,
       CASE r.state
           WHEN 'SUBMITTED' THEN 'pending'
           WHEN 'ACCEPTED' THEN 'pending'
           WHEN 'RUNNING' THEN 'running'
           WHEN 'FINISHED' THEN 'finished'
           WHEN 'FAILED' THEN 'failed'
           ELSE 'killed' END AS phase,
       COALESCE(r.error, r.waiting) AS message,
       r.created_at,
       r.started_at,
       r.ended_at,
       LOWER(r.id || ' ' || r.job_name || ' ' || u.username || ' ' || p.name) AS search_text,
       p.cluster_id,
       CAST(NULL AS VARCHAR(64)) AS engine_job_id
FROM job_runs r
JOIN users u ON u.id = r.owner_id
JOIN projects p ON p.id = r.project_id
UNION ALL
SELECT a.id,
       'streaming',
       a.owner_id,
       u.username,
       a.project_id,
       p.name,
       a.application,
       a.package_name || ' @ ' || a.package_version,
       a.state,
       CASE a.state
           WHEN 'LAUNCHING' THEN 'pending'
           WHEN 'RUNNING' THEN 'running'
           WHEN 'RESTARTING' THEN 'running'
           WHEN 'STOPPING' THEN 'running'
           WHEN 'SHUTDOWN' THEN 'finished'
           WHEN 'FINISHED' THEN 'finished'
           WHEN 'FAILED' THEN 'failed'
           ELSE 'killed' END,
       a.message,
       a.created_at,
       a.started_at,
       a.ended_at,
       LOWER(a.id || ' ' || a.application || ' ' || a.package_name || ' ' || u.username || ' '
             || p.name),
       p.cluster_id,
       NULLIF(a.flink_job_id, '')
FROM stream_apps a
JOIN users u ON u.id = a.owner_id
JOIN projects p ON p.id = a.project_id;
