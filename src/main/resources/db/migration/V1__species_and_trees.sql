-- Species catalogue and trees. The API validates every rule below first; the database enforces them
-- again so that no other writer (imports, SQL consoles) can store what the API would refuse.

CREATE TABLE species (
    id              uuid PRIMARY KEY,
    scientific_name text NOT NULL CHECK (length(btrim(scientific_name)) BETWEEN 1 AND 200),
    common_name     text CHECK (length(common_name) <= 200),
    family          text CHECK (length(family) <= 200),
    max_dbh_cm      double precision CHECK (max_dbh_cm > 0 AND max_dbh_cm <= 1500),
    max_height_m    double precision CHECK (max_height_m > 0 AND max_height_m <= 150),
    version         integer NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX species_scientific_name_key ON species (lower(scientific_name));

CREATE TABLE tree (
    id                uuid PRIMARY KEY,
    external_id       text CHECK (length(external_id) BETWEEN 1 AND 200),
    species_id        uuid REFERENCES species (id),
    lat               double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
    lng               double precision NOT NULL CHECK (lng BETWEEN -180 AND 180),
    address           text CHECK (length(address) <= 500),
    dbh_cm            double precision CHECK (dbh_cm > 0 AND dbh_cm <= 1500),
    height_m          double precision CHECK (height_m > 0 AND height_m <= 150),
    canopy_diameter_m double precision CHECK (canopy_diameter_m > 0 AND canopy_diameter_m <= 100),
    status            text NOT NULL CHECK (status IN ('planned', 'alive', 'dead', 'stump', 'removed')),
    health_status     text CHECK (health_status IN ('healthy', 'needs_attention', 'critical', 'dead')),
    planted_date      date,
    tags              text[] NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 20),
    notes             text CHECK (length(notes) <= 4000),
    version           integer NOT NULL DEFAULT 1,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    deleted_at        timestamptz
);
-- A deleted tree frees its external id: a later import may plant a new tree under it.
CREATE UNIQUE INDEX tree_external_id_key ON tree (external_id) WHERE deleted_at IS NULL;
-- Keyset pagination: one index per sort key, id as the tie-breaker.
CREATE INDEX tree_created_at_idx ON tree (created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX tree_updated_at_idx ON tree (updated_at, id) WHERE deleted_at IS NULL;
CREATE INDEX tree_dbh_cm_idx ON tree (dbh_cm, id) WHERE deleted_at IS NULL;
CREATE INDEX tree_species_idx ON tree (species_id) WHERE deleted_at IS NULL;
CREATE INDEX tree_status_idx ON tree (status, health_status) WHERE deleted_at IS NULL;
CREATE INDEX tree_tags_idx ON tree USING gin (tags) WHERE deleted_at IS NULL;

-- Idempotency-Key records: the first response to a POST, replayed to retries for 24 hours.
CREATE TABLE idempotency_key (
    scope          text NOT NULL,
    idem_key       text NOT NULL,
    request_hash   text NOT NULL,
    status_code    integer,
    location       text,
    etag           text,
    body           text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, idem_key)
);
CREATE INDEX idempotency_key_created_at_idx ON idempotency_key (created_at);
