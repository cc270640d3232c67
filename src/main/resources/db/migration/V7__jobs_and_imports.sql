-- The durable job queue. Any instance in the worker role takes the oldest queued job with
-- SELECT ... FOR UPDATE SKIP LOCKED and holds it under a lease it renews while it works; a job whose
-- lease has expired (its instance died) is taken again by another. Every write a job makes is fenced
-- by the lease: it commits only while lease_owner is still the writer.
CREATE TABLE job (
    id               uuid PRIMARY KEY,
    kind             text NOT NULL,
    state            text NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    attempts         integer NOT NULL DEFAULT 0,
    lease_owner      text,
    lease_expires_at timestamptz,
    cancel_requested boolean NOT NULL DEFAULT false,
    error            text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    started_at       timestamptz,
    finished_at      timestamptz
);
-- The queue proper: only unfinished jobs, oldest first.
CREATE INDEX job_unfinished_idx ON job (created_at) WHERE state IN ('queued', 'running');

-- The uploaded file of a job, in chunks, written in the same transaction as the job: an import the
-- API acknowledged (202) has its file in the database, whichever instance will run it.
CREATE TABLE job_file_chunk (
    job_id uuid NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    seq    integer NOT NULL,
    data   bytea NOT NULL,
    PRIMARY KEY (job_id, seq)
);

-- An import: its parameters and its progress, committed with each batch of rows it writes.
CREATE TABLE import_job (
    job_id         uuid PRIMARY KEY REFERENCES job (id) ON DELETE CASCADE,
    format         text NOT NULL CHECK (format IN ('nyc-2015', 'treenetra', 'geojson')),
    dry_run        boolean NOT NULL,
    atomic         boolean NOT NULL,
    content_type   text NOT NULL,
    size_bytes     bigint NOT NULL,
    rows_total     integer,
    rows_processed integer NOT NULL DEFAULT 0,
    inserted       integer NOT NULL DEFAULT 0,
    updated        integer NOT NULL DEFAULT 0,
    skipped        integer NOT NULL DEFAULT 0,
    failed         integer NOT NULL DEFAULT 0,
    warned         integer NOT NULL DEFAULT 0
);

-- The rows an import rejected (errors) or imported with a remark (warnings); the first few thousand
-- of each are kept, the counts in import_job are exact.
CREATE TABLE import_message (
    job_id   uuid NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    severity text NOT NULL CHECK (severity IN ('error', 'warning')),
    row_no   integer NOT NULL,
    code     text NOT NULL,
    field    text,
    message  text NOT NULL
);
CREATE INDEX import_message_job_idx ON import_message (job_id, severity, row_no);

-- Versions count from 0 in these columns, as Hibernate counts them (the API shows one more): a row that
-- SQL inserts (an import, a console) starts where the service starts its own.
ALTER TABLE tree ALTER COLUMN version SET DEFAULT 0;
ALTER TABLE species ALTER COLUMN version SET DEFAULT 0;
