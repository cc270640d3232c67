package io.treenetra.platform.persistence;

/**
 * The schema is at the newest version: observers make what must exist before the first request (the
 * first admin). An observer that throws fails the migration, which is retried, and the server stays
 * not ready meanwhile.
 */
public record SchemaMigrated() {}
