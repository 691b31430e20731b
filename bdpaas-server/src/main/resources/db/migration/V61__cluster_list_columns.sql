-- What a list of clusters shows from a cluster's plan, in columns of their own: a list reads these
-- instead of parsing every row's plan (a JSON document of every node's command line and files).
-- Written with the plan; rows planned before this migration get them from V62. H2 and PostgreSQL.
ALTER TABLE clusters ADD COLUMN endpoints VARCHAR(8000);
ALTER TABLE clusters ADD COLUMN node_count INT NOT NULL DEFAULT 0;
ALTER TABLE clusters ADD COLUMN plan_size INT NOT NULL DEFAULT 0;
