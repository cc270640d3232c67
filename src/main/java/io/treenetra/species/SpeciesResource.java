package io.treenetra.species;

import io.treenetra.auth.Callers;
import io.treenetra.auth.Role;
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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/species")
@ApplicationScoped
@RolesAllowed({Role.Allowed.ADMIN, Role.Allowed.MANAGER, Role.Allowed.USER, Role.Allowed.VIEWER})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "species")
@APIResponse(
    responseCode = "400",
    description = "Invalid parameter or body",
    content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
public class SpeciesResource {

  @Inject SpeciesService species;
  @Inject JsonBodyReader bodies;
  @Inject Idempotency idempotency;
  @Context UriInfo uriInfo;
  @Context HttpHeaders headers;

  @GET
  @Operation(
      summary = "The species catalogue by scientific name; with q, autocomplete: best match first")
  @APIResponse(
      responseCode = "200",
      description = "A page of species",
      content = @Content(schema = @Schema(ref = "SpeciesPage")))
  public Page<SpeciesResponse> search(
      @Parameter(
              description =
                  "Autocomplete on both names: a name starting with q first, then names with words"
                      + " starting with q's words, then names close to q (a typo is tolerated); case and accents ignored")
          @QueryParam("q")
          String q,
      @Parameter(description = "1 to 500, default 20") @QueryParam("limit") String limit,
      @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor")
          String cursor) {
    QueryParams params = new QueryParams();
    int pageSize = params.limit(limit);
    params.check();
    return species.search(q, cursor, pageSize);
  }

  @GET
  @Path("{id}")
  @Operation(summary = "One species")
  @APIResponse(
      responseCode = "200",
      description = "The species",
      content = @Content(schema = @Schema(ref = "Species")))
  @APIResponse(responseCode = "304", description = "If-None-Match names the current version")
  @APIResponse(
      responseCode = "404",
      description = "No such species",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  public Response get(
      @PathParam("id") String id, @HeaderParam("If-None-Match") String ifNoneMatch) {
    Species found = species.get(Ids.parse("id", id));
    if (Preconditions.notModified(ifNoneMatch, found.version())) {
      return Response.notModified(Preconditions.etag(found.version())).build();
    }
    return Response.ok(SpeciesResponse.of(found)).tag(Preconditions.etag(found.version())).build();
  }

  @RolesAllowed({Role.Allowed.ADMIN, Role.Allowed.MANAGER, Role.Allowed.USER})
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Add a species to the catalogue")
  @RequestBody(content = @Content(schema = @Schema(ref = "SpeciesInput")))
  @APIResponse(
      responseCode = "201",
      description = "Created",
      content = @Content(schema = @Schema(ref = "Species")))
  @APIResponse(
      responseCode = "409",
      description =
          "The scientific name exists already, or the Idempotency-Key was used with another body",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  public Response create(
      @Parameter(
              description = "Makes retries safe: the same key and body replay the first response")
          @HeaderParam(Idempotency.HEADER)
          String idempotencyKey,
      InputStream body) {
    JsonObject json = bodies.readObject(body, headers);
    return idempotency.once(
        idempotencyKey,
        "POST /species",
        json,
        () -> {
          Species created =
              species.create(
                  json, Callers.current().map(c -> c.role() == Role.ADMIN).orElse(false));
          return new Idempotency.Created(
              201,
              SpeciesResponse.of(created),
              uriInfo.getBaseUriBuilder().path("species").path(created.id().toString()).build(),
              Preconditions.etag(created.version()).toString());
        });
  }

  @RolesAllowed({Role.Allowed.ADMIN, Role.Allowed.MANAGER, Role.Allowed.USER})
  @PUT
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Replace a species")
  @RequestBody(content = @Content(schema = @Schema(ref = "SpeciesInput")))
  @APIResponse(
      responseCode = "200",
      description = "Replaced",
      content = @Content(schema = @Schema(ref = "Species")))
  @APIResponse(
      responseCode = "412",
      description = "If-Match is stale",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  public Response replace(
      @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, InputStream body) {
    var speciesId = Ids.parse("id", id);
    Species replaced =
        species.replace(
            speciesId,
            bodies.readObject(body, headers),
            ifMatch,
            Callers.current().map(c -> c.role() == Role.ADMIN).orElse(false));
    return Response.ok(SpeciesResponse.of(replaced))
        .tag(Preconditions.etag(replaced.version()))
        .build();
  }
}
