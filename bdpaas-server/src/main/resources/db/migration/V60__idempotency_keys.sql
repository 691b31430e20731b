-- Idempotency keys of create requests: a client that retries with the same key gets the resource
-- the first request created. Scoped per user; kept 24 hours. Runs unchanged on H2 and PostgreSQL.
CREATE TABLE idempotency_keys (
    owner_id        BIGINT       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    idempotency_key VARCHAR(255) NOT NULL,
    fingerprint     CHAR(64)     NOT NULL,
    resource_id     VARCHAR(64)  NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (owner_id, idempotency_key)
);

CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
