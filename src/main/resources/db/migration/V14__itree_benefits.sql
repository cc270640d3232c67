-- Eco-benefits after i-Tree Streets (io.treenetra.benefits). A species carries its i-Tree code per
-- region; a tree carries the region its location falls in. The figures themselves are computed when
-- asked for, from the tree's species, DBH and region: they follow every change at once.

-- The codes by region ({"NoEastXXX": "PLAC", ...}) that the species takes: the master list's, with
-- the admin's overrides on top. NULL: not assigned yet (a species written by SQL); the application
-- assigns them within seconds.
ALTER TABLE species ADD COLUMN itree_codes jsonb,
                    ADD COLUMN itree_code_overrides jsonb NOT NULL DEFAULT '{}';
CREATE INDEX species_itree_unassigned_idx ON species (id) WHERE itree_codes IS NULL;

-- The region of the tree (NULL: no polygon holds it) and the location it was found for. The writers
-- of the application set all three with the location; a location written otherwise (SQL, or rows
-- older than this migration) no longer matches, and the application finds the region again within
-- seconds.
ALTER TABLE tree ADD COLUMN itree_region text,
                 ADD COLUMN itree_region_lat double precision,
                 ADD COLUMN itree_region_lng double precision;
CREATE INDEX tree_itree_region_stale_idx ON tree (id)
    WHERE deleted_at IS NULL AND (itree_region_lat IS DISTINCT FROM lat OR itree_region_lng IS DISTINCT FROM lng);

-- The DBH segment of the resource units' interpolation: 0 below the first breakpoint (cm), k from the
-- k-th up to the next, 9 from the last on (ResourceUnits.BREAKS holds the same numbers).
CREATE FUNCTION itree_dbh_segment(dbh_cm double precision) RETURNS smallint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN width_bucket(dbh_cm, ARRAY[3.81, 11.43, 22.86, 38.10, 53.34, 68.58, 83.82, 99.06, 114.30]::double precision[]);

-- Live trees by species, status, region and DBH segment, with their DBHs summed: within a segment a
-- factor is a straight line in the DBH, so these give the exact sums of the whole inventory's figures
-- without reading a million trees. Kept as tree_count (V5) is: writers append deltas, a scheduled task
-- folds them.
CREATE TABLE tree_benefit_count (
    species_id   uuid,
    status       text NOT NULL,
    itree_region text,
    dbh_segment  smallint,
    trees        bigint NOT NULL,
    dbh_sum      numeric NOT NULL,
    UNIQUE NULLS NOT DISTINCT (species_id, status, itree_region, dbh_segment)
);
CREATE TABLE tree_benefit_count_delta (
    species_id   uuid,
    status       text NOT NULL,
    itree_region text,
    dbh_segment  smallint,
    trees        bigint NOT NULL,
    dbh_sum      numeric NOT NULL
);

CREATE FUNCTION tree_benefit_count_changes() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT
    AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO tree_benefit_count_delta
        SELECT species_id, status, itree_region, itree_dbh_segment(dbh_cm), count(*), coalesce(sum(dbh_cm::numeric), 0)
          FROM new_rows WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO tree_benefit_count_delta
        SELECT species_id, status, itree_region, itree_dbh_segment(dbh_cm), -count(*), -coalesce(sum(dbh_cm::numeric), 0)
          FROM old_rows WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4;
    ELSE
        INSERT INTO tree_benefit_count_delta
        SELECT species_id, status, itree_region, itree_dbh_segment(dbh_cm), sum(n), coalesce(sum(n * dbh_cm::numeric), 0)
          FROM (SELECT species_id, status, itree_region, dbh_cm, 1 AS n FROM new_rows WHERE deleted_at IS NULL
                UNION ALL
                SELECT species_id, status, itree_region, dbh_cm, -1 FROM old_rows WHERE deleted_at IS NULL) r
         GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0 OR coalesce(sum(n * dbh_cm::numeric), 0) <> 0;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER tree_benefit_count_insert AFTER INSERT ON tree REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tree_benefit_count_changes();
CREATE TRIGGER tree_benefit_count_update AFTER UPDATE ON tree REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tree_benefit_count_changes();
CREATE TRIGGER tree_benefit_count_delete AFTER DELETE ON tree REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tree_benefit_count_changes();

-- Folds the deltas into the totals; one instance at a time (the others skip).
CREATE FUNCTION fold_tree_benefit_counts() RETURNS void
    LANGUAGE plpgsql SET search_path FROM CURRENT
    AS $$
BEGIN
    IF NOT pg_try_advisory_xact_lock(hashtext('fold_tree_benefit_counts')) THEN
        RETURN;
    END IF;
    WITH folded AS (DELETE FROM tree_benefit_count_delta RETURNING *)
    INSERT INTO tree_benefit_count AS c
    SELECT species_id, status, itree_region, dbh_segment, sum(trees), sum(dbh_sum) FROM folded GROUP BY 1, 2, 3, 4
    ON CONFLICT (species_id, status, itree_region, dbh_segment)
    DO UPDATE SET trees = c.trees + excluded.trees, dbh_sum = c.dbh_sum + excluded.dbh_sum;
    DELETE FROM tree_benefit_count WHERE trees = 0;
END $$;

-- The trees already planted (their regions come as the application finds them, through the triggers).
INSERT INTO tree_benefit_count
SELECT species_id, status, itree_region, itree_dbh_segment(dbh_cm), count(*), coalesce(sum(dbh_cm::numeric), 0)
  FROM tree WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4;
