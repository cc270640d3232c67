package io.treenetra.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import java.util.regex.Pattern;

/** The X-Request-Id of API.md: the client's when it is well-formed, a new one otherwise. */
public final class RequestIds {

  public static final String HEADER = "X-Request-Id";
  static final String ATTRIBUTE = "treenetra.requestId";
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private RequestIds() {}

  static String accept(String fromClient) {
    return fromClient != null && VALID.matcher(fromClient).matches()
        ? fromClient
        : UUID.randomUUID().toString();
  }

  public static String of(HttpServletRequest request) {
    Object id = request.getAttribute(ATTRIBUTE);
    return id == null ? null : id.toString();
  }
}
