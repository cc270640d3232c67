package io.treenetra.tree;

import io.treenetra.auth.Role;
import io.treenetra.platform.idempotency.Idempotency;
import io.treenetra.platform.json.JsonBodyReader;
import io.treenetra.platform.web.ApiException;
import io.treenetra.platform.web.Ids;
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
import jakarta.ws.rs.PATCH;
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
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameters;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/trees")
@ApplicationScoped
@RolesAllowed({Role.Allowed.ADMIN, Role.Allowed.MANAGER, Role.Allowed.USER, Role.Allowed.VIEWER})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "trees")
@APIResponse(
    responseCode = "400",
    description = "Invalid parameter or body; `errors` names each field",
    content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
public class TreesResource {

  static final String MERGE_PATCH = "application/merge-patch+json";
  static final String GEO_JSON = "application/geo+json";
  static final String CSV = "text/csv";
  static final String CSV_LAYOUT =
      "id, externalId, scientificName, commonName, lat, lng, address, dbhCm, heightM,"
          + " canopyDiameterM, status, healthStatus, plantedDate, tags (separated by |, a | inside a tag escaped as \\|),"
          + " notes, lastInspectedAt, version, createdAt, updatedAt, and distanceM with near. Every value is quoted: an"
          + " empty cell is no value, \"\" an empty text";

  @Inject TreeService trees;
  @Inject TreeExport export;
  @Inject JsonBodyReader bodies;
  @Inject Idempotency idempotency;
  @Context UriInfo uriInfo;
  @Context HttpHeaders headers;

  @GET
  @Operation(summary = "List trees, filtered and sorted, a keyset page at a time")
  @Parameters({
    @Parameter(
        name = "bbox",
        in = ParameterIn.QUERY,
        description =
            "minLng,minLat,maxLng,maxLat in degrees, edges included;"
                + " a minLng greater than maxLng crosses the antimeridian"),
    @Parameter(
        name = "near",
        in = ParameterIn.QUERY,
        description =
            "lat,lng: trees by distance on the WGS84 sphere, nearest"
                + " first, each with distanceM; without radiusM, the nearest trees however far"),
    @Parameter(
        name = "radiusM",
        in = ParameterIn.QUERY,
        description = "With near: only trees within this many metres, 0 to 50000"),
    @Parameter(
        name = "q",
        in = ParameterIn.QUERY,
        description =
            "Full-text search over species names, address, notes and"
                + " tags: every word must match, as a prefix, stemmed and without accents. Sorted by relevance unless sort is given: every"
                + " word in the species' names or tags first, then in those or the address, then anywhere; by id within each"),
    @Parameter(
        name = "format",
        in = ParameterIn.QUERY,
        description =
            "json (a page, the default), geojson or csv (the whole"
                + " filtered set, streamed; limit and cursor do not apply)"),
    @Parameter(
        name = "include",
        in = ParameterIn.QUERY,
        description =
            "benefits: with geojson, each feature's properties.benefits has the tree's figures as"
                + " GET /trees/{id}/benefits gives them (without factors); with csv, the columns"
                + " itreeRegion, itreeCode, benefitsSkipped (the reason, empty when computed),"
                + " stormwaterGal, stormwaterUsd, electricityKwh, naturalGasKbtu, energyUsd,"
                + " co2SequesteredKg, co2AvoidedKg, co2StoredKg, co2Usd, co2StoredUsd,"
                + " airQualityNetKg, airQualityUsd, totalUsdPerYear follow the layout's (computed"
                + " figures: an import of such a file ignores those columns)"),
    @Parameter(
        name = "status",
        in = ParameterIn.QUERY,
        description = "planned, alive, dead, stump, removed; several separated by commas"),
    @Parameter(
        name = "healthStatus",
        in = ParameterIn.QUERY,
        description = "healthy, needs_attention, critical, dead; several separated by commas"),
    @Parameter(
        name = "riskRating",
        in = ParameterIn.QUERY,
        description =
            "low, moderate, high, extreme (the latest assessed health record's); several separated"
                + " by commas"),
    @Parameter(
        name = "species",
        in = ParameterIn.QUERY,
        description = "Species id or scientific name (any case)"),
    @Parameter(name = "tag", in = ParameterIn.QUERY, description = "Trees carrying this tag"),
    @Parameter(
        name = "dbhMin",
        in = ParameterIn.QUERY,
        description = "Smallest DBH in cm (inclusive)"),
    @Parameter(
        name = "dbhMax",
        in = ParameterIn.QUERY,
        description = "Largest DBH in cm (inclusive)"),
    @Parameter(name = "plantedFrom", in = ParameterIn.QUERY, description = "YYYY-MM-DD, inclusive"),
    @Parameter(name = "plantedTo", in = ParameterIn.QUERY, description = "YYYY-MM-DD, inclusive"),
    @Parameter(
        name = "sort",
        in = ParameterIn.QUERY,
        description =
            "createdAt (default), updatedAt, dbhCm; prefix - for descending; trees without a DBH come last;"
                + " distance (the default with near) and relevance (the default with q) sort one way only"),
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "1 to 500, default 20"),
    @Parameter(
        name = "cursor",
        in = ParameterIn.QUERY,
        description = "nextCursor of the previous page, with the same sort"),
    @Parameter(name = "count", in = ParameterIn.QUERY, description = "true adds pagination.total")
  })
  @APIResponse(
      responseCode = "200",
      description =
          "A page of trees; with format=geojson or format=csv (or Accept:"
              + " application/geo+json, text/csv) the whole filtered set, streamed, in the same order",
      content = {
        @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "TreePage")),
        @Content(
            mediaType = GEO_JSON,
            schema =
                @Schema(
                    description =
                        "RFC 7946 FeatureCollection of Points, coordinates [lng, lat]; "
                            + "properties: the tree's fields (location.address as address)")),
        @Content(
            mediaType = CSV,
            schema = @Schema(description = "A header, then one tree a line: " + CSV_LAYOUT))
      })
  @Produces({MediaType.APPLICATION_JSON, GEO_JSON, CSV})
  public Response list() {
    TreeQuery query = TreeQuery.from(uriInfo.getQueryParameters(), preferred(GEO_JSON));
    TreeQuery.Format format =
        query.format() == TreeQuery.Format.JSON && preferred(CSV) && query.cursor() == null
            ? TreeQuery.Format.CSV
            : query.format();
    boolean withBenefits = includesBenefits(uriInfo.getQueryParameters().getFirst("include"));
    if (withBenefits && format == TreeQuery.Format.JSON) {
      throw ApiException.invalid(
          "include", "benefits is for the CSV and GeoJSON exports (format=csv or geojson)");
    }
    return switch (format) {
      case JSON -> Response.ok(trees.list(query), MediaType.APPLICATION_JSON_TYPE).build();
      case GEOJSON ->
          Response.ok(export.geoJson(trees.filter(query), query.sort(), withBenefits), GEO_JSON)
              .build();
      case CSV ->
          Response.ok(
                  export.csv(trees.filter(query), query.sort(), withBenefits),
                  CSV + "; charset=UTF-8")
              .header("Content-Disposition", "attachment; filename=\"trees.csv\"")
              .build();
    };
  }

  /** {@code include}: absent, or {@code benefits}; anything else is a 400. */
  private static boolean includesBenefits(String include) {
    if (include == null || include.isBlank()) {
      return false;
    }
    if (!include.strip().equals("benefits")) {
      throw ApiException.invalid("include", "must be benefits");
    }
    return true;
  }

  /**
   * True when the client's most wanted type is this one (not merely acceptable through a wildcard).
   */
  private boolean preferred(String mediaType) {
    List<MediaType> acceptable = headers.getAcceptableMediaTypes();
    if (acceptable.isEmpty()) {
      return false;
    }
    MediaType first = acceptable.get(0);
    return !first.isWildcardType()
        && !first.isWildcardSubtype()
        && first.isCompatible(MediaType.valueOf(mediaType));
  }

  @GET
  @Path("{id}")
  @Operation(summary = "One tree")
  @APIResponse(
      responseCode = "200",
      description = "The tree; ETag carries its version",
      content = @Content(schema = @Schema(ref = "Tree")))
  @APIResponse(responseCode = "304", description = "If-None-Match names the current version")
  @APIResponse(
      responseCode = "404",
      description = "No such tree, or it was deleted",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  public Response get(
      @PathParam("id") String id, @HeaderParam("If-None-Match") String ifNoneMatch) {
    Tree tree = trees.get(Ids.parse("id", id));
    if (Preconditions.notModified(ifNoneMatch, tree.version())) {
      return Response.notModified(Preconditions.etag(tree.version())).build();
    }
    return ok(tree);
  }

  @RolesAllowed({Role.Allowed.ADMIN, Role.Allowed.MANAGER, Role.Allowed.USER})
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Create a tree")
  @RequestBody(content = @Content(schema = @Schema(ref = "TreeInput")))
  @APIResponse(
      responseCode = "201",
      description = "Created; Location and ETag set",
      content = @Content(schema = @Schema(ref = "Tree")))
  @APIResponse(
      responseCode = "409",
      description = "externalId taken, or the Idempotency-Key was used with another body",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "413",
      description = "Body over 1 MiB",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "415",
      description = "Not application/json",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  public Response create(
      @Parameter(
              description =
                  "Makes retries safe: the same key and body within 24 h replay the first response")
          @HeaderParam(Idempotency.HEADER)
          String idempotencyKey,
      InputStream body) {
    JsonObject json = bodies.readObject(body, headers);
    return idempotency.once(
        idempotencyKey,
        "POST /trees",
        json,
        () -> {
          Tree tree = trees.create(json);
          return new Idempotency.Created(
              201,
              TreeResponse.of(tree),
              uriInfo.getBaseUriBuilder().path("trees").path(tree.id().toString()).build(),
              Preconditions.etag(tree.version()).toString());
        });
  }

  @RolesAllowed({Role.Allowed.ADMIN, Role.Allowed.MANAGER, Role.Allowed.USER})
  @PUT
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Replace a tree; fields left out become empty")
  @RequestBody(content = @Content(schema = @Schema(ref = "TreeInput")))
  @APIResponse(
      responseCode = "200",
      description = "Replaced",
      content = @Content(schema = @Schema(ref = "Tree")))
  @APIResponse(
      responseCode = "412",
      description = "If-Match is stale",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  public Response replace(
      @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, InputStream body) {
    var treeId = Ids.parse("id", id);
    return ok(trees.replace(treeId, bodies.readObject(body, headers), ifMatch));
  }

  @RolesAllowed({Role.Allowed.ADMIN, Role.Allowed.MANAGER, Role.Allowed.USER})
  @PATCH
  @Path("{id}")
  @Consumes({MERGE_PATCH, MediaType.APPLICATION_JSON})
  @Operation(summary = "Merge-patch a tree (RFC 7396): null removes a field")
  @APIResponse(
      responseCode = "200",
      description = "Patched",
      content = @Content(schema = @Schema(ref = "Tree")))
  @APIResponse(
      responseCode = "412",
      description = "If-Match is stale",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  public Response patch(
      @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, InputStream body) {
    var treeId = Ids.parse("id", id);
    return ok(trees.patch(treeId, bodies.readObject(body, headers), ifMatch));
  }

  @RolesAllowed({Role.Allowed.ADMIN, Role.Allowed.MANAGER})
  @DELETE
  @Path("{id}")
  @Operation(summary = "Delete a tree (soft: kept for its history, answered 404 from then on)")
  @APIResponse(responseCode = "204", description = "Deleted")
  @APIResponse(
      responseCode = "412",
      description = "If-Match is stale",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  public Response delete(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
    trees.delete(Ids.parse("id", id), ifMatch);
    return Response.noContent().build();
  }

  private static Response ok(Tree tree) {
    return Response.ok(TreeResponse.of(tree)).tag(Preconditions.etag(tree.version())).build();
  }
}
