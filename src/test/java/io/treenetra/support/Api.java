package io.treenetra.support;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A small HTTP client for the tests: requests by path, answers with status, headers and JSON. */
public final class Api {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .version(HttpClient.Version.HTTP_1_1)
          .build();

  private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

  private final URI base;

  /**
   * Who the requests are from: a user name and password to sign in with, a fixed token, or nobody.
   */
  private final String username;

  private final String password;
  private final String token;

  public Api(URL base) {
    this(URI.create(base.toString().replaceAll("/+$", "")));
  }

  /** Requests as the first admin, signed in once per server and reused. */
  public Api(URI base) {
    this(base, "admin", TestEnvironment.ADMIN_PASSWORD, null);
  }

  private Api(URI base, String username, String password, String token) {
    this.base = base;
    this.username = username;
    this.password = password;
    this.token = token;
  }

  /** The same server, as another user (signed in on first use). */
  public Api as(String username, String password) {
    return new Api(base, username, password, null);
  }

  /** The same server, with this exact Authorization: Bearer token. */
  public Api withToken(String token) {
    return new Api(base, null, null, token);
  }

  /** The same server, without any token. */
  public Api anonymous() {
    return new Api(base, null, null, null);
  }

  /** Signs in again on the next request (after the user's password or role changed). */
  public void forgetToken() {
    TOKENS.remove(base + " " + username);
  }

  private String bearer() {
    if (token != null || username == null) {
      return token;
    }
    return TOKENS.computeIfAbsent(
        base + " " + username,
        k -> {
          Response login =
              anonymous()
                  .post(
                      "/api/v1/auth/login",
                      Json.createObjectBuilder()
                          .add("username", username)
                          .add("password", password)
                          .build()
                          .toString());
          // A server without its database yet answers 503: its requests go without a token.
          return login.status() == 200 ? login.json().getString("accessToken") : null;
        });
  }

  public URI uri(String path) {
    return URI.create(base + path);
  }

  public Response get(String path, String... headers) {
    return send(request(path, headers).GET());
  }

  /**
   * Every item of a listing, following nextCursor from the first page ({@code path} has a query
   * string) to the last; each page must be a 200 and no cursor may come twice.
   */
  public List<JsonObject> pageThrough(String path) {
    List<JsonObject> all = new ArrayList<>();
    Set<String> cursors = new HashSet<>();
    String cursor = null;
    do {
      Response page = get(path + (cursor == null ? "" : "&cursor=" + cursor));
      assertThat(page.status()).as(page.toString()).isEqualTo(200);
      all.addAll(page.data().getValuesAs(JsonObject.class));
      JsonObject pagination = page.json().getJsonObject("pagination");
      cursor = pagination.isNull("nextCursor") ? null : pagination.getString("nextCursor");
      assertThat(cursor == null || cursors.add(cursor))
          .as("cursor %s comes twice", cursor)
          .isTrue();
    } while (cursor != null);
    return all;
  }

  public Response post(String path, String json, String... headers) {
    return send(request(path, with(headers, "Content-Type", "application/json")).POST(body(json)));
  }

  public Response put(String path, String json, String... headers) {
    return send(request(path, with(headers, "Content-Type", "application/json")).PUT(body(json)));
  }

  public Response patch(String path, String json, String... headers) {
    return send(
        request(path, with(headers, "Content-Type", "application/merge-patch+json"))
            .method("PATCH", body(json)));
  }

  public Response delete(String path, String... headers) {
    return send(request(path, headers).DELETE());
  }

  /** A GET whose body is bytes (an image), not text. */
  public HttpResponse<byte[]> getBytes(String path, String... headers) {
    try {
      return CLIENT.send(
          request(path, headers).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Any method, any body bytes, any headers (for the bad-input cases). */
  public Response send(String method, String path, byte[] body, String... headers) {
    return send(
        request(path, headers).method(method, HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  private HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60));
    boolean authorization = false;
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
      authorization |= headers[i].equalsIgnoreCase("Authorization");
    }
    if (!authorization && path.startsWith("/api/v1/") && !path.startsWith("/api/v1/auth/")) {
      String bearer = bearer();
      if (bearer != null) {
        builder.header("Authorization", "Bearer " + bearer);
      }
    }
    return builder;
  }

  private static String[] with(String[] headers, String name, String value) {
    for (int i = 0; i < headers.length; i += 2) {
      if (headers[i].equalsIgnoreCase(name)) {
        return headers;
      }
    }
    String[] all = java.util.Arrays.copyOf(headers, headers.length + 2);
    all[headers.length] = name;
    all[headers.length + 1] = value;
    return all;
  }

  private static HttpRequest.BodyPublisher body(String json) {
    return HttpRequest.BodyPublishers.ofString(json);
  }

  private static Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** An answer: status, headers, body. */
  public record Response(HttpResponse<String> raw) {
    public int status() {
      return raw.statusCode();
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    public String body() {
      return raw.body();
    }

    public JsonObject json() {
      try (JsonReader reader = Json.createReader(new StringReader(raw.body()))) {
        return reader.readObject();
      }
    }

    public JsonArray data() {
      return json().getJsonArray("data");
    }

    public String contentType() {
      return header("Content-Type");
    }

    @Override
    public String toString() {
      return raw.statusCode() + " " + raw.body();
    }
  }
}
