package io.treenetra.imports;

import io.treenetra.auth.Role;
import io.treenetra.platform.json.JsonBodyReader;
import io.treenetra.platform.web.Page;
import io.treenetra.platform.web.Preconditions;
import io.treenetra.platform.web.Problem;
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

/** Mappings stored by name, for {@code POST /imports?mapping=name} (docs/imports.md). */
@Path("/imports/mappings")
@ApplicationScoped
@RolesAllowed(Role.Allowed.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "imports")
public class ImportMappingsResource {

  @Inject ImportMappings mappings;
  @Inject JsonBodyReader bodies;
  @Context UriInfo uriInfo;
  @Context HttpHeaders headers;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Store a mapping",
      description =
          "A mapping reads a city's own CSV columns or GeoJSON properties as a tree's fields, with"
              + " unit conversions, classes, value tables, constants, externalId templates or hashes,"
              + " rows to skip and planting sites; docs/imports.md describes it. Every mistake in it is"
              + " a 400 naming the member.")
  @APIResponse(responseCode = "201", description = "Stored; Location names it")
  @APIResponse(
      responseCode = "400",
      description = "Not a valid mapping",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "409",
      description = "A mapping of this name exists (PUT replaces it), or 1,000 are stored",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  public Response create(InputStream body) {
    ImportMappings.Stored stored = mappings.create(bodies.readObject(body, headers));
    return Response.created(uriInfo.getAbsolutePathBuilder().path(stored.mapping().name).build())
        .tag(Preconditions.etag(stored.version() + 1))
        .entity(stored.json())
        .build();
  }

  @GET
  @Operation(summary = "Every stored mapping, by name")
  @APIResponse(responseCode = "200", description = "The mappings")
  public Page<JsonObject> list() {
    var all = mappings.all().stream().map(ImportMappings.Stored::json).toList();
    return new Page<>(
        all, new Page.Pagination(ImportMappings.MAX_MAPPINGS, null, (long) all.size()));
  }

  @GET
  @Path("{name}")
  @Operation(summary = "A stored mapping")
  @APIResponse(responseCode = "200", description = "The mapping; ETag is its version")
  @APIResponse(
      responseCode = "404",
      description = "No mapping of this name",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  public Response get(@PathParam("name") String name) {
    ImportMappings.Stored stored = mappings.get(name);
    return Response.ok(stored.json()).tag(Preconditions.etag(stored.version() + 1)).build();
  }

  @PUT
  @Path("{name}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Replace a stored mapping",
      description =
          "Imports already queued keep the mapping they were given. If-Match (optional) guards against"
              + " replacing a version you have not seen.")
  @APIResponse(responseCode = "200", description = "Replaced")
  @APIResponse(
      responseCode = "400",
      description = "Not a valid mapping, or its name is not the path's",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "404",
      description = "No mapping of this name",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "412",
      description = "If-Match is stale",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  public Response replace(
      @PathParam("name") String name,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
      InputStream body) {
    ImportMappings.Stored stored =
        mappings.replace(name, bodies.readObject(body, headers), ifMatch);
    return Response.ok(stored.json()).tag(Preconditions.etag(stored.version() + 1)).build();
  }

  @DELETE
  @Path("{name}")
  @Operation(
      summary = "Delete a stored mapping",
      description = "Imports already queued keep the mapping they were given.")
  @APIResponse(responseCode = "204", description = "Deleted")
  @APIResponse(
      responseCode = "404",
      description = "No mapping of this name",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "412",
      description = "If-Match is stale",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  public Response delete(
      @PathParam("name") String name, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
    mappings.delete(name, ifMatch);
    return Response.noContent().build();
  }
}
