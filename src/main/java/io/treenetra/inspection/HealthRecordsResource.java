package io.treenetra.inspection;

import io.treenetra.auth.Role;
import io.treenetra.platform.json.JsonBodyReader;
import io.treenetra.platform.web.Ids;
import io.treenetra.platform.web.Page;
import io.treenetra.platform.web.Problem;
import io.treenetra.platform.web.QueryParams;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/trees/{treeId}/health-records")
@ApplicationScoped
@RolesAllowed({Role.Allowed.ADMIN, Role.Allowed.MANAGER, Role.Allowed.USER, Role.Allowed.VIEWER})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "health")
@APIResponse(
    responseCode = "400",
    description = "Invalid parameter or body; `errors` names each field",
    content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
@APIResponse(
    responseCode = "404",
    description = "No such tree, or it was deleted",
    content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
public class HealthRecordsResource {

  /** Until access control lands there is no signed-in user to name as the inspector. */
  private static final String NO_USER = null;

  @Inject InspectionService inspections;
  @Inject JsonBodyReader bodies;
  @Context HttpHeaders headers;

  @RolesAllowed({Role.Allowed.ADMIN, Role.Allowed.MANAGER, Role.Allowed.USER})
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Record an inspection; the latest by inspectedAt sets the tree's current healthStatus (and dbhCm, heightM when given)")
  @RequestBody(content = @Content(schema = @Schema(ref = "HealthRecordInput")))
  @APIResponse(
      responseCode = "201",
      description = "Recorded",
      content = @Content(schema = @Schema(ref = "HealthRecord")))
  public Response record(@PathParam("treeId") String treeId, InputStream body) {
    UUID id = Ids.parse("treeId", treeId);
    Inspection inspection = inspections.record(id, bodies.readObject(body, headers), NO_USER);
    return Response.status(Response.Status.CREATED)
        .entity(InspectionResponse.of(inspection))
        .build();
  }

  @GET
  @Operation(summary = "A tree's inspections, newest first")
  @APIResponse(
      responseCode = "200",
      description = "A page of records",
      content = @Content(schema = @Schema(ref = "HealthRecordPage")))
  public Page<InspectionResponse> list(
      @PathParam("treeId") String treeId,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    UUID id = Ids.parse("treeId", treeId);
    QueryParams params = new QueryParams();
    int pageSize = params.limit(limit);
    params.check();
    return inspections.list(id, cursor, pageSize);
  }
}
