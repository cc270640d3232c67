-- How many errors and warnings of each code an import found, all of them (import_message keeps only
-- the first thousand of each): written with each batch's commit, so that a job taken over by another
-- instance goes on counting where it stopped.
CREATE TABLE import_message_count (
    job_id   uuid NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    severity text NOT NULL CHECK (severity IN ('error', 'warning')),
    code     text NOT NULL,
    messages bigint NOT NULL,
    PRIMARY KEY (job_id, severity, code)
);
