package io.treenetra.platform.web;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;
import java.util.function.Function;

/** A list response: {@code {"data": [...], "pagination": {"limit", "nextCursor", "total"}}}. */
@JsonbPropertyOrder({"data", "pagination"})
public record Page<T>(List<T> data, Pagination pagination) {

  /**
   * A keyset page from the {@code limit + 1} rows a query fetched: the first {@code limit} mapped,
   * and a next cursor made from the last of them when the extra row shows that more follow.
   */
  public static <E, T> Page<T> keyset(
      List<E> fetched, int limit, Long total, Function<E, T> map, Function<E, Cursor> cursorAfter) {
    boolean more = fetched.size() > limit;
    List<E> page = more ? fetched.subList(0, limit) : fetched;
    String next = more ? cursorAfter.apply(page.get(page.size() - 1)).encode() : null;
    return new Page<>(page.stream().map(map).toList(), new Pagination(limit, next, total));
  }

  @JsonbPropertyOrder({"limit", "nextCursor", "total"})
  public record Pagination(int limit, String nextCursor, @JsonbNillable(false) Long total) {}
}
