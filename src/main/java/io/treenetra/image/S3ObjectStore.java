package io.treenetra.image;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Objects in an S3 bucket through the AWS SDK v2: credentials from the SDK's default chain
 * (environment, profile, container or instance role), an endpoint override and path-style access
 * for S3-compatible stores.
 */
public final class S3ObjectStore implements ObjectStore {

  private final S3Client s3;
  private final String bucket;

  public S3ObjectStore(String bucket, String region, String endpoint, boolean pathStyle) {
    this(bucket, region, endpoint, pathStyle, DefaultCredentialsProvider.builder().build());
  }

  public S3ObjectStore(
      String bucket,
      String region,
      String endpoint,
      boolean pathStyle,
      AwsCredentialsProvider credentials) {
    S3ClientBuilder builder =
        S3Client.builder()
            .region(Region.of(region))
            .forcePathStyle(pathStyle)
            .credentialsProvider(credentials)
            // Checksums only where S3 requires them: the SDK's default trailing checksums (2.30 on)
            // are not
            // understood by every S3-compatible store; the object's key is its SHA-256 anyway.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .httpClientBuilder(UrlConnectionHttpClient.builder());
    if (endpoint != null && !endpoint.isBlank()) {
      builder.endpointOverride(URI.create(endpoint));
    }
    this.s3 = builder.build();
    this.bucket = bucket;
  }

  @Override
  public void put(String key, Path file, String contentType) throws IOException {
    try {
      s3.putObject(
          request -> request.bucket(bucket).key(ObjectStore.checked(key)).contentType(contentType),
          RequestBody.fromFile(file));
    } catch (SdkException e) {
      throw new IOException("Could not store " + key + " in bucket " + bucket, e);
    }
  }

  @Override
  public Optional<StoredObject> get(String key) throws IOException {
    try {
      var object = s3.getObject(request -> request.bucket(bucket).key(ObjectStore.checked(key)));
      return Optional.of(new StoredObject(object, object.response().contentLength()));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw new IOException("Could not read " + key + " from bucket " + bucket, e);
    }
  }

  @Override
  public void delete(String key) throws IOException {
    try {
      s3.deleteObject(request -> request.bucket(bucket).key(ObjectStore.checked(key)));
    } catch (SdkException e) {
      throw new IOException("Could not delete " + key + " from bucket " + bucket, e);
    }
  }

  @Override
  public boolean olderThan(String key, Instant before) throws IOException {
    try {
      return s3.headObject(request -> request.bucket(bucket).key(ObjectStore.checked(key)))
          .lastModified()
          .isBefore(before);
    } catch (NoSuchKeyException e) {
      return false;
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw new IOException("Could not read " + key + " from bucket " + bucket, e);
    } catch (SdkException e) {
      throw new IOException("Could not read " + key + " from bucket " + bucket, e);
    }
  }

  @Override
  public void forEachOlderThan(Instant before, Consumer<String> key) throws IOException {
    try {
      for (S3Object object :
          s3.listObjectsV2Paginator(request -> request.bucket(bucket)).contents()) {
        if (object.lastModified().isBefore(before)
            && ObjectStore.KEY.matcher(object.key()).matches()) {
          key.accept(object.key());
        }
      }
    } catch (SdkException e) {
      throw new IOException("Could not list bucket " + bucket, e);
    }
  }
}
