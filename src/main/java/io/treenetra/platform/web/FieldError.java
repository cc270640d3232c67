package io.treenetra.platform.web;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** One invalid field (a JSON path like {@code location.lat}, a query parameter or a header). */
@JsonbPropertyOrder({"field", "message"})
public record FieldError(String field, String message) {}
