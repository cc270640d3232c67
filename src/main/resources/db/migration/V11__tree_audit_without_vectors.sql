-- The audit trail of trees (V10) without the search vectors: V10 turned the whole row into JSON and
-- then dropped what the trail does not keep, so every tree written had its three search vectors
-- printed as JSON text and thrown away (on an update, four times over). A bulk import spent about
-- a fifth of its time there. The trail of a tree is now built from the columns it keeps, by name:
-- the same JSON as before, key for key (audit_row('tree', to_jsonb(t)) = tree_audit_row(...)).
-- A column added to the tree table must be added here to appear in its history.
CREATE FUNCTION tree_audit_row(external_id text, species_id uuid, lat double precision, lng double precision,
                               address text, dbh_cm double precision, height_m double precision,
                               canopy_diameter_m double precision, status text, health_status text,
                               planted_date date, tags text[], notes text) RETURNS jsonb
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT jsonb_build_object('external_id', external_id, 'species_id', species_id, 'lat', lat, 'lng', lng,
                              'address', address, 'dbh_cm', dbh_cm, 'height_m', height_m,
                              'canopy_diameter_m', canopy_diameter_m, 'status', status,
                              'health_status', health_status, 'planted_date', planted_date, 'tags', tags,
                              'notes', notes)
$$;

-- As audit_statement (V10) for the tree table: a soft delete (deleted_at set) is a delete; an update
-- that changed nothing the trail keeps (an inspection date, a search vector) is not recorded; the
-- purge of a tree already soft-deleted was recorded as its delete.
CREATE FUNCTION tree_audit_statement() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    actor_id uuid := nullif(current_setting('treenetra.actor_id', true), '')::uuid;
    actor_name text := nullif(current_setting('treenetra.actor_name', true), '');
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO audit_event (user_id, username, action, entity, entity_id, before, after)
        SELECT actor_id, actor_name, 'create', 'tree', n.id, NULL,
               tree_audit_row(n.external_id, n.species_id, n.lat, n.lng, n.address, n.dbh_cm, n.height_m,
                              n.canopy_diameter_m, n.status, n.health_status, n.planted_date, n.tags, n.notes)
        FROM new_rows n;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO audit_event (user_id, username, action, entity, entity_id, before, after)
        SELECT actor_id, actor_name,
               CASE WHEN o.deleted_at IS NULL AND n.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END,
               'tree', n.id, o.row_json, n.row_json
        FROM (SELECT r.id, r.deleted_at,
                     tree_audit_row(r.external_id, r.species_id, r.lat, r.lng, r.address, r.dbh_cm, r.height_m,
                                    r.canopy_diameter_m, r.status, r.health_status, r.planted_date, r.tags, r.notes) AS row_json
              FROM new_rows r) n
        JOIN (SELECT r.id, r.deleted_at,
                     tree_audit_row(r.external_id, r.species_id, r.lat, r.lng, r.address, r.dbh_cm, r.height_m,
                                    r.canopy_diameter_m, r.status, r.health_status, r.planted_date, r.tags, r.notes) AS row_json
              FROM old_rows r) o USING (id)
        WHERE o.row_json IS DISTINCT FROM n.row_json OR o.deleted_at IS DISTINCT FROM n.deleted_at;
    ELSE
        INSERT INTO audit_event (user_id, username, action, entity, entity_id, before, after)
        SELECT actor_id, actor_name, 'delete', 'tree', o.id,
               tree_audit_row(o.external_id, o.species_id, o.lat, o.lng, o.address, o.dbh_cm, o.height_m,
                              o.canopy_diameter_m, o.status, o.health_status, o.planted_date, o.tags, o.notes), NULL
        FROM old_rows o
        WHERE o.deleted_at IS NULL;
    END IF;
    RETURN NULL;
END
$$;

DROP TRIGGER tree_audit_insert ON tree;
DROP TRIGGER tree_audit_update ON tree;
DROP TRIGGER tree_audit_delete ON tree;
CREATE TRIGGER tree_audit_insert AFTER INSERT ON tree REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tree_audit_statement();
CREATE TRIGGER tree_audit_update AFTER UPDATE ON tree REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tree_audit_statement();
CREATE TRIGGER tree_audit_delete AFTER DELETE ON tree REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tree_audit_statement();
