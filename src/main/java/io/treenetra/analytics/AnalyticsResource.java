package io.treenetra.analytics;

import io.treenetra.auth.Role;
import io.treenetra.benefits.BenefitsService;
import io.treenetra.platform.cache.AnalyticsCache;
import io.treenetra.platform.web.Problem;
import io.treenetra.platform.web.QueryParams;
import io.treenetra.tree.TreeFilter;
import io.treenetra.tree.TreeService;
import io.treenetra.work.WorkOrderFilter;
import io.treenetra.work.WorkOrderQueries;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/analytics")
@ApplicationScoped
@RolesAllowed({Role.Allowed.ADMIN, Role.Allowed.MANAGER, Role.Allowed.USER, Role.Allowed.VIEWER})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "health")
@APIResponse(
    responseCode = "400",
    description = "Invalid parameter; `errors` names it",
    content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
public class AnalyticsResource {

  @Inject TreeService trees;
  @Inject StatisticsService statistics;
  @Inject HealthTrendsService trends;
  @Inject AnalyticsCache cache;
  @Inject BenefitsService benefitTotals;
  @Inject WorkOrderQueries workOrders;
  @Context UriInfo uriInfo;

  @GET
  @Path("statistics")
  @Operation(
      summary =
          "Totals by status and health status, top 10 species, DBH classes and trees inspected in the"
              + " last 12 months; takes every filter of GET /trees")
  @APIResponse(
      responseCode = "200",
      description = "The statistics",
      content = @Content(schema = @Schema(ref = "Statistics")))
  public Response statistics() {
    TreeFilter filter = trees.filter(uriInfo.getQueryParameters());
    return json(cache.json("statistics " + filter, () -> statistics.statistics(filter)));
  }

  @GET
  @Path("health-trends")
  @Operation(
      summary =
          "Inspections per interval by health status (UTC intervals; weeks start on Monday), and the"
              + " trees whose last inspection, within the period, found them worse than the one before (paged by limit and"
              + " cursor); takes every filter of GET /trees")
  @APIResponse(
      responseCode = "200",
      description = "The trends",
      content = @Content(schema = @Schema(ref = "HealthTrends")))
  public Response healthTrends(
      @Parameter(description = "30d, 90d (default) or 365d") @QueryParam("period") String period,
      @Parameter(description = "day, week (default) or month") @QueryParam("interval")
          String interval,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    QueryParams params = new QueryParams();
    int pageSize = params.limit(limit);
    params.check();
    TreeFilter filter = trees.filter(uriInfo.getQueryParameters());
    var parsedPeriod = HealthTrendsService.Period.parse(period == null ? "90d" : period);
    var parsedInterval = HealthTrendsService.Interval.parse(interval == null ? "week" : interval);
    String after = cursor == null || cursor.isBlank() ? null : cursor;
    String question =
        "trends "
            + filter
            + ' '
            + parsedPeriod
            + ' '
            + parsedInterval
            + ' '
            + pageSize
            + ' '
            + after;
    return json(
        cache.json(
            question, () -> trends.trends(filter, parsedPeriod, parsedInterval, after, pageSize)));
  }

  @GET
  @Path("benefits")
  @Operation(
      summary =
          "The yearly benefits of the selected trees summed (i-Tree Streets), with the trees computed"
              + " and skipped by reason; takes every filter of GET /trees")
  @APIResponse(
      responseCode = "200",
      description = "The totals",
      content = @Content(schema = @Schema(ref = "BenefitTotals")))
  public Response benefits(
      @Parameter(
              description =
                  "true: also estimate the living trees skipped for want of data, reported apart"
                      + " (default false)")
          @QueryParam("extrapolate")
          String extrapolate) {
    QueryParams params = new QueryParams();
    boolean estimate = params.flag("extrapolate", extrapolate);
    params.check();
    TreeFilter filter = trees.filter(uriInfo.getQueryParameters());
    return json(
        cache.json(
            "benefits " + filter + ' ' + estimate, () -> benefitTotals.totals(filter, estimate)));
  }

  @GET
  @Path("work")
  @Operation(
      summary =
          "Open work orders by type and priority, the overdue ones, the backlog's estimated cost and"
              + " the orders completed per month; takes the filters of GET /work-orders")
  @APIResponse(
      responseCode = "200",
      description = "The work analytics",
      content = @Content(schema = @Schema(ref = "WorkAnalytics")))
  public Response work() {
    WorkOrderFilter filter = WorkOrderFilter.from(uriInfo.getQueryParameters());
    return json(cache.json("work " + filter, () -> workOrders.analytics(filter)));
  }

  private static Response json(String body) {
    return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
  }
}
