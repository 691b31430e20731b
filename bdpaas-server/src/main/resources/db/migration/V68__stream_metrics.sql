-- The monitor's history of each running streaming application: one row per sample (every two
-- seconds while it runs), kept for two hours. Totals are the engine's counters of the job's current
-- attempt; the rates come from the difference of two consecutive samples. The sampler deletes
-- old rows every minute.
CREATE TABLE stream_metrics (
    app_id               VARCHAR(16) NOT NULL REFERENCES stream_apps (id) ON DELETE CASCADE,
    sampled_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    processed_total      BIGINT NOT NULL,
    emitted_total        BIGINT NOT NULL,
    processed_per_second DOUBLE PRECISION NOT NULL,
    emitted_per_second   DOUBLE PRECISION NOT NULL,
    latency_ms           DOUBLE PRECISION,
    backpressure_percent DOUBLE PRECISION,
    busy_percent         DOUBLE PRECISION
);
CREATE INDEX stream_metrics_app_sampled ON stream_metrics (app_id, sampled_at);
CREATE INDEX stream_metrics_sampled ON stream_metrics (sampled_at);
