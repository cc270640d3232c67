-- Imports of other cities' files as they are: a stored mapping reads a file's own columns, the
-- coordinates may be in any reference system, and species names are matched the way arborists
-- write them (and created on request).

-- Mappings stored by name (POST /imports/mappings); an import keeps a copy of the one it reads, so
-- that changing or deleting the mapping later changes no import already queued.
CREATE TABLE import_mapping (
    name       text PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
    document   json NOT NULL,
    version    integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE import_job DROP CONSTRAINT import_job_format_check;
ALTER TABLE import_job
    ADD CONSTRAINT import_job_format_check
        CHECK (format IN ('nyc-2015', 'treenetra', 'geojson', 'csv')),
    -- The EPSG code of the file's coordinates: given with the import, or read from a GeoJSON crs
    -- member by the first pass (null: WGS 84).
    ADD COLUMN srid integer,
    ADD COLUMN create_species boolean NOT NULL DEFAULT false,
    ADD COLUMN mapping_name text,
    ADD COLUMN mapping json,
    -- A dry run's first rows as they would be written (ImportPreview).
    ADD COLUMN preview json,
    -- A mapped file needs one; a layout of the service has its own.
    ADD CONSTRAINT import_job_mapping_check CHECK ((format = 'csv') <= (mapping IS NOT NULL));

-- Each distinct species name of an import's file that matched the catalogue other than exactly, or
-- not at all: how, what, and in how many rows (committed with each batch, like the message counts).
-- No reference to species: a dry run's created species never exists.
CREATE TABLE import_species_name (
    job_id          uuid NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    name            text NOT NULL,
    outcome         text NOT NULL
                    CHECK (outcome IN ('normalized', 'commonName', 'similar', 'created', 'unknown')),
    species_id      uuid,
    scientific_name text,
    similarity      double precision,
    rows            bigint NOT NULL,
    PRIMARY KEY (job_id, name)
);
