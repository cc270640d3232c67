package io.treenetra.platform.web;

import jakarta.ws.rs.core.EntityTag;
import java.util.List;

/**
 * Entity tags carry a resource's version ({@code "3"}) or, for bytes that never change, their hash.
 * If-Match and If-None-Match compare them, weak or strong, one tag or a list, or {@code *}.
 */
public final class Preconditions {

  private Preconditions() {}

  public static EntityTag etag(long version) {
    return new EntityTag(Long.toString(version));
  }

  /** True when an If-None-Match header names the current version (the GET answers 304). */
  public static boolean notModified(String ifNoneMatch, long version) {
    return notModified(ifNoneMatch, Long.toString(version));
  }

  /** True when an If-None-Match header names {@code tag} (unquoted), or is {@code *}. */
  public static boolean notModified(String ifNoneMatch, String tag) {
    return ifNoneMatch != null && matches(ifNoneMatch, tag);
  }

  /** A stale If-Match is a 412; without the header the write goes ahead. */
  public static void checkIfMatch(String ifMatch, long version) {
    if (ifMatch != null && !matches(ifMatch, Long.toString(version))) {
      throw new ApiException(
          ErrorCode.PRECONDITION_FAILED,
          "If-Match " + ifMatch.trim() + " does not match the current version \"" + version + "\"",
          List.of(new FieldError("If-Match", "is stale: the current ETag is \"" + version + "\"")),
          java.util.Map.of("ETag", "\"" + version + "\""));
    }
  }

  private static boolean matches(String header, String current) {
    for (String part : header.split(",")) {
      String tag = part.trim();
      if (tag.equals("*")) {
        return true;
      }
      if (tag.startsWith("W/")) {
        tag = tag.substring(2);
      }
      if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
        tag = tag.substring(1, tag.length() - 1);
      }
      if (tag.equals(current)) {
        return true;
      }
    }
    return false;
  }
}
