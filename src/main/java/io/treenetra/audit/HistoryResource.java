package io.treenetra.audit;

import io.treenetra.auth.Role;
import io.treenetra.platform.web.Ids;
import io.treenetra.platform.web.Page;
import io.treenetra.platform.web.Problem;
import io.treenetra.platform.web.QueryParams;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/trees/{treeId}/history")
@ApplicationScoped
@RolesAllowed({Role.Allowed.ADMIN, Role.Allowed.MANAGER, Role.Allowed.USER, Role.Allowed.VIEWER})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "trees")
public class HistoryResource {

  @Inject History history;

  @GET
  @Operation(
      summary =
          "The audit trail of a tree, newest first: who changed which fields, from what, to what")
  @APIResponse(
      responseCode = "404",
      description = "No tree ever had this id",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  public Page<HistoryEntry> list(
      @PathParam("treeId") String treeId,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    QueryParams params = new QueryParams();
    int pageSize = params.limit(limit);
    params.check();
    return history.ofTree(Ids.parse("treeId", treeId), cursor, pageSize);
  }
}
