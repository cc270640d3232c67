package io.treenetra.auth;

import static io.treenetra.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.treenetra.support.Api;
import io.treenetra.support.ApiIT;
import io.treenetra.support.RateWindows;
import io.treenetra.support.TestEnvironment;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AuthIT extends ApiIT {

  private static final String TREE =
      "{\"location\":{\"lat\":40.7,\"lng\":-73.9},\"status\":\"alive\",\"scientificName\":\"Acer rubrum\"}";

  @Test
  void signInGivesASignedOneHourTokenWithTheUsersRole() throws Exception {
    Users.Made manager = new Users(api()).make("manager");
    Api.Response login =
        api()
            .anonymous()
            .post("/api/v1/auth/login", Users.login(manager.username(), manager.password()));
    assertThat(login.status()).as(login.toString()).isEqualTo(200);
    JsonObject tokens = login.json();
    assertThat(tokens.keySet())
        .containsExactly("accessToken", "refreshToken", "tokenType", "expiresIn");
    assertThat(tokens.getString("tokenType")).isEqualTo("Bearer");
    assertThat(tokens.getInt("expiresIn")).isEqualTo(3600);
    SignedJWT jwt = SignedJWT.parse(tokens.getString("accessToken"));
    assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo("treenetra");
    assertThat(claims.getAudience()).containsExactly("treenetra-api");
    assertThat(claims.getSubject()).isEqualTo(manager.id().toString());
    assertThat(claims.getStringClaim("upn")).isEqualTo(manager.username());
    assertThat(claims.getStringListClaim("groups")).containsExactly("manager");
    assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime())
        .isEqualTo(3_600_000);
    assertThat(login.body()).doesNotContain(manager.password());

    Api.Response withToken =
        api().withToken(tokens.getString("accessToken")).get("/api/v1/species?limit=1");
    assertThat(withToken.status()).isEqualTo(200);
    assertThat(withToken.header("Cache-Control")).isEqualTo("no-store");
  }

  @Test
  void wrongPasswordAndUnknownUserAreTheSame401() {
    Users.Made viewer = new Users(api()).make("viewer");
    Api.Response wrong =
        api()
            .anonymous()
            .post("/api/v1/auth/login", Users.login(viewer.username(), "not-the-password"));
    Api.Response unknown =
        api()
            .anonymous()
            .post(
                "/api/v1/auth/login",
                Users.login("nobody-" + UUID.randomUUID(), "whatever-password"));
    assertProblem(wrong, 401, "AUTHENTICATION_ERROR", List.of());
    assertProblem(unknown, 401, "AUTHENTICATION_ERROR", List.of());
    assertThat(wrong.json().getString("detail")).isEqualTo(unknown.json().getString("detail"));
  }

  @Test
  void badSignInBodiesAre400() {
    Api anonymous = api().anonymous();
    assertProblem(
        anonymous.post("/api/v1/auth/login", "{}"),
        400,
        "VALIDATION_ERROR",
        List.of("username", "password"));
    assertProblem(
        anonymous.post("/api/v1/auth/login", "{\"username\":\"admin\"}"),
        400,
        "VALIDATION_ERROR",
        List.of("password"));
    assertProblem(
        anonymous.post("/api/v1/auth/login", "{\"username\":7,\"password\":[]}"),
        400,
        "VALIDATION_ERROR",
        List.of("username", "password"));
    assertProblem(
        anonymous.post(
            "/api/v1/auth/login", "{\"username\":\"admin\",\"password\":\"x\",\"otp\":1}"),
        400,
        "VALIDATION_ERROR",
        List.of("otp"));
    assertProblem(
        anonymous.post("/api/v1/auth/login", "not json"), 400, "VALIDATION_ERROR", List.of("body"));
    assertProblem(
        anonymous.post("/api/v1/auth/login", Users.login("admin", "x".repeat(10_000))),
        400,
        "VALIDATION_ERROR",
        List.of("password"));
    assertProblem(
        anonymous.post("/api/v1/auth/refresh", "{}"),
        400,
        "VALIDATION_ERROR",
        List.of("refreshToken"));
    assertProblem(
        anonymous.post("/api/v1/auth/logout", "{\"refreshToken\":5}"),
        400,
        "VALIDATION_ERROR",
        List.of("refreshToken"));
  }

  @Test
  void aTokenIsRefusedOnceItExpiresAlthoughItWasAcceptedBefore() throws InterruptedException {
    Users.Made user = new Users(api()).make("viewer");
    // Whole seconds, as JWTs count: the token expires at the start of the second after next.
    Instant expiry = Instant.ofEpochSecond(Instant.now().getEpochSecond() + 3);
    String token =
        Tokens.signed(
            Tokens.claims(user.id(), user.username(), "viewer")
                .expirationTime(Date.from(expiry))
                .build());
    // Accepted twice: verified, then served from the verified tokens the service remembers.
    assertThat(api().withToken(token).get("/api/v1/species?limit=1").status()).isEqualTo(200);
    assertThat(api().withToken(token).get("/api/v1/species?limit=1").status()).isEqualTo(200);
    Thread.sleep(Math.max(0, expiry.toEpochMilli() - System.currentTimeMillis()) + 1_000);
    Api.Response late = api().withToken(token).get("/api/v1/species?limit=1");
    assertProblem(late, 401, "AUTHENTICATION_ERROR", List.of());
    assertThat(late.header("WWW-Authenticate")).isEqualTo("Bearer");
  }

  @Test
  void everyBadTokenIs401AndWritesNothing() {
    Users.Made user = new Users(api()).make("user");
    long trees = TestEnvironment.queryLong("SELECT count(*) FROM tree");
    JWTClaimsSet good = Tokens.claims(user.id(), user.username(), "user").build();
    String valid = Tokens.signed(good);
    // The test's own token is good: the cases below fail for their one defect only.
    assertThat(api().withToken(valid).get("/api/v1/species?limit=1").status()).isEqualTo(200);

    Instant past = Instant.now().minusSeconds(7200);
    List<String> bad =
        List.of(
            "not-a-jwt",
            "a.b.c",
            Tokens.signed(
                Tokens.claims(user.id(), user.username(), "user")
                    .issueTime(Date.from(past))
                    .expirationTime(Date.from(past.plusSeconds(3600)))
                    .build()),
            Tokens.tampered(valid, Tokens.claims(user.id(), user.username(), "admin").build()),
            Tokens.signed(
                Tokens.claims(user.id(), user.username(), "user").issuer("someone-else").build()),
            Tokens.signed(
                Tokens.claims(user.id(), user.username(), "user").audience("another-api").build()),
            Tokens.unsigned(good),
            Tokens.signedWithAnotherKey(good),
            // Well signed, but naming no role of this service, or no user id.
            Tokens.signed(Tokens.claims(user.id(), user.username(), "superuser").build()),
            Tokens.signed(
                Tokens.claims(user.id(), user.username(), "user").subject("not-a-uuid").build()));
    for (String token : bad) {
      Api.Response read = api().withToken(token).get("/api/v1/trees?limit=1");
      assertProblem(read, 401, "AUTHENTICATION_ERROR", List.of());
      assertThat(read.header("WWW-Authenticate")).isEqualTo("Bearer");
      // Also where no token is needed: a bad one is refused, not ignored.
      assertProblem(
          api().anonymous().get("/api/v1", "Authorization", "Bearer " + token),
          401,
          "AUTHENTICATION_ERROR",
          List.of());
      assertProblem(
          api().withToken(token).post("/api/v1/trees", TREE),
          401,
          "AUTHENTICATION_ERROR",
          List.of());
    }
    Api.Response none = api().anonymous().get("/api/v1/trees?limit=1");
    assertProblem(none, 401, "AUTHENTICATION_ERROR", List.of());
    assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer");
    assertProblem(
        api().anonymous().post("/api/v1/trees", TREE), 401, "AUTHENTICATION_ERROR", List.of());
    assertThat(TestEnvironment.queryLong("SELECT count(*) FROM tree")).isEqualTo(trees);
  }

  @Test
  void refreshRotatesAndAReusedTokenRevokesItsWholeSignIn() {
    Users.Made user = new Users(api()).make("user");
    Api anonymous = api().anonymous();
    JsonObject first =
        anonymous.post("/api/v1/auth/login", Users.login(user.username(), user.password())).json();
    String r1 = first.getString("refreshToken");

    Api.Response rotated = anonymous.post("/api/v1/auth/refresh", refresh(r1));
    assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
    String r2 = rotated.json().getString("refreshToken");
    assertThat(r2).isNotEqualTo(r1);
    assertThat(
            api()
                .withToken(rotated.json().getString("accessToken"))
                .get("/api/v1/species?limit=1")
                .status())
        .isEqualTo(200);
    // Stored hashed: neither token is in the database as it is.
    assertThat(
            TestEnvironment.queryLong(
                "SELECT count(*) FROM refresh_token WHERE encode(token_hash, 'escape') LIKE ?",
                "%" + r2 + "%"))
        .isZero();

    // r1 again: somebody copied it. The request fails and r2, its successor, dies with it.
    assertProblem(
        anonymous.post("/api/v1/auth/refresh", refresh(r1)),
        401,
        "AUTHENTICATION_ERROR",
        List.of());
    assertProblem(
        anonymous.post("/api/v1/auth/refresh", refresh(r2)),
        401,
        "AUTHENTICATION_ERROR",
        List.of());

    // Another sign-in of the same user is not touched.
    JsonObject second =
        anonymous.post("/api/v1/auth/login", Users.login(user.username(), user.password())).json();
    assertThat(
            anonymous
                .post("/api/v1/auth/refresh", refresh(second.getString("refreshToken")))
                .status())
        .isEqualTo(200);
    assertProblem(
        anonymous.post("/api/v1/auth/refresh", refresh("made-up-token")),
        401,
        "AUTHENTICATION_ERROR",
        List.of());
  }

  @Test
  void logoutRevokesTheRefreshToken() {
    Users.Made user = new Users(api()).make("viewer");
    Api anonymous = api().anonymous();
    String refreshToken =
        anonymous
            .post("/api/v1/auth/login", Users.login(user.username(), user.password()))
            .json()
            .getString("refreshToken");
    assertThat(anonymous.post("/api/v1/auth/logout", refresh(refreshToken)).status())
        .isEqualTo(204);
    assertProblem(
        anonymous.post("/api/v1/auth/refresh", refresh(refreshToken)),
        401,
        "AUTHENTICATION_ERROR",
        List.of());
    // Twice, or with a token never issued: still 204, nothing to tell an attacker.
    assertThat(anonymous.post("/api/v1/auth/logout", refresh(refreshToken)).status())
        .isEqualTo(204);
    assertThat(anonymous.post("/api/v1/auth/logout", refresh("never-issued")).status())
        .isEqualTo(204);
  }

  @Test
  void usersAreManagedByAdminsAndNeverShowTheirPassword() {
    Users users = new Users(api());
    Users.Made made = users.make("user");
    Api.Response got = api().get("/api/v1/users/" + made.id());
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.json().keySet()).containsExactly("id", "username", "role", "createdAt");
    assertThat(got.json().getString("role")).isEqualTo("user");
    assertThat(got.body()).doesNotContain(made.password()).doesNotContain("argon2");
    assertThat(
            TestEnvironment.queryString(
                "SELECT password_hash FROM app_user WHERE id = ?", made.id()))
        .startsWith("$argon2id$v=19$m=19456,t=2,p=1$")
        .doesNotContain(made.password());
    assertThat(
            api().pageThrough("/api/v1/users?limit=2").stream().map(u -> u.getString("username")))
        .contains("admin", made.username());

    String taken =
        Json.createObjectBuilder()
            .add("username", made.username().toUpperCase())
            .add("role", "viewer")
            .add("password", "long-enough-password")
            .build()
            .toString();
    assertProblem(api().post("/api/v1/users", taken), 409, "CONFLICT", List.of("username"));
    assertProblem(
        api()
            .post(
                "/api/v1/users",
                "{\"username\":\"short-pw\",\"role\":\"viewer\",\"password\":\"elevenchars\"}"),
        400,
        "VALIDATION_ERROR",
        List.of("password"));
    assertProblem(
        api()
            .post(
                "/api/v1/users",
                "{\"username\":\"bad role\",\"role\":\"root\",\"password\":\"long-enough-password\"}"),
        400,
        "VALIDATION_ERROR",
        List.of("username", "role"));
    assertProblem(
        api()
            .post(
                "/api/v1/users",
                "{\"role\":\"viewer\",\"password\":\"long-enough-password\",\"admin\":true}"),
        400,
        "VALIDATION_ERROR",
        List.of("username", "admin"));
    assertProblem(api().get("/api/v1/users/" + UUID.randomUUID()), 404, "NOT_FOUND", List.of());
    assertProblem(api().get("/api/v1/users/not-a-uuid"), 400, "VALIDATION_ERROR", List.of("id"));

    // A new role signs the user out: the refresh token of the old role is dead.
    String refreshToken =
        api()
            .anonymous()
            .post("/api/v1/auth/login", Users.login(made.username(), made.password()))
            .json()
            .getString("refreshToken");
    Api.Response promoted =
        api()
            .put(
                "/api/v1/users/" + made.id(),
                Json.createObjectBuilder()
                    .add("username", made.username())
                    .add("role", "manager")
                    .build()
                    .toString());
    assertThat(promoted.status()).as(promoted.toString()).isEqualTo(200);
    assertThat(promoted.json().getString("role")).isEqualTo("manager");
    assertProblem(
        api().anonymous().post("/api/v1/auth/refresh", refresh(refreshToken)),
        401,
        "AUTHENTICATION_ERROR",
        List.of());
    // The password was kept (PUT without password).
    assertThat(
            api()
                .anonymous()
                .post("/api/v1/auth/login", Users.login(made.username(), made.password()))
                .status())
        .isEqualTo(200);

    assertThat(api().delete("/api/v1/users/" + made.id()).status()).isEqualTo(204);
    assertProblem(
        api().anonymous().post("/api/v1/auth/login", Users.login(made.username(), made.password())),
        401,
        "AUTHENTICATION_ERROR",
        List.of());
  }

  @Test
  void theLastAdminStays() {
    String adminId =
        TestEnvironment.queryString("SELECT id::text FROM app_user WHERE username = 'admin'");
    long admins = TestEnvironment.queryLong("SELECT count(*) FROM app_user WHERE role = 'admin'");
    if (admins == 1) {
      assertProblem(api().delete("/api/v1/users/" + adminId), 409, "CONFLICT", List.of("role"));
      assertProblem(
          api().put("/api/v1/users/" + adminId, "{\"username\":\"admin\",\"role\":\"viewer\"}"),
          409,
          "CONFLICT",
          List.of("role"));
    }
    assertThat(TestEnvironment.queryString("SELECT role FROM app_user WHERE id = ?::uuid", adminId))
        .isEqualTo("admin");
  }

  @Test
  void securityHeadersOnEveryResponse() {
    for (Api.Response response :
        List.of(
            api().get("/health"),
            api().get("/api/v1/species?limit=1"),
            api().anonymous().get("/api/v1/trees"),
            api().get("/api/v1/no-such-thing"),
            api().withToken("not-a-jwt").get("/api/v1/trees"))) {
      assertThat(response.header("X-Content-Type-Options"))
          .as(response.toString())
          .isEqualTo("nosniff");
      assertThat(response.header("X-Frame-Options")).as(response.toString()).isEqualTo("DENY");
      assertThat(response.header("Strict-Transport-Security")).isNull();
      assertThat(response.header("X-Request-Id")).isNotBlank();
    }
    assertThat(
            api()
                .get("/api/v1/species?limit=1", "X-Forwarded-Proto", "https")
                .header("Strict-Transport-Security"))
        .isEqualTo("max-age=31536000; includeSubDomains");
    // Admins are not rate limited: no counters on their answers.
    assertThat(api().get("/api/v1/species?limit=1").header("X-RateLimit-Limit")).isNull();
  }

  @Test
  void corsOnlyForTheConfiguredOrigins() {
    Api.Response preflight =
        api()
            .anonymous()
            .send(
                "OPTIONS",
                "/api/v1/trees",
                new byte[0],
                "Origin",
                "https://maps.example.org",
                "Access-Control-Request-Method",
                "POST",
                "Access-Control-Request-Headers",
                "Authorization, Content-Type");
    assertThat(preflight.status()).isEqualTo(204);
    assertThat(preflight.header("Access-Control-Allow-Origin"))
        .isEqualTo("https://maps.example.org");
    assertThat(preflight.header("Access-Control-Allow-Methods"))
        .contains("POST", "PATCH", "DELETE");
    assertThat(preflight.header("Access-Control-Allow-Headers"))
        .contains("Authorization", "Idempotency-Key", "If-Match");

    Api.Response read = api().get("/api/v1/species?limit=1", "Origin", "https://maps.example.org");
    assertThat(read.header("Access-Control-Allow-Origin")).isEqualTo("https://maps.example.org");
    assertThat(read.header("Access-Control-Expose-Headers"))
        .contains("ETag", "X-Request-Id", "Retry-After");

    Api.Response foreign =
        api()
            .anonymous()
            .send(
                "OPTIONS",
                "/api/v1/trees",
                new byte[0],
                "Origin",
                "https://evil.example.com",
                "Access-Control-Request-Method",
                "DELETE");
    assertThat(foreign.header("Access-Control-Allow-Origin")).isNull();
    assertThat(foreign.header("Access-Control-Allow-Methods")).isNull();
    assertThat(
            api()
                .get("/api/v1/species?limit=1", "Origin", "https://evil.example.com")
                .header("Access-Control-Allow-Origin"))
        .isNull();
  }

  @Test
  void aViewerGetsSixtyRequestsAWindowThen429() throws InterruptedException {
    Users.Made viewer = new Users(api()).make("viewer");
    Api as = viewer.api();
    RateWindows.awaitFreshWindow();
    for (int i = 1; i <= 60; i++) {
      Api.Response ok = as.get("/api/v1/species?limit=1");
      assertThat(ok.status()).as("request %d: %s", i, ok).isEqualTo(200);
      assertThat(ok.header("X-RateLimit-Limit")).isEqualTo("60");
      assertThat(ok.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(60 - i));
      assertThat(Long.parseLong(ok.header("X-RateLimit-Reset")) % RateWindows.SECONDS).isZero();
    }
    Api.Response limited = as.get("/api/v1/species?limit=1");
    assertProblem(limited, 429, "RATE_LIMIT_EXCEEDED", List.of());
    assertThat(Long.parseLong(limited.header("Retry-After")))
        .isBetween(1L, (long) RateWindows.SECONDS);
    assertThat(limited.json().getString("detail"))
        .startsWith("More than 60 requests in " + RateWindows.SECONDS + " s; try again in ");
    assertThat(limited.header("X-RateLimit-Remaining")).isEqualTo("0");
    // Another user of the same role has a budget of their own.
    assertThat(new Users(api()).make("viewer").api().get("/api/v1/species?limit=1").status())
        .isEqualTo(200);
  }

  @Test
  void signInGuessingIsSlowedPerUserName() throws InterruptedException {
    Users.Made target = new Users(api()).make("manager");
    Api anonymous = api().anonymous();
    RateWindows.awaitFreshWindow();
    for (int i = 1; i <= 10; i++) {
      assertThat(
              anonymous
                  .post("/api/v1/auth/login", Users.login(target.username(), "guess-" + i))
                  .status())
          .as("attempt %d", i)
          .isEqualTo(401);
    }
    // The eleventh try within the window is refused even with the right password.
    Api.Response refused =
        anonymous.post("/api/v1/auth/login", Users.login(target.username(), target.password()));
    assertProblem(refused, 429, "RATE_LIMIT_EXCEEDED", List.of());
    assertThat(Long.parseLong(refused.header("Retry-After")))
        .isBetween(1L, (long) RateWindows.SECONDS);
    // Other names are not slowed by it.
    Users.Made other = new Users(api()).make("viewer");
    assertThat(
            anonymous
                .post("/api/v1/auth/login", Users.login(other.username(), other.password()))
                .status())
        .isEqualTo(200);
  }

  private static String refresh(String token) {
    return Json.createObjectBuilder().add("refreshToken", token).build().toString();
  }
}
