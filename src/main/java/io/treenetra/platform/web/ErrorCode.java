package io.treenetra.platform.web;

/** The {@code code} of every problem response, with its HTTP status and title (API.md). */
public enum ErrorCode {
  VALIDATION_ERROR(400, "Invalid request"),
  AUTHENTICATION_ERROR(401, "Authentication required"),
  AUTHORIZATION_ERROR(403, "Not allowed"),
  NOT_FOUND(404, "Not found"),
  METHOD_NOT_ALLOWED(405, "Method not allowed"),
  NOT_ACCEPTABLE(406, "Not acceptable"),
  CONFLICT(409, "Conflict"),
  PRECONDITION_FAILED(412, "Precondition failed"),
  PAYLOAD_TOO_LARGE(413, "Payload too large"),
  UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
  RATE_LIMIT_EXCEEDED(429, "Too many requests"),
  INTERNAL_ERROR(500, "Internal error"),
  SERVICE_UNAVAILABLE(503, "Service unavailable");

  /** What a client without a valid access token is told, wherever the 401 comes from. */
  public static final String AUTHENTICATION_DETAIL =
      "A valid access token is required (Authorization: Bearer <token>); sign in at /api/v1/auth/login";

  private final int status;
  private final String title;

  ErrorCode(int status, String title) {
    this.status = status;
    this.title = title;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  /** The problem type URI: stable, documented in the OpenAPI description. */
  public String type() {
    return "urn:treenetra:problem:" + name().toLowerCase().replace('_', '-');
  }

  public static ErrorCode forStatus(int status) {
    for (ErrorCode code : values()) {
      if (code.status == status) {
        return code;
      }
    }
    return status >= 500 ? INTERNAL_ERROR : VALIDATION_ERROR;
  }
}
