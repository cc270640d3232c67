-- Work orders (io.treenetra.work): the crews' work on trees, from request to close-out. Completing an
-- order changes its tree in the same transaction; the tree's audit trail names the order.

ALTER TABLE tree ADD COLUMN last_pruned_at timestamptz;

CREATE TABLE work_order (
    id                 uuid PRIMARY KEY,
    tree_id            uuid REFERENCES tree (id),
    -- The tree's location when the order was made, or where to plant.
    lat                double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
    lng                double precision NOT NULL CHECK (lng BETWEEN -180 AND 180),
    address            text CHECK (length(address) <= 500),
    type               text NOT NULL CHECK (type IN ('plant', 'prune', 'remove', 'stump-removal', 'inspect', 'water', 'treat', 'other')),
    priority           text NOT NULL CHECK (priority IN ('routine', 'high', 'urgent', 'emergency')),
    status             text NOT NULL CHECK (status IN ('open', 'scheduled', 'in-progress', 'completed', 'cancelled')),
    assignee_id        uuid REFERENCES app_user (id),
    crew               text CHECK (length(crew) <= 200),
    due_date           date,
    scheduled_date     date,
    completed_at       timestamptz,
    estimated_cost_usd numeric(12, 2) CHECK (estimated_cost_usd >= 0),
    actual_cost_usd    numeric(12, 2) CHECK (actual_cost_usd >= 0),
    hours              numeric(8, 2) CHECK (hours >= 0),
    notes              text CHECK (length(notes) <= 4000),
    leaves_stump       boolean NOT NULL DEFAULT false,
    source_kind        text NOT NULL CHECK (source_kind IN ('manual', 'inspection', 'risk', 'service-request')),
    source_id          uuid,
    -- The tree a completed plant order made (or made alive).
    planted_tree_id    uuid REFERENCES tree (id),
    version            integer NOT NULL,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    CHECK ((status = 'completed') = (completed_at IS NOT NULL)),
    CHECK (tree_id IS NOT NULL OR type = 'plant')
);
-- Lists by status and due date, and the overdue ones (open, due before today).
CREATE INDEX work_order_status_due_idx ON work_order (status, due_date, id);
CREATE INDEX work_order_created_at_idx ON work_order (created_at, id);
CREATE INDEX work_order_tree_idx ON work_order (tree_id, status);
CREATE INDEX work_order_assignee_idx ON work_order (assignee_id, status);
CREATE INDEX work_order_location_idx ON work_order USING gist (point(lng, lat));

-- The audit trail takes work orders, and a tree's entries say which order changed it
-- (set_config('treenetra.work_order_id', ..., true) for the close-out's transaction).
ALTER TABLE audit_event DROP CONSTRAINT audit_event_entity_check;
ALTER TABLE audit_event ADD CONSTRAINT audit_event_entity_check
    CHECK (entity IN ('tree', 'species', 'user', 'image', 'work_order'));
ALTER TABLE audit_event ADD COLUMN work_order_id uuid;

CREATE OR REPLACE FUNCTION audit_row(entity text, row_json jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE entity
        WHEN 'tree' THEN row_json - ARRAY['id', 'search', 'search_a', 'search_ab', 'version', 'created_at',
                                         'updated_at', 'deleted_at', 'last_inspected_at']
        WHEN 'species' THEN row_json - ARRAY['id', 'search', 'version', 'created_at', 'updated_at']
        WHEN 'user' THEN row_json - ARRAY['id', 'password_hash', 'version', 'created_at', 'updated_at']
        WHEN 'image' THEN row_json - ARRAY['id', 'content_key', 'thumbnail_key', 'created_at']
        WHEN 'work_order' THEN row_json - ARRAY['id', 'version', 'created_at', 'updated_at']
        ELSE row_json
    END
$$;

CREATE TRIGGER work_order_audit_insert AFTER INSERT ON work_order REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit_statement('work_order');
CREATE TRIGGER work_order_audit_update AFTER UPDATE ON work_order REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit_statement('work_order');

-- The tree's trail now keeps its risk rating and last pruning too, and names the work order.
CREATE FUNCTION tree_audit_row(external_id text, species_id uuid, lat double precision, lng double precision,
                               address text, dbh_cm double precision, height_m double precision,
                               canopy_diameter_m double precision, status text, health_status text,
                               planted_date date, tags text[], notes text, risk_rating text,
                               last_pruned_at timestamptz) RETURNS jsonb
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT jsonb_build_object('external_id', external_id, 'species_id', species_id, 'lat', lat, 'lng', lng,
                              'address', address, 'dbh_cm', dbh_cm, 'height_m', height_m,
                              'canopy_diameter_m', canopy_diameter_m, 'status', status,
                              'health_status', health_status, 'planted_date', planted_date, 'tags', tags,
                              'notes', notes, 'risk_rating', risk_rating, 'last_pruned_at', last_pruned_at)
$$;

CREATE OR REPLACE FUNCTION tree_audit_statement() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    actor_id uuid := nullif(current_setting('treenetra.actor_id', true), '')::uuid;
    actor_name text := nullif(current_setting('treenetra.actor_name', true), '');
    work_order uuid := nullif(current_setting('treenetra.work_order_id', true), '')::uuid;
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO audit_event (user_id, username, action, entity, entity_id, before, after, work_order_id)
        SELECT actor_id, actor_name, 'create', 'tree', n.id, NULL,
               tree_audit_row(n.external_id, n.species_id, n.lat, n.lng, n.address, n.dbh_cm, n.height_m,
                              n.canopy_diameter_m, n.status, n.health_status, n.planted_date, n.tags, n.notes,
                              n.risk_rating, n.last_pruned_at), work_order
        FROM new_rows n;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO audit_event (user_id, username, action, entity, entity_id, before, after, work_order_id)
        SELECT actor_id, actor_name,
               CASE WHEN o.deleted_at IS NULL AND n.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END,
               'tree', n.id, o.row_json, n.row_json, work_order
        FROM (SELECT r.id, r.deleted_at,
                     tree_audit_row(r.external_id, r.species_id, r.lat, r.lng, r.address, r.dbh_cm, r.height_m,
                                    r.canopy_diameter_m, r.status, r.health_status, r.planted_date, r.tags, r.notes,
                                    r.risk_rating, r.last_pruned_at) AS row_json
              FROM new_rows r) n
        JOIN (SELECT r.id, r.deleted_at,
                     tree_audit_row(r.external_id, r.species_id, r.lat, r.lng, r.address, r.dbh_cm, r.height_m,
                                    r.canopy_diameter_m, r.status, r.health_status, r.planted_date, r.tags, r.notes,
                                    r.risk_rating, r.last_pruned_at) AS row_json
              FROM old_rows r) o USING (id)
        WHERE o.row_json IS DISTINCT FROM n.row_json OR o.deleted_at IS DISTINCT FROM n.deleted_at;
    ELSE
        INSERT INTO audit_event (user_id, username, action, entity, entity_id, before, after, work_order_id)
        SELECT actor_id, actor_name, 'delete', 'tree', o.id,
               tree_audit_row(o.external_id, o.species_id, o.lat, o.lng, o.address, o.dbh_cm, o.height_m,
                              o.canopy_diameter_m, o.status, o.health_status, o.planted_date, o.tags, o.notes,
                              o.risk_rating, o.last_pruned_at), NULL, work_order
        FROM old_rows o
        WHERE o.deleted_at IS NULL;
    END IF;
    RETURN NULL;
END
$$;
DROP FUNCTION tree_audit_row(text, uuid, double precision, double precision, text, double precision,
                             double precision, double precision, text, text, date, text[], text);
