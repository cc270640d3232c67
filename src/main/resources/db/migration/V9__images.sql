-- Tree photos. The bytes live in the object store under a content-addressed key (images/<sha-256>),
-- written before this row: a row never names a missing object, and an object no row names is
-- removed by the sweep once it is old enough. A purged tree takes its image rows with it; a
-- soft-deleted tree keeps them.
CREATE TABLE image (
    id            uuid PRIMARY KEY,
    tree_id       uuid NOT NULL REFERENCES tree (id) ON DELETE CASCADE,
    content_type  text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
    size_bytes    bigint NOT NULL CHECK (size_bytes > 0),
    width         integer NOT NULL CHECK (width > 0),
    height        integer NOT NULL CHECK (height > 0),
    caption       text CHECK (length(caption) <= 500),
    file_name     text CHECK (length(file_name) <= 255),
    content_key   text NOT NULL,
    thumbnail_key text,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX image_tree_idx ON image (tree_id, created_at, id);
CREATE INDEX image_content_key_idx ON image (content_key);
CREATE INDEX image_thumbnail_key_idx ON image (thumbnail_key);

-- What a job works on (the image of a thumbnail job).
ALTER TABLE job ADD COLUMN subject uuid;
