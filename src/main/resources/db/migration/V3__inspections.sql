-- Health records (inspections) and the time of each tree's latest one, which decides whether a new
-- record changes the tree's current condition.
ALTER TABLE tree ADD COLUMN last_inspected_at timestamptz;

CREATE TABLE inspection (
    id              uuid PRIMARY KEY,
    tree_id         uuid NOT NULL REFERENCES tree (id),
    inspected_at    timestamptz NOT NULL,
    inspector       text CHECK (length(inspector) <= 200),
    health_status   text NOT NULL CHECK (health_status IN ('healthy', 'needs_attention', 'critical', 'dead')),
    dbh_cm          double precision CHECK (dbh_cm > 0 AND dbh_cm <= 1500),
    height_m        double precision CHECK (height_m > 0 AND height_m <= 150),
    crown_dieback   integer CHECK (crown_dieback BETWEEN 0 AND 100),
    observations    text[] NOT NULL DEFAULT '{}' CHECK (cardinality(observations) <= 20),
    notes           text CHECK (length(notes) <= 4000),
    recommendations text CHECK (length(recommendations) <= 4000),
    created_at      timestamptz NOT NULL
);
-- A tree's records newest first (and its last two, for "declining").
CREATE INDEX inspection_tree_idx ON inspection (tree_id, inspected_at DESC, id DESC);
-- Trends over a period.
CREATE INDEX inspection_inspected_at_idx ON inspection (inspected_at);
CREATE INDEX tree_last_inspected_at_idx ON tree (last_inspected_at) WHERE deleted_at IS NULL;
