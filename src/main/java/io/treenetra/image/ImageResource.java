package io.treenetra.image;

import io.treenetra.auth.Callers;
import io.treenetra.auth.Role;
import io.treenetra.platform.web.ApiException;
import io.treenetra.platform.web.Ids;
import io.treenetra.platform.web.Preconditions;
import io.treenetra.platform.web.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** One photo: its description, its bytes, its thumbnail; deleting it. */
@Path("/images/{id}")
@ApplicationScoped
@RolesAllowed({Role.Allowed.ADMIN, Role.Allowed.MANAGER, Role.Allowed.USER, Role.Allowed.VIEWER})
@Tag(name = "images")
public class ImageResource {

  /**
   * Bytes under a content-addressed key never change, so the browser may keep them for good; but
   * they need a token, so only the browser: a shared cache (a CDN, a proxy) must not hand them to
   * anyone else.
   */
  static final String IMMUTABLE = "private, max-age=31536000, immutable";

  @Inject ImageService photos;
  @Inject ObjectStore store;
  @Context UriInfo uriInfo;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "A photo's description")
  @APIResponse(
      responseCode = "404",
      description = "No such image",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  public ImageResponse get(@PathParam("id") String id) {
    return ImagesResource.response(image(id), uriInfo);
  }

  @GET
  @Path("content")
  @Produces({"image/jpeg", "image/png", "image/webp", MediaType.APPLICATION_JSON})
  @Operation(
      summary = "The photo's bytes",
      description =
          "With an ETag (the SHA-256 of the bytes) and"
              + " Cache-Control: private, max-age=31536000, immutable (the bytes need a token, so no"
              + " shared cache may keep them); If-None-Match answers 304.")
  public Response content(
      @PathParam("id") String id, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
    ImageRepository.Image image = image(id);
    return bytes(image.contentKey(), image.contentType(), ifNoneMatch);
  }

  @GET
  @Path("thumbnail")
  @Produces({"image/jpeg", MediaType.APPLICATION_JSON})
  @Operation(summary = "The photo's thumbnail, a JPEG of at most 320 px on its long side, upright")
  @APIResponse(
      responseCode = "404",
      description = "No such image, or its thumbnail is not made yet",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  public Response thumbnail(
      @PathParam("id") String id, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
    ImageRepository.Image image = image(id);
    if (image.thumbnailKey() == null) {
      throw ApiException.notFound(
          "The thumbnail of image " + image.id() + " is not made yet; retry shortly");
    }
    return bytes(image.thumbnailKey(), "image/jpeg", ifNoneMatch);
  }

  @RolesAllowed({Role.Allowed.ADMIN, Role.Allowed.MANAGER})
  @DELETE
  @Operation(
      summary = "Delete a photo",
      description = "Its bytes are removed by the object sweep once no image names them.")
  @APIResponse(responseCode = "204", description = "Deleted")
  public Response delete(@PathParam("id") String id) {
    photos.delete(Ids.parse("id", id), Callers.current().orElse(null));
    return Response.noContent().build();
  }

  private ImageRepository.Image image(String id) {
    return photos.get(Ids.parse("id", id));
  }

  private Response bytes(String key, String contentType, String ifNoneMatch) {
    String hash = key.substring(key.lastIndexOf('/') + 1);
    String etag = "\"" + hash + "\"";
    if (Preconditions.notModified(ifNoneMatch, hash)) {
      return Response.notModified()
          .header(HttpHeaders.ETAG, etag)
          .header(HttpHeaders.CACHE_CONTROL, IMMUTABLE)
          .build();
    }
    ObjectStore.StoredObject object;
    try {
      object =
          store
              .get(key)
              .orElseThrow(
                  () -> new IllegalStateException("Object " + key + " is missing from the store"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StreamingOutput body =
        output -> {
          try (InputStream in = object.content()) {
            in.transferTo(output);
          }
        };
    return Response.ok(body, contentType)
        .header(HttpHeaders.ETAG, etag)
        .header(HttpHeaders.CACHE_CONTROL, IMMUTABLE)
        .header(HttpHeaders.CONTENT_LENGTH, object.sizeBytes())
        .build();
  }
}
