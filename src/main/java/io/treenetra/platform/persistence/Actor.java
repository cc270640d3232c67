package io.treenetra.platform.persistence;

import java.util.UUID;

/** Who a write is made for, as the audit trail names them: a user's id and name. */
public record Actor(UUID id, String name) {}
