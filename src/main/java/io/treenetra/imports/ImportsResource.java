package io.treenetra.imports;

import io.treenetra.auth.Callers;
import io.treenetra.auth.Role;
import io.treenetra.job.JobState;
import io.treenetra.platform.idempotency.Idempotency;
import io.treenetra.platform.replica.ReadReplicas;
import io.treenetra.platform.web.ApiException;
import io.treenetra.platform.web.ErrorCode;
import io.treenetra.platform.web.Ids;
import io.treenetra.platform.web.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
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
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/imports")
@ApplicationScoped
@RolesAllowed(Role.Allowed.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "imports")
public class ImportsResource {

  static final String CSV = "text/csv";
  static final String GEO_JSON = "application/geo+json";

  @Inject ImportService imports;
  @Inject ImportMappings mappings;
  @Inject ReadReplicas replicas;
  @Context UriInfo uriInfo;
  @Context HttpHeaders headers;

  @POST
  @Consumes({CSV, GEO_JSON, MediaType.APPLICATION_JSON})
  @Operation(
      summary = "Import a file of trees",
      description =
          "The file is the body: text/csv in the nyc-2015 or treenetra layout, or application/geo+json. It is"
              + " stored, then imported by a worker in batches; follow Location for its progress. Rows with an externalId"
              + " (or, in the treenetra and geojson layouts, an id) already present update that tree, and only in the fields"
              + " the file carries: such a row may leave out the location (both coordinates) and the status, which a new"
              + " tree needs. Importing the same file twice creates nothing new. A bad row is reported with its row"
              + " number (the header is row 1; GeoJSON features count from 1) and the good rows are imported, unless"
              + " atomic=true. A tree planted or moved within 1 m of another tree of the same species is imported with a"
              + " warning (a row that leaves its tree where it was gets none, so a file imported again warns of nothing),"
              + " and so is a row that names a tree an earlier row of the file named (DUPLICATE_EXTERNAL_ID or"
              + " DUPLICATE_ID): it changes that tree, the last row wins."
              + " A file that is not what it claims (not UTF-8 text, missing columns, empty, header only) fails the job,"
              + " and so does a file whose every row fails.")
  @APIResponse(
      responseCode = "202",
      description = "Accepted and queued; Location names the import",
      content = @Content(schema = @Schema(implementation = ImportResponse.class)))
  @APIResponse(
      responseCode = "400",
      description =
          "A bad format, dryRun, atomic, createSpecies, srid or mapping parameter (an unknown EPSG"
              + " code, no such mapping, a mapping or srid with a layout of fixed columns)",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "413",
      description = "Larger than treenetra.import.max-bytes (512 MiB by default)",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "415",
      description = "A content type that does not match the format, or a charset other than UTF-8",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  public Response create(
      @Parameter(
              description =
                  "nyc-2015, treenetra (the default for text/csv), geojson (the default for GeoJSON), or"
                      + " csv: any columns, read through a mapping")
          @QueryParam("format")
          String format,
      @Parameter(description = "true: check and count every row, write nothing")
          @QueryParam("dryRun")
          String dryRun,
      @Parameter(description = "true: import every row or none") @QueryParam("atomic")
          String atomic,
      @Parameter(
              description =
                  "The name of a stored mapping (POST /imports/mappings) that reads the file's own"
                      + " columns or properties; the format is then csv (the default for text/csv) or"
                      + " geojson")
          @QueryParam("mapping")
          String mapping,
      @Parameter(
              description =
                  "The EPSG code of the file's coordinates (2263: New York Long Island State Plane, US"
                      + " feet), for GeoJSON geometries and a mapping's x and y or lat and lng; a GeoJSON"
                      + " crs member says the same; the default is WGS 84 (4326)")
          @QueryParam("srid")
          String srid,
      @Parameter(
              description =
                  "true: a species name that matches no species of the catalogue (exactly, written"
                      + " another way, as a common name, or by a close spelling) creates one, once per"
                      + " name")
          @QueryParam("createSpecies")
          String createSpecies,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
      @Parameter(
              description =
                  "A retry with the same key, file and parameters within 24 hours queues nothing and"
                      + " answers the first response (header Idempotent-Replayed: true)")
          @HeaderParam(Idempotency.HEADER)
          String idempotencyKey,
      InputStream body) {
    MediaType type = headers.getMediaType();
    ImportFormat layout = format(format, type, mapping != null);
    ImportMappings.Stored stored = null;
    if (mapping != null) {
      if (layout == ImportFormat.NYC_2015 || layout == ImportFormat.TREENETRA) {
        throw ApiException.invalid(
            "mapping",
            "reads csv or geojson files; the "
                + layout.value
                + " layout has its own columns (leave out format, or give format=csv)");
      }
      stored =
          mappings
              .named(mapping)
              .orElseThrow(
                  () ->
                      ApiException.invalid(
                          "mapping",
                          "no mapping is named "
                              + mapping
                              + "; POST /imports/mappings stores one"));
    } else if (layout == ImportFormat.CSV) {
      throw ApiException.invalid(
          "mapping", "is required with format=csv: it says what the file's columns are");
    }
    Integer given = srid(srid);
    // The import shows the system it reads: the one given, else the mapping's.
    Integer epsg = given == null && stored != null ? stored.mapping().srid : given;
    if (given != null && (layout == ImportFormat.NYC_2015 || layout == ImportFormat.TREENETRA)) {
      throw ApiException.invalid(
          "srid",
          "applies to GeoJSON files and mapped files; the "
              + layout.value
              + " layout's latitude and longitude are WGS 84");
    }
    String charset = type.getParameters().get(MediaType.CHARSET_PARAMETER);
    if (charset != null
        && !charset.equalsIgnoreCase("utf-8")
        && !charset.equalsIgnoreCase("utf8")) {
      throw unsupported("Import files must be UTF-8, not " + charset);
    }
    ImportService.Submission submission =
        new ImportService.Submission(
            body,
            length(contentLength),
            layout,
            flag("dryRun", dryRun),
            flag("atomic", atomic),
            type.getType() + "/" + type.getSubtype(),
            idempotencyKey,
            Callers.current().orElse(null),
            new ImportRepository.Options(
                epsg,
                flag("createSpecies", createSpecies),
                stored == null ? null : stored.mapping().name,
                stored == null ? null : stored.mapping().document));
    ImportService.Created created =
        imports.create(
            submission,
            id -> uriInfo.getBaseUriBuilder().path("imports").path(id.toString()).build());
    if (created.replayed() != null) {
      return created.replayed().toResponse();
    }
    return Response.accepted(created.job()).location(created.location()).build();
  }

  @GET
  @Path("{id}")
  @Operation(
      summary = "An import's state, progress, counts, and its first 1,000 errors and warnings",
      description =
          "An import ends succeeded, failed (with error saying why: the file is not what it claims,"
              + " an atomic import had bad rows, or every row of the file failed) or cancelled. A"
              + " succeeded import may still have failed rows: failed counts them, partial is true, and"
              + " summary says so in words. speciesNames lists each species name of the file that"
              + " matched the catalogue other than exactly, or not at all, with its rows; a dry run's"
              + " preview shows its first 20 rows as they would be written (docs/imports.md).")
  @APIResponse(
      responseCode = "200",
      description = "The import",
      content = @Content(schema = @Schema(implementation = ImportResponse.class)))
  @APIResponse(
      responseCode = "404",
      description = "No such import",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  public ImportResponse get(@PathParam("id") String id) {
    ImportResponse found = imports.get(Ids.parse("id", id));
    if (!JobState.QUEUED.is(found.state()) && !JobState.RUNNING.is(found.state())) {
      // Whoever sees an import finished reads its trees next: on a replica only once it has them.
      replicas.wrote();
    }
    return found;
  }

  @DELETE
  @Path("{id}")
  @Operation(
      summary = "Cancel an import",
      description =
          "A queued import is cancelled at once (200). A running one stops after its current batch (202):"
              + " batches already committed stay imported, except in a dry run or an atomic import, which write nothing.")
  @APIResponse(
      responseCode = "200",
      description = "Cancelled",
      content = @Content(schema = @Schema(implementation = ImportResponse.class)))
  @APIResponse(
      responseCode = "202",
      description = "Running; it stops after its current batch",
      content = @Content(schema = @Schema(implementation = ImportResponse.class)))
  @APIResponse(
      responseCode = "409",
      description = "The import has already succeeded or failed",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  public Response cancel(@PathParam("id") String id) {
    ImportResponse cancelled = imports.cancel(Ids.parse("id", id));
    return Response.status(JobState.CANCELLED.is(cancelled.state()) ? 200 : 202)
        .entity(cancelled)
        .build();
  }

  private static Integer srid(String value) {
    if (value == null) {
      return null;
    }
    int srid;
    try {
      srid = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw ApiException.invalid("srid", "must be an EPSG code, such as 2263");
    }
    if (srid < 1 || srid > 999_999) {
      throw ApiException.invalid("srid", "must be an EPSG code, such as 2263");
    }
    CoordinateSystem.unknown(srid)
        .ifPresent(
            why -> {
              throw ApiException.invalid("srid", why);
            });
    return srid;
  }

  private static ImportFormat format(String value, MediaType type, boolean mapped) {
    boolean csv = type.isCompatible(MediaType.valueOf(CSV));
    ImportFormat format =
        value == null
            ? (csv ? (mapped ? ImportFormat.CSV : ImportFormat.TREENETRA) : ImportFormat.GEOJSON)
            : ImportFormat.parse(value)
                .orElseThrow(
                    () -> ApiException.invalid("format", "must be one of " + ImportFormat.ALLOWED));
    if (format.csv != csv) {
      throw unsupported(
          "The "
              + format.value
              + " format is sent as "
              + (format.csv ? CSV : GEO_JSON)
              + ", not as "
              + type);
    }
    return format;
  }

  private static boolean flag(String name, String value) {
    if (value == null || value.equals("false")) {
      return false;
    }
    if (value.equals("true")) {
      return true;
    }
    throw ApiException.invalid(name, "must be true or false");
  }

  private static Long length(String contentLength) {
    try {
      return contentLength == null ? null : Long.parseLong(contentLength.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static ApiException unsupported(String detail) {
    return new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, detail, List.of(), Map.of());
  }
}
