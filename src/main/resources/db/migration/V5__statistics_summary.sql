-- Statistics of the whole inventory without reading a million trees: counts of live trees by species,
-- status, health status and DBH class, and by the day of their last inspection, kept exact by
-- statement-level triggers in the same transaction as every write. Writers only append deltas (no row
-- is shared between two writers, so nothing waits on anything); a scheduled task folds the deltas
-- into the totals, and a reader sums totals and the deltas not folded yet.

-- The DBH classes of GET /analytics/statistics: 0 = [0, 15), 1 = [15, 30), 2 = [30, 60), 3 = [60, 90), 4 = 90+.
CREATE FUNCTION dbh_class(dbh_cm double precision) RETURNS smallint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN dbh_cm IS NULL THEN NULL WHEN dbh_cm < 15 THEN 0 WHEN dbh_cm < 30 THEN 1
                WHEN dbh_cm < 60 THEN 2 WHEN dbh_cm < 90 THEN 3 ELSE 4 END;

CREATE TABLE tree_count (
    species_id    uuid,
    status        text NOT NULL,
    health_status text,
    dbh_class     smallint,
    trees         bigint NOT NULL,
    UNIQUE NULLS NOT DISTINCT (species_id, status, health_status, dbh_class)
);
CREATE TABLE tree_count_delta (
    species_id    uuid,
    status        text NOT NULL,
    health_status text,
    dbh_class     smallint,
    trees         bigint NOT NULL
);

CREATE TABLE tree_inspected_count (
    day   date PRIMARY KEY,
    trees bigint NOT NULL
);
CREATE TABLE tree_inspected_count_delta (
    day   date NOT NULL,
    trees bigint NOT NULL
);
-- The exact count inside the one day that a "last 12 months" boundary cuts.
CREATE INDEX tree_last_inspected_idx ON tree (last_inspected_at) WHERE deleted_at IS NULL;

-- One statement's net change: +1 for each live row after it, -1 for each live row before it; an update
-- that moves no tree between groups (a new note, a new address) adds nothing.
CREATE FUNCTION tree_count_changes() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT
    AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        WITH r AS (SELECT species_id, status, health_status, dbh_cm, last_inspected_at, 1 AS n FROM new_rows WHERE deleted_at IS NULL),
             counted AS (INSERT INTO tree_count_delta
                         SELECT species_id, status, health_status, dbh_class(dbh_cm), sum(n) FROM r
                          GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0)
        INSERT INTO tree_inspected_count_delta
        SELECT (last_inspected_at AT TIME ZONE 'UTC')::date, sum(n) FROM r WHERE last_inspected_at IS NOT NULL
         GROUP BY 1 HAVING sum(n) <> 0;
    ELSIF TG_OP = 'DELETE' THEN
        WITH r AS (SELECT species_id, status, health_status, dbh_cm, last_inspected_at, -1 AS n FROM old_rows WHERE deleted_at IS NULL),
             counted AS (INSERT INTO tree_count_delta
                         SELECT species_id, status, health_status, dbh_class(dbh_cm), sum(n) FROM r
                          GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0)
        INSERT INTO tree_inspected_count_delta
        SELECT (last_inspected_at AT TIME ZONE 'UTC')::date, sum(n) FROM r WHERE last_inspected_at IS NOT NULL
         GROUP BY 1 HAVING sum(n) <> 0;
    ELSE
        WITH r AS (SELECT species_id, status, health_status, dbh_cm, last_inspected_at, 1 AS n FROM new_rows WHERE deleted_at IS NULL UNION ALL SELECT species_id, status, health_status, dbh_cm, last_inspected_at, -1 FROM old_rows WHERE deleted_at IS NULL),
             counted AS (INSERT INTO tree_count_delta
                         SELECT species_id, status, health_status, dbh_class(dbh_cm), sum(n) FROM r
                          GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0)
        INSERT INTO tree_inspected_count_delta
        SELECT (last_inspected_at AT TIME ZONE 'UTC')::date, sum(n) FROM r WHERE last_inspected_at IS NOT NULL
         GROUP BY 1 HAVING sum(n) <> 0;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER tree_count_insert AFTER INSERT ON tree REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tree_count_changes();
CREATE TRIGGER tree_count_update AFTER UPDATE ON tree REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tree_count_changes();
CREATE TRIGGER tree_count_delete AFTER DELETE ON tree REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tree_count_changes();

-- Folds the deltas into the totals; one instance at a time (the others skip), any instance may.
CREATE FUNCTION fold_tree_counts() RETURNS void
    LANGUAGE plpgsql SET search_path FROM CURRENT
    AS $$
BEGIN
    IF NOT pg_try_advisory_xact_lock(hashtext('fold_tree_counts')) THEN
        RETURN;
    END IF;
    WITH folded AS (DELETE FROM tree_count_delta RETURNING *)
    INSERT INTO tree_count AS c
    SELECT species_id, status, health_status, dbh_class, sum(trees) FROM folded GROUP BY 1, 2, 3, 4
    ON CONFLICT (species_id, status, health_status, dbh_class) DO UPDATE SET trees = c.trees + excluded.trees;
    DELETE FROM tree_count WHERE trees = 0;
    WITH folded AS (DELETE FROM tree_inspected_count_delta RETURNING *)
    INSERT INTO tree_inspected_count AS c
    SELECT day, sum(trees) FROM folded GROUP BY 1
    ON CONFLICT (day) DO UPDATE SET trees = c.trees + excluded.trees;
    DELETE FROM tree_inspected_count WHERE trees = 0;
END $$;

-- The trees already planted.
INSERT INTO tree_count
SELECT species_id, status, health_status, dbh_class(dbh_cm), count(*) FROM tree WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4;
INSERT INTO tree_inspected_count
SELECT (last_inspected_at AT TIME ZONE 'UTC')::date, count(*) FROM tree
 WHERE deleted_at IS NULL AND last_inspected_at IS NOT NULL GROUP BY 1;
