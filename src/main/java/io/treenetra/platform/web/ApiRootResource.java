package io.treenetra.platform.web;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/v1}: what this API is and where its collections are, for clients finding their
 * way.
 */
@Path("")
@ApplicationScoped
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "api")
public class ApiRootResource {

  @JsonbPropertyOrder({"service", "apiVersion", "resources", "openapi"})
  public record ApiRoot(
      String service, String apiVersion, Map<String, String> resources, String openapi) {}

  private static final ApiRoot ROOT =
      new ApiRoot(
          "treenetra",
          "1",
          new java.util.TreeMap<>(Map.of("species", "/api/v1/species", "trees", "/api/v1/trees")),
          "/openapi");

  @GET
  @Operation(summary = "The API's name, version and collections")
  @APIResponse(responseCode = "200", description = "The API root")
  public ApiRoot root() {
    return ROOT;
  }
}
