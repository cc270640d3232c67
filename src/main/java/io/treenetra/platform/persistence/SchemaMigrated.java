package io.treenetra.platform.persistence;

import javax.sql.DataSource;

/**
 * The schema is at the newest version: observers make what must exist before the first request. An
 * observer that throws fails the migration, which is retried, and the server stays not ready.
 */
public record SchemaMigrated(DataSource dataSource) {}
