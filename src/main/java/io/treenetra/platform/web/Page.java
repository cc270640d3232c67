package io.treenetra.platform.web;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.json.bind.annotation.JsonbNillable;
import java.util.List;

/** A list response: {@code {"data": [...], "pagination": {"limit", "nextCursor", "total"}}}. */
@JsonbPropertyOrder({"data", "pagination"})
public record Page<T>(List<T> data, Pagination pagination) {

  @JsonbPropertyOrder({"limit", "nextCursor", "total"})
  public record Pagination(int limit, String nextCursor, @JsonbNillable(false) Long total) {}
}
