package io.treenetra.image;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

/**
 * An image as the API shows it. {@code thumbnailUrl} answers 404 until the worker has made the
 * thumbnail.
 */
public record ImageResponse(
    UUID id,
    UUID treeId,
    String contentType,
    long sizeBytes,
    int width,
    int height,
    String caption,
    String fileName,
    URI contentUrl,
    URI thumbnailUrl,
    Instant createdAt) {}
