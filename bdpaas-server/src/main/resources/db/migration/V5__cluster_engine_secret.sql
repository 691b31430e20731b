-- Each cluster's own secret for its engine endpoints (Spark RPC authentication, JWS on the UI and
-- REST submission): generated when the cluster is first planned, readable by the platform only.
ALTER TABLE clusters ADD COLUMN engine_secret VARCHAR(100);
