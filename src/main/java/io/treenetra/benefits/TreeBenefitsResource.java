package io.treenetra.benefits;

import io.treenetra.auth.Role;
import io.treenetra.itree.TreeBenefits;
import io.treenetra.platform.web.Ids;
import io.treenetra.platform.web.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/trees/{treeId}/benefits")
@ApplicationScoped
@RolesAllowed({Role.Allowed.ADMIN, Role.Allowed.MANAGER, Role.Allowed.USER, Role.Allowed.VIEWER})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "trees")
public class TreeBenefitsResource {

  @Inject BenefitsService benefits;

  @GET
  @Operation(
      summary =
          "A tree's yearly benefits after i-Tree Streets (stormwater, energy, CO2, air quality, in"
              + " units and dollars), from its species' code in its region and its DBH; 200 with"
              + " computable false and the reason when they cannot be computed")
  @APIResponse(
      responseCode = "200",
      description = "The benefits",
      content = @Content(schema = @Schema(ref = "TreeBenefits")))
  @APIResponse(
      responseCode = "404",
      description = "No such tree, or it was deleted",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  public TreeBenefits get(@PathParam("treeId") String treeId) {
    return benefits.tree(Ids.parse("treeId", treeId));
  }
}
