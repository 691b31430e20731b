-- What a cluster is given by the resource that created it (a project): the token its clients present
-- (a secret, read only by the reconciler) and the name of the storage area it works in, which outlives
-- the cluster. Both empty for a cluster created on its own. H2 and PostgreSQL.
ALTER TABLE clusters ADD COLUMN client_token VARCHAR(200);
ALTER TABLE clusters ADD COLUMN storage_name VARCHAR(63);
-- Set when the resource that gave the storage area is deleted: the area goes with the cluster.
ALTER TABLE clusters ADD COLUMN storage_released BOOLEAN DEFAULT FALSE NOT NULL;
