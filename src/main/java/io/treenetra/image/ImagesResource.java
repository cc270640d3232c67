package io.treenetra.image;

import io.treenetra.auth.Role;
import io.treenetra.platform.web.Cursor;
import io.treenetra.platform.web.Ids;
import io.treenetra.platform.web.Page;
import io.treenetra.platform.web.Problem;
import io.treenetra.platform.web.QueryParams;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A tree's photos: upload and list. */
@Path("/trees/{treeId}/images")
@ApplicationScoped
@RolesAllowed({Role.Allowed.ADMIN, Role.Allowed.MANAGER, Role.Allowed.USER, Role.Allowed.VIEWER})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "images")
public class ImagesResource {

  @Inject ImageService service;
  @Context UriInfo uriInfo;

  @RolesAllowed({Role.Allowed.ADMIN, Role.Allowed.MANAGER, Role.Allowed.USER})
  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @Operation(
      summary = "Upload a photo of the tree",
      description =
          "multipart/form-data with the part file (a JPEG, PNG or WebP image of at most 10 MiB, judged by its"
              + " bytes) and an optional caption (at most 500 characters). The thumbnail is made in the background:"
              + " thumbnailUrl answers 404 until it exists.")
  @APIResponse(
      responseCode = "201",
      description = "Stored; Location names the image",
      content = @Content(schema = @Schema(implementation = ImageResponse.class)))
  @APIResponse(
      responseCode = "400",
      description = "No file part, a damaged image, or more than 50 megapixels",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "404",
      description = "No such tree, or it was deleted",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "413",
      description = "Larger than 10 MiB; the rest of the upload is not read",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "415",
      description = "Not a JPEG, PNG or WebP image",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  public Response upload(@PathParam("treeId") String treeId, @Context HttpServletRequest request) {
    ImageRepository.Image image = service.upload(Ids.parse("treeId", treeId), request);
    ImageResponse response = response(image, uriInfo);
    return Response.created(
            uriInfo.getBaseUriBuilder().path("images").path(image.id().toString()).build())
        .entity(response)
        .build();
  }

  @GET
  @Operation(summary = "The tree's photos, oldest first")
  @APIResponse(
      responseCode = "404",
      description = "No such tree, or it was deleted",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  public Page<ImageResponse> list(
      @PathParam("treeId") String treeId,
      @QueryParam("limit") String limitParam,
      @QueryParam("cursor") String cursorParam) {
    UUID tree = Ids.parse("treeId", treeId);
    QueryParams params = new QueryParams();
    int limit = params.limit(limitParam);
    params.check();
    ImageRepository.Image after = cursorParam == null ? null : after(cursorParam);
    List<ImageRepository.Image> found = service.ofTree(tree, after, limit + 1);
    return Page.keyset(
        found,
        limit,
        null,
        image -> response(image, uriInfo),
        last -> new Cursor("createdAt", last.createdAt().toString(), last.id().toString()));
  }

  private static ImageRepository.Image after(String encoded) {
    Cursor cursor = Cursor.decode(encoded, "createdAt");
    return new ImageRepository.Image(
        cursor.uuid(), null, null, 0, 0, 0, null, null, null, null, cursor.instant());
  }

  static ImageResponse response(ImageRepository.Image image, UriInfo uriInfo) {
    var base = uriInfo.getBaseUriBuilder().path("images").path(image.id().toString());
    return new ImageResponse(
        image.id(),
        image.treeId(),
        image.contentType(),
        image.sizeBytes(),
        image.width(),
        image.height(),
        image.caption(),
        image.fileName(),
        base.clone().path("content").build(),
        base.clone().path("thumbnail").build(),
        image.createdAt());
  }
}
