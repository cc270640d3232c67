-- Finding trees at city scale, with core PostgreSQL only (no PostGIS): a GiST index on the location
-- as a point answers boxes (<@) and nearest-neighbour ordering (<->); distances are then computed on
-- the WGS84 sphere in SQL. Full-text search uses two trusted contrib extensions shipped with every
-- PostgreSQL build we run on (the embedded binaries, Debian's, the managed services): unaccent and
-- pg_trgm. A database owner may create trusted extensions without superuser rights.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX tree_location_idx ON tree USING gist (point(lng, lat)) WHERE deleted_at IS NULL;

-- English stemming without accents: "Café" finds "cafe", "maples" finds "maple".
CREATE TEXT SEARCH CONFIGURATION treenetra (COPY = english);
ALTER TEXT SEARCH CONFIGURATION treenetra
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;

-- The searchable text of a tree: its species' names and its tags weigh most, then the address, then
-- the notes. Kept by triggers (a generated column cannot read the species table): on every write of
-- a tree, and on the trees of a species whose names change. The search_path is fixed so that the
-- functions behave the same whoever calls them (pg_dump restores with an empty one).
CREATE FUNCTION tree_search_document(species_names text, tags text[], address text, notes text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT
    AS $$ SELECT setweight(to_tsvector('treenetra', coalesce(species_names, '')), 'A')
              || setweight(to_tsvector('treenetra', array_to_string(tags, ' ')), 'A')
              || setweight(to_tsvector('treenetra', coalesce(address, '')), 'B')
              || setweight(to_tsvector('treenetra', coalesce(notes, '')), 'C') $$;

CREATE FUNCTION species_names(species_id uuid) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE SET search_path FROM CURRENT
    AS $$ SELECT s.scientific_name || ' ' || coalesce(s.common_name, '') FROM species s WHERE s.id = species_id $$;

ALTER TABLE tree ADD COLUMN search tsvector;
UPDATE tree SET search = tree_search_document(species_names(species_id), tags, address, notes);
ALTER TABLE tree ALTER COLUMN search SET NOT NULL;
CREATE INDEX tree_search_idx ON tree USING gin (search) WHERE deleted_at IS NULL;

CREATE FUNCTION tree_search_refresh() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT
    AS $$
BEGIN
    NEW.search := tree_search_document(species_names(NEW.species_id), NEW.tags, NEW.address, NEW.notes);
    RETURN NEW;
END $$;
CREATE TRIGGER tree_search BEFORE INSERT OR UPDATE OF species_id, tags, address, notes ON tree
    FOR EACH ROW EXECUTE FUNCTION tree_search_refresh();

CREATE FUNCTION species_search_refresh() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT
    AS $$
BEGIN
    UPDATE tree SET search = tree_search_document(NEW.scientific_name || ' ' || coalesce(NEW.common_name, ''), tags, address, notes)
     WHERE species_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER species_search AFTER UPDATE OF scientific_name, common_name ON species
    FOR EACH ROW WHEN (OLD.scientific_name IS DISTINCT FROM NEW.scientific_name OR OLD.common_name IS DISTINCT FROM NEW.common_name)
    EXECUTE FUNCTION species_search_refresh();

-- Species names as searchable text, for autocomplete (GET /species?q=), which also ranks the
-- catalogue by pg_trgm similarity; a catalogue has hundreds of species, not millions, so it needs no
-- trigram index.
CREATE FUNCTION species_search_document(scientific_name text, common_name text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT
    AS $$ SELECT to_tsvector('treenetra', scientific_name || ' ' || coalesce(common_name, '')) $$;
ALTER TABLE species ADD COLUMN search tsvector
    GENERATED ALWAYS AS (species_search_document(scientific_name, common_name)) STORED;

-- Great-circle distance in metres on the WGS84 mean sphere (haversine). A SQL-standard body: parsed
-- once, inlined by the planner, independent of search_path.
CREATE FUNCTION sphere_distance_m(lat1 double precision, lng1 double precision, lat2 double precision, lng2 double precision)
    RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN 2 * 6371008.8 * asin(least(1.0, sqrt(
        sin(radians(lat2 - lat1) / 2) ^ 2 + cos(radians(lat1)) * cos(radians(lat2)) * sin(radians(lng2 - lng1) / 2) ^ 2)));
