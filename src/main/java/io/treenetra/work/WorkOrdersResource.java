package io.treenetra.work;

import io.treenetra.audit.History;
import io.treenetra.audit.HistoryEntry;
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
import jakarta.ws.rs.PATCH;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameters;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/work-orders")
@ApplicationScoped
@RolesAllowed({Role.Allowed.ADMIN, Role.Allowed.MANAGER, Role.Allowed.USER, Role.Allowed.VIEWER})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "work")
@APIResponse(
    responseCode = "400",
    description = "Invalid input; `errors` names each field",
    content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
public class WorkOrdersResource {

  static final String CSV = "text/csv";

  @Inject WorkOrderService orders;
  @Inject WorkOrderQueries queries;
  @Inject JsonBodyReader bodies;
  @Inject Idempotency idempotency;
  @Inject History history;
  @Context UriInfo uriInfo;
  @Context HttpHeaders headers;

  @GET
  @Operation(
      summary =
          "Work orders, newest first, filtered; format=csv streams every order the filters select")
  @Parameters({
    @Parameter(name = "status", in = ParameterIn.QUERY, description = WorkStatusDoc.STATUS),
    @Parameter(name = "type", in = ParameterIn.QUERY, description = WorkStatusDoc.TYPE),
    @Parameter(name = "priority", in = ParameterIn.QUERY, description = WorkStatusDoc.PRIORITY),
    @Parameter(name = "assigneeId", in = ParameterIn.QUERY, description = "a user's id"),
    @Parameter(name = "treeId", in = ParameterIn.QUERY, description = "a tree's id"),
    @Parameter(
        name = "dueBefore",
        in = ParameterIn.QUERY,
        description = "YYYY-MM-DD: orders due before that day"),
    @Parameter(
        name = "overdue",
        in = ParameterIn.QUERY,
        description = "true: open, scheduled or in progress, and due before today (UTC)"),
    @Parameter(
        name = "bbox",
        in = ParameterIn.QUERY,
        description =
            "minLng,minLat,maxLng,maxLat: the order's location (its tree's, or the planting's)"),
    @Parameter(
        name = "sort",
        in = ParameterIn.QUERY,
        description = "-createdAt (default) or dueDate"),
    @Parameter(name = "format", in = ParameterIn.QUERY, description = "json (a page) or csv"),
  })
  @APIResponse(
      responseCode = "200",
      description = "A page of orders, or CSV",
      content = {
        @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "WorkOrderPage")),
        @Content(mediaType = CSV)
      })
  @Produces({MediaType.APPLICATION_JSON, CSV})
  public Response list() {
    WorkOrderFilter filter = WorkOrderFilter.from(uriInfo.getQueryParameters());
    if (filter.csv()) {
      return Response.ok(queries.csv(filter), CSV + "; charset=UTF-8")
          .header("Content-Disposition", "attachment; filename=\"work-orders.csv\"")
          .build();
    }
    return Response.ok(queries.list(filter), MediaType.APPLICATION_JSON_TYPE).build();
  }

  @GET
  @Path("{id}")
  @Operation(summary = "One work order")
  @APIResponse(
      responseCode = "200",
      description = "The order; ETag carries its version",
      content = @Content(schema = @Schema(ref = "WorkOrder")))
  @APIResponse(
      responseCode = "404",
      description = "No such order",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  public Response get(
      @PathParam("id") String id, @HeaderParam("If-None-Match") String ifNoneMatch) {
    WorkOrder order = orders.get(Ids.parse("id", id));
    if (Preconditions.notModified(ifNoneMatch, order.version())) {
      return Response.notModified(Preconditions.etag(order.version())).build();
    }
    return ok(order);
  }

  @RolesAllowed({Role.Allowed.ADMIN, Role.Allowed.MANAGER, Role.Allowed.USER})
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Make a work order (open): for a tree, or a planting at a location; only managers and"
              + " admins may give an assignee")
  @RequestBody(content = @Content(schema = @Schema(ref = "WorkOrderInput")))
  @APIResponse(
      responseCode = "201",
      description = "Made",
      content = @Content(schema = @Schema(ref = "WorkOrder")))
  @APIResponse(
      responseCode = "409",
      description =
          "The tree's status does not allow this type of order, or the Idempotency-Key was used"
              + " with another body",
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
        "POST /work-orders",
        json,
        () -> {
          WorkOrder created = orders.create(json, Callers.current().orElse(null));
          return new Idempotency.Created(
              201,
              WorkOrderResponse.of(created),
              uriInfo.getBaseUriBuilder().path("work-orders").path(created.id().toString()).build(),
              Preconditions.etag(created.version()).toString());
        });
  }

  @PATCH
  @Path("{id}")
  @Consumes({"application/merge-patch+json", MediaType.APPLICATION_JSON})
  @Operation(
      summary =
          "Change a work order (JSON merge patch). status moves only forward (open, scheduled,"
              + " in-progress, completed) or to cancelled before completed; completing changes the"
              + " tree in the same transaction. Users change orders; managers and admins also"
              + " assign and cancel; a viewer who is the assignee may move their own order along")
  @RequestBody(content = @Content(schema = @Schema(ref = "WorkOrderPatch")))
  @APIResponse(
      responseCode = "200",
      description = "Changed",
      content = @Content(schema = @Schema(ref = "WorkOrder")))
  @APIResponse(
      responseCode = "409",
      description =
          "A move the workflow does not allow (the detail names the allowed ones), or a tree"
              + " removed or deleted since",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "412",
      description = "If-Match is stale",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  public Response patch(
      @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, InputStream body) {
    WorkOrder changed =
        orders.patch(
            Ids.parse("id", id),
            bodies.readObject(body, headers),
            ifMatch,
            Callers.current().orElse(null));
    return ok(changed);
  }

  @GET
  @Path("{id}/history")
  @Operation(summary = "The audit trail of a work order, newest first")
  @APIResponse(
      responseCode = "404",
      description = "No such order",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  public Page<HistoryEntry> history(
      @PathParam("id") String id,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    QueryParams params = new QueryParams();
    int pageSize = params.limit(limit);
    params.check();
    WorkOrder order = orders.get(Ids.parse("id", id));
    return history.ofWorkOrder(order.id(), cursor, pageSize);
  }

  private static Response ok(WorkOrder order) {
    return Response.ok(WorkOrderResponse.of(order))
        .tag(Preconditions.etag(order.version()))
        .build();
  }

  /** The filters' descriptions. */
  static final class WorkStatusDoc {
    static final String STATUS =
        "open, scheduled, in-progress, completed, cancelled; several separated by commas";
    static final String TYPE =
        "plant, prune, remove, stump-removal, inspect, water, treat, other; several separated by"
            + " commas";
    static final String PRIORITY = "routine, high, urgent, emergency; several separated by commas";

    private WorkStatusDoc() {}
  }
}
