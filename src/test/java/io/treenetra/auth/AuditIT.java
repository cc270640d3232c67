package io.treenetra.auth;

import static io.treenetra.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.treenetra.support.Api;
import io.treenetra.support.ApiIT;
import io.treenetra.support.TestEnvironment;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The audit trail: every change, by whom, from what to what, written with the change itself. */
class AuditIT extends ApiIT {

  @Test
  void aTreesHistoryNewestFirstWithWhoAndWhat() {
    Users users = new Users(api());
    Users.Made planter = users.make("user");
    Users.Made remover = users.make("manager");
    Api.Response created =
        planter
            .api()
            .post(
                "/api/v1/trees",
                "{\"location\":{\"lat\":40.7001,\"lng\":-73.9002,\"address\":\"1 Main St\"},\"status\":\"alive\","
                    + "\"scientificName\":\"Acer rubrum\",\"dbhCm\":12.5,\"tags\":[\"street\"]}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.json().getString("id");
    String species = created.json().getJsonObject("species").getString("id");
    Api.Response patched =
        planter.api().patch("/api/v1/trees/" + id, "{\"dbhCm\":14,\"notes\":\"pruned\"}");
    assertThat(patched.status()).isEqualTo(200);
    // A refused change leaves no trace.
    assertThat(planter.api().patch("/api/v1/trees/" + id, "{\"dbhCm\":-1}").status())
        .isEqualTo(400);
    assertThat(remover.api().delete("/api/v1/trees/" + id).status()).isEqualTo(204);

    Api.Response history = api().get("/api/v1/trees/" + id + "/history");
    assertThat(history.status()).as(history.toString()).isEqualTo(200);
    List<JsonObject> entries = history.data().getValuesAs(JsonObject.class);
    assertThat(entries)
        .extracting(e -> e.getString("action"))
        .containsExactly("delete", "update", "create");
    assertThat(entries)
        .extracting(e -> e.getString("username"))
        .containsExactly(remover.username(), planter.username(), planter.username());
    assertThat(entries.get(0).getString("userId")).isEqualTo(remover.id().toString());
    assertThat(entries.get(1).getJsonObject("changes"))
        .isEqualTo(
            Json.createObjectBuilder()
                .add("notes", Json.createObjectBuilder().addNull("before").add("after", "pruned"))
                .add("dbhCm", Json.createObjectBuilder().add("before", 12.5).add("after", 14))
                .build());
    JsonObject creation = entries.get(2).getJsonObject("changes");
    assertThat(creation.keySet())
        .containsExactlyInAnyOrder(
            "location.lat",
            "location.lng",
            "location.address",
            "status",
            "speciesId",
            "dbhCm",
            "tags");
    assertThat(creation.getJsonObject("location.address").getString("after"))
        .isEqualTo("1 Main St");
    assertThat(creation.getJsonObject("speciesId").getString("after")).isEqualTo(species);
    assertThat(creation.getJsonObject("dbhCm").isNull("before")).isTrue();
    assertThat(entries.get(0).getString("at"))
        .isGreaterThanOrEqualTo(entries.get(1).getString("at"));

    // Paged, newest first, the same entries.
    assertThat(api().pageThrough("/api/v1/trees/" + id + "/history?limit=1")).isEqualTo(entries);
    assertProblem(
        api().get("/api/v1/trees/" + UUID.randomUUID() + "/history"), 404, "NOT_FOUND", List.of());
    assertProblem(
        api().get("/api/v1/trees/nope/history"), 400, "VALIDATION_ERROR", List.of("treeId"));
  }

  @Test
  void speciesAndUsersAreAuditedWithoutPasswords() {
    Users.Made curator = new Users(api()).make("user");
    String name = "Quercus audita " + UUID.randomUUID().toString().substring(0, 6);
    Api.Response species =
        curator
            .api()
            .post(
                "/api/v1/species",
                Json.createObjectBuilder()
                    .add("scientificName", name)
                    .add("commonName", "audited oak")
                    .build()
                    .toString());
    assertThat(species.status()).as(species.toString()).isEqualTo(201);
    String speciesId = species.json().getString("id");
    assertThat(
            TestEnvironment.queryString(
                "SELECT action || ' ' || username || ' ' || (after ->> 'common_name') FROM audit_event"
                    + " WHERE entity = 'species' AND entity_id = ?::uuid",
                speciesId))
        .isEqualTo("create " + curator.username() + " audited oak");

    // The user made above was created by the admin; its password and hash are nowhere in the trail.
    assertThat(
            TestEnvironment.queryString(
                "SELECT action || ' ' || username || ' ' || (after ->> 'role') FROM audit_event"
                    + " WHERE entity = 'user' AND entity_id = ?",
                curator.id()))
        .isEqualTo("create admin user");
    assertThat(
            TestEnvironment.queryLong(
                "SELECT count(*) FROM audit_event WHERE concat(before::text, after::text) LIKE ?"
                    + " OR concat(before::text, after::text) LIKE '%argon2%'",
                "%" + curator.password() + "%"))
        .isZero();
  }
}
