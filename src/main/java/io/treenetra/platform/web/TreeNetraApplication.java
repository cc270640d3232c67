package io.treenetra.platform.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@ApplicationPath("/api/v1")
@OpenAPIDefinition(
    info =
        @Info(
            title = "TreeNetra",
            version = "1",
            description =
                "Urban tree inventory. Errors are application/problem+json (RFC 9457) with a `code` of"
                    + " VALIDATION_ERROR, AUTHENTICATION_ERROR, AUTHORIZATION_ERROR, NOT_FOUND, METHOD_NOT_ALLOWED,"
                    + " NOT_ACCEPTABLE, CONFLICT, PRECONDITION_FAILED, PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE,"
                    + " RATE_LIMIT_EXCEEDED, INTERNAL_ERROR or SERVICE_UNAVAILABLE, and its `type` is"
                    + " urn:treenetra:problem:<code in lower case, dashes>. Every response has X-Request-Id."
                    + " POST accepts Idempotency-Key: a retry with the same key and body within 24 hours replays"
                    + " the first response (header Idempotent-Replayed: true); the same key with another body"
                    + " is a 409 CONFLICT. Every /api/v1 request but the root and /auth needs"
                    + " Authorization: Bearer <accessToken> from POST /auth/login (401 without a valid one, 403 when"
                    + " the role may not): reading needs any role, creating and updating user or above, deleting"
                    + " manager or above, users and imports admin. Requests per minute: viewer 60, user 120,"
                    + " manager 300, admin unlimited, across all instances; limited answers carry X-RateLimit-Limit,"
                    + " X-RateLimit-Remaining and X-RateLimit-Reset (epoch seconds), and a 429 Retry-After."),
    tags = {
      @Tag(name = "trees", description = "The tree inventory"),
      @Tag(name = "species", description = "The species catalogue"),
      @Tag(name = "health", description = "Inspections, statistics and health trends"),
      @Tag(name = "imports", description = "Bulk imports of tree files, run by the workers"),
      @Tag(name = "auth", description = "Sign-in, token refresh and sign-out"),
      @Tag(name = "users", description = "Users and their roles (admin only)"),
      @Tag(name = "api", description = "The API root")
    })
public class TreeNetraApplication extends Application {}
