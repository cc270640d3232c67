package io.treenetra.audit;

import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.UUID;

/** One change of a resource: when, by whom (null for the system or a database operator), what. */
@JsonbPropertyOrder({"at", "userId", "username", "action", "workOrderId", "changes"})
public record HistoryEntry(
    Instant at,
    UUID userId,
    String username,
    String action,
    @JsonbNillable(false) UUID workOrderId,
    JsonObject changes) {}
