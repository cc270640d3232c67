package io.treenetra.auth;

import io.treenetra.platform.idempotency.Idempotency;
import io.treenetra.platform.json.JsonBodyReader;
import io.treenetra.platform.web.Ids;
import io.treenetra.platform.web.Page;
import io.treenetra.platform.web.Preconditions;
import io.treenetra.platform.web.Problem;
import io.treenetra.platform.web.QueryParams;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/users")
@ApplicationScoped
@RolesAllowed(Role.Allowed.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "users")
@APIResponse(
    responseCode = "400",
    description = "Invalid parameter or body",
    content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
public class UsersResource {

  @Inject UserService users;
  @Inject JsonBodyReader bodies;
  @Inject Idempotency idempotency;
  @Context UriInfo uriInfo;
  @Context HttpHeaders headers;

  @GET
  @Operation(summary = "Every user, by user name")
  public Page<UserResponse> list(
      @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
    QueryParams params = new QueryParams();
    int pageSize = params.limit(limit);
    params.check();
    return users.list(cursor, pageSize);
  }

  @GET
  @Path("{id}")
  @Operation(summary = "One user")
  @APIResponse(
      responseCode = "404",
      description = "No such user",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  public Response get(@PathParam("id") String id) {
    User user = users.get(Ids.parse("id", id));
    return Response.ok(UserResponse.of(user)).tag(Preconditions.etag(user.version())).build();
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Add a user: username, role (admin, manager, user, viewer), password of at least 12 characters")
  @APIResponse(responseCode = "201", description = "Created")
  @APIResponse(
      responseCode = "409",
      description = "The user name is taken",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  public Response create(@HeaderParam(Idempotency.HEADER) String idempotencyKey, InputStream body) {
    JsonObject json = bodies.readObject(body, headers);
    return idempotency.once(
        idempotencyKey,
        "POST /users",
        json,
        () -> {
          User created = users.create(json);
          return new Idempotency.Created(
              201,
              UserResponse.of(created),
              uriInfo.getBaseUriBuilder().path("users").path(created.id().toString()).build(),
              Preconditions.etag(created.version()).toString());
        });
  }

  @PUT
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Replace a user's name and role; with password, also the password. A new password or role signs the user out")
  @APIResponse(
      responseCode = "409",
      description = "The user name is taken, or this would leave no admin",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  public Response replace(
      @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, InputStream body) {
    User user = users.replace(Ids.parse("id", id), bodies.readObject(body, headers), ifMatch);
    return Response.ok(UserResponse.of(user)).tag(Preconditions.etag(user.version())).build();
  }

  @DELETE
  @Path("{id}")
  @Operation(summary = "Remove a user and end their sign-ins")
  @APIResponse(responseCode = "204", description = "Removed")
  @APIResponse(
      responseCode = "409",
      description = "The last admin",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  public Response delete(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
    users.delete(Ids.parse("id", id), ifMatch);
    return Response.noContent().build();
  }
}
