package io.treenetra.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The photo store's credentials from a Kubernetes service account role (EKS IRSA), as the manifests
 * give them: no keys, only the token file and role the platform mounts and names (here as the
 * system properties the SDK reads beside AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN). The SDK's
 * default chain, which S3ObjectStore uses, exchanges the token at STS (a local stand-in answering
 * AssumeRoleWithWebIdentity) for session credentials. Without the sts module it found none.
 */
class ServiceAccountCredentialsTest {

  private static final List<String> PROPERTIES =
      List.of("aws.webIdentityTokenFile", "aws.roleArn", "aws.region", "aws.endpointUrlSts");

  private HttpServer sts;

  @AfterEach
  void clear() {
    PROPERTIES.forEach(System::clearProperty);
    if (sts != null) {
      sts.stop(0);
    }
  }

  @Test
  void theDefaultChainTradesTheServiceAccountsTokenForSessionCredentials() throws Exception {
    List<String> requests = new CopyOnWriteArrayList<>();
    sts = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    sts.createContext(
        "/",
        exchange -> {
          requests.add(
              URLDecoder.decode(
                  new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                  StandardCharsets.UTF_8));
          byte[] answer =
              """
              <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                <AssumeRoleWithWebIdentityResult>
                  <Credentials>
                    <AccessKeyId>ASIATREENETRATEST</AccessKeyId>
                    <SecretAccessKey>session-secret</SecretAccessKey>
                    <SessionToken>session-token</SessionToken>
                    <Expiration>2099-01-01T00:00:00Z</Expiration>
                  </Credentials>
                </AssumeRoleWithWebIdentityResult>
              </AssumeRoleWithWebIdentityResponse>
              """
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/xml");
          exchange.sendResponseHeaders(200, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    sts.start();
    Path token = Files.createTempFile("service-account", ".jwt");
    Files.writeString(token, "eyJ.the-projected-service-account-token.sig");
    System.setProperty("aws.webIdentityTokenFile", token.toString());
    System.setProperty("aws.roleArn", "arn:aws:iam::123456789012:role/treenetra-photos");
    System.setProperty("aws.region", "eu-west-1");
    System.setProperty("aws.endpointUrlSts", "http://127.0.0.1:" + sts.getAddress().getPort());

    try (DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build()) {
      AwsCredentials credentials = chain.resolveCredentials();
      assertThat(credentials).isInstanceOf(AwsSessionCredentials.class);
      assertThat(credentials.accessKeyId()).isEqualTo("ASIATREENETRATEST");
      assertThat(((AwsSessionCredentials) credentials).sessionToken()).isEqualTo("session-token");
    }
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0))
        .contains("Action=AssumeRoleWithWebIdentity")
        .contains("RoleArn=arn:aws:iam::123456789012:role/treenetra-photos")
        .contains("WebIdentityToken=eyJ.the-projected-service-account-token.sig");
  }
}
