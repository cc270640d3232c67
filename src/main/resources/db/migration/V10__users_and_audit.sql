-- Users, their refresh tokens, and the audit trail.

-- Who submitted an import: its rows are theirs in the audit trail (the worker writes them later).
ALTER TABLE import_job ADD COLUMN submitted_by uuid, ADD COLUMN submitted_by_name text;

CREATE TABLE app_user (
    id            uuid PRIMARY KEY,
    username      text NOT NULL CHECK (length(username) BETWEEN 1 AND 100),
    role          text NOT NULL CHECK (role IN ('admin', 'manager', 'user', 'viewer')),
    -- Argon2id in the PHC string format: algorithm, parameters, salt and hash together.
    password_hash text NOT NULL,
    version       integer NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
CREATE UNIQUE INDEX app_user_username_key ON app_user (lower(username));

-- A refresh token is stored only as its SHA-256. Every token descends from one sign-in (its
-- family); a rotated token has used_at set, and presenting it again revokes the whole family.
CREATE TABLE refresh_token (
    token_hash  bytea PRIMARY KEY,
    family_id   uuid NOT NULL,
    user_id     uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    revoked_at  timestamptz
);
CREATE INDEX refresh_token_family_idx ON refresh_token (family_id);
CREATE INDEX refresh_token_user_idx ON refresh_token (user_id);
CREATE INDEX refresh_token_expires_idx ON refresh_token (expires_at);

-- The audit trail: one row per created, updated or deleted tree, species, user or image, written by
-- the triggers below in the same transaction as the change, whoever writes it (the API through
-- Hibernate, an import through COPY, an operator in psql). The application names the caller for
-- the transaction with set_config('treenetra.actor_id' / 'treenetra.actor_name', ..., true);
-- a change made without one (a job of the system, psql) has no user. The row as it was and as it
-- became are kept whole (without derived and secret columns); readers compare the two.
CREATE TABLE audit_event (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT now(),
    user_id    uuid,
    username   text,
    action     text NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    entity     text NOT NULL CHECK (entity IN ('tree', 'species', 'user', 'image')),
    entity_id  uuid NOT NULL,
    before     jsonb,
    after      jsonb
);
CREATE INDEX audit_event_entity_idx ON audit_event (entity, entity_id, id);

-- The columns of a row as JSON, without those that are not part of its story (its id, derived
-- search vectors, bookkeeping) or that must never be copied anywhere (password hashes). Inlined
-- by the planner: one expression, no function call per row.
CREATE FUNCTION audit_row(entity text, row_json jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE entity
        WHEN 'tree' THEN row_json - ARRAY['id', 'search', 'search_a', 'search_ab', 'version', 'created_at',
                                         'updated_at', 'deleted_at', 'last_inspected_at']
        WHEN 'species' THEN row_json - ARRAY['id', 'search', 'version', 'created_at', 'updated_at']
        WHEN 'user' THEN row_json - ARRAY['id', 'password_hash', 'version', 'created_at', 'updated_at']
        WHEN 'image' THEN row_json - ARRAY['id', 'content_key', 'thumbnail_key', 'created_at']
        ELSE row_json
    END
$$;

-- One trigger function for every audited table, run once per statement over its transition tables
-- (a batch of an import is one set-based insert here, not a call per row). TG_ARGV[0] names the
-- entity. On the tree table a soft delete (deleted_at set) is a delete. An update that changed
-- nothing the trail keeps (a thumbnail written, an inspection date) is not recorded.
CREATE FUNCTION audit_statement() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    entity text := TG_ARGV[0];
    actor_id uuid := nullif(current_setting('treenetra.actor_id', true), '')::uuid;
    actor_name text := nullif(current_setting('treenetra.actor_name', true), '');
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO audit_event (user_id, username, action, entity, entity_id, before, after)
        SELECT actor_id, actor_name, 'create', entity, n.id, NULL, audit_row(entity, to_jsonb(n))
        FROM new_rows n;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO audit_event (user_id, username, action, entity, entity_id, before, after)
        SELECT actor_id, actor_name,
               CASE WHEN o.deleted IS NULL AND n.deleted IS NOT NULL THEN 'delete' ELSE 'update' END,
               entity, n.id, o.row_json, n.row_json
        FROM (SELECT id, audit_row(entity, to_jsonb(r)) AS row_json, to_jsonb(r) ->> 'deleted_at' AS deleted
              FROM new_rows r) n
        JOIN (SELECT id, audit_row(entity, to_jsonb(r)) AS row_json, to_jsonb(r) ->> 'deleted_at' AS deleted
              FROM old_rows r) o USING (id)
        WHERE o.row_json IS DISTINCT FROM n.row_json OR o.deleted IS DISTINCT FROM n.deleted;
    ELSE
        INSERT INTO audit_event (user_id, username, action, entity, entity_id, before, after)
        SELECT actor_id, actor_name, 'delete', entity, o.id, audit_row(entity, to_jsonb(o)), NULL
        FROM old_rows o
        -- A purge of a tree already soft-deleted was recorded as its delete.
        WHERE NOT (entity = 'tree' AND (to_jsonb(o) ->> 'deleted_at') IS NOT NULL);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER tree_audit_insert AFTER INSERT ON tree REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit_statement('tree');
CREATE TRIGGER tree_audit_update AFTER UPDATE ON tree REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit_statement('tree');
CREATE TRIGGER tree_audit_delete AFTER DELETE ON tree REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit_statement('tree');

CREATE TRIGGER species_audit_insert AFTER INSERT ON species REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit_statement('species');
CREATE TRIGGER species_audit_update AFTER UPDATE ON species REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit_statement('species');
CREATE TRIGGER species_audit_delete AFTER DELETE ON species REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit_statement('species');

CREATE TRIGGER user_audit_insert AFTER INSERT ON app_user REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit_statement('user');
CREATE TRIGGER user_audit_update AFTER UPDATE ON app_user REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit_statement('user');
CREATE TRIGGER user_audit_delete AFTER DELETE ON app_user REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit_statement('user');

CREATE TRIGGER image_audit_insert AFTER INSERT ON image REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit_statement('image');
CREATE TRIGGER image_audit_update AFTER UPDATE ON image REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit_statement('image');
CREATE TRIGGER image_audit_delete AFTER DELETE ON image REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit_statement('image');
