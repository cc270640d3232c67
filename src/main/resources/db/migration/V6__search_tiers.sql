-- The relevance tiers of q get their own vectors: the species' names and the tags (tier 1), those and
-- the address (tier 2), next to the whole text (tier 3, V4's column). With weight-restricted queries
-- on the one column, PostgreSQL estimated a tier from the words' frequency in the whole text: a word
-- found only in notes looked common in tier 1, and the planner walked the primary key through a
-- million trees to find none (1.3 s). Each column has its own statistics and index.
CREATE FUNCTION tree_search_species_tags(species_names text, tags text[]) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT
    AS $$ SELECT to_tsvector('treenetra', coalesce(species_names, '') || ' ' || array_to_string(tags, ' ')) $$;

CREATE FUNCTION tree_search_species_tags_address(species_names text, tags text[], address text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT
    AS $$ SELECT to_tsvector('treenetra', coalesce(species_names, '') || ' ' || array_to_string(tags, ' ') || ' '
                                          || coalesce(address, '')) $$;

ALTER TABLE tree ADD COLUMN search_a tsvector, ADD COLUMN search_ab tsvector;
-- No count changes here: spare the statistics trigger (V5) a copy of every tree.
ALTER TABLE tree DISABLE TRIGGER tree_count_update;
UPDATE tree SET search_a = tree_search_species_tags(species_names(species_id), tags),
                search_ab = tree_search_species_tags_address(species_names(species_id), tags, address);
ALTER TABLE tree ENABLE TRIGGER tree_count_update;
ALTER TABLE tree ALTER COLUMN search_a SET NOT NULL, ALTER COLUMN search_ab SET NOT NULL;
CREATE INDEX tree_search_a_idx ON tree USING gin (search_a) WHERE deleted_at IS NULL;
CREATE INDEX tree_search_ab_idx ON tree USING gin (search_ab) WHERE deleted_at IS NULL;

CREATE OR REPLACE FUNCTION tree_search_refresh() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT
    AS $$
DECLARE
    names text := species_names(NEW.species_id);
BEGIN
    NEW.search := tree_search_document(names, NEW.tags, NEW.address, NEW.notes);
    NEW.search_a := tree_search_species_tags(names, NEW.tags);
    NEW.search_ab := tree_search_species_tags_address(names, NEW.tags, NEW.address);
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION species_search_refresh() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT
    AS $$
DECLARE
    names text := NEW.scientific_name || ' ' || coalesce(NEW.common_name, '');
BEGIN
    UPDATE tree SET search = tree_search_document(names, tags, address, notes),
                    search_a = tree_search_species_tags(names, tags),
                    search_ab = tree_search_species_tags_address(names, tags, address)
     WHERE species_id = NEW.id;
    RETURN NULL;
END $$;
