-- Each cluster's TLS identity: a PKCS12 key store (base64) protected by the cluster's secret, used by
-- both sides of mutual TLS with its engine (Flink's REST endpoint, RPC and blob server).
ALTER TABLE clusters ADD COLUMN engine_key_store VARCHAR(8000);
