package io.treenetra.auth;

import io.treenetra.platform.json.JsonBodyReader;
import io.treenetra.platform.json.JsonInput;
import io.treenetra.platform.web.ApiException;
import io.treenetra.platform.web.ClientAddress;
import io.treenetra.platform.web.Problem;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/auth")
@ApplicationScoped
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "auth")
@APIResponse(
    responseCode = "400",
    description = "Invalid body",
    content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
@APIResponse(
    responseCode = "401",
    description =
        "Wrong credentials, or a refresh token that is unknown, expired, revoked or used already",
    content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
public class AuthResource {

  private static final int MAX_NAME = 100;

  @Inject AuthService auth;
  @Inject JsonBodyReader bodies;
  @Context HttpHeaders headers;
  @Context HttpServletRequest request;

  @Inject ClientAddress addresses;

  @POST
  @Path("login")
  @Operation(
      summary = "Sign in: an access token (a JWT, 1 hour) and a refresh token (7 days, used once)")
  @APIResponse(responseCode = "200", description = "Signed in")
  @APIResponse(
      responseCode = "429",
      description = "Too many attempts for this user name or from this address; see Retry-After",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  public AuthService.Tokens login(InputStream body) {
    JsonInput in = JsonInput.of(bodies.readObject(body, headers));
    in.allowOnly(Set.of("username", "password"));
    String username = required(in, "username");
    String password = required(in, "password");
    if (username != null && username.length() > MAX_NAME) {
      in.reject("username", "must be at most " + MAX_NAME + " characters");
    }
    if (password != null && password.length() > UserService.MAX_PASSWORD) {
      in.reject("password", "must be at most " + UserService.MAX_PASSWORD + " characters");
    }
    if (!in.errors().isEmpty()) {
      throw ApiException.invalid(in.errors());
    }
    return auth.login(username, password.toCharArray(), addresses.of(request));
  }

  @POST
  @Path("refresh")
  @Operation(
      summary =
          "A new token pair for a refresh token, which is used up; presenting a used one again revokes its sign-in")
  @APIResponse(responseCode = "200", description = "The new pair")
  public AuthService.Tokens refresh(InputStream body) {
    return auth.refresh(refreshToken(body));
  }

  @POST
  @Path("logout")
  @Operation(
      summary =
          "Sign out: the refresh token and every token rotated from the same sign-in stop working")
  @APIResponse(responseCode = "204", description = "Signed out")
  public Response logout(InputStream body) {
    auth.logout(refreshToken(body));
    return Response.noContent().build();
  }

  private String refreshToken(InputStream body) {
    JsonInput in = JsonInput.of(bodies.readObject(body, headers));
    in.allowOnly(Set.of("refreshToken"));
    String token = required(in, "refreshToken");
    if (token != null && token.length() > 200) {
      in.reject("refreshToken", "is not a refresh token this service issued");
    }
    if (!in.errors().isEmpty()) {
      throw ApiException.invalid(in.errors());
    }
    return token;
  }

  private static String required(JsonInput in, String name) {
    String value = in.string(name);
    if (value == null && !in.has(name)) {
      in.reject(name, "is required");
    } else if (value != null && value.isEmpty()) {
      in.reject(name, "must not be empty");
      return null;
    }
    return value;
  }
}
