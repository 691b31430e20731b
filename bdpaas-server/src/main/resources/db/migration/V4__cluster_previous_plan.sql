-- While a cluster is being resized, the plan it had before: a resize that fails goes back to it
-- instead of failing the cluster. Runs unchanged on H2 and PostgreSQL.
ALTER TABLE clusters ADD COLUMN previous_plan TEXT;
