package io.treenetra.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.treenetra.platform.persistence.TextSearch;
import io.treenetra.platform.web.ApiException;
import io.treenetra.platform.web.FieldError;
import jakarta.ws.rs.core.MultivaluedHashMap;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The query string of GET /trees read into a query, without a server. */
class TreeQueryTest {

  private static TreeQuery query(String... pairs) {
    MultivaluedHashMap<String, String> map = new MultivaluedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.add(pairs[i], pairs[i + 1]);
    }
    return TreeQuery.from(map);
  }

  private static List<FieldError> errors(String... pairs) {
    return catchThrowableOfType(ApiException.class, () -> query(pairs)).errors();
  }

  @Test
  void nothingAskedIsTheFirstPageInCreationOrder() {
    TreeQuery query = query();
    assertThat(query.sort())
        .isEqualTo(new TreeQuery.SortOrder(TreeQuery.Sort.CREATED_AT, false, null));
    assertThat(query.format()).isEqualTo(TreeQuery.Format.JSON);
    assertThat(query.limit()).isEqualTo(20);
    assertThat(query.statuses()).isEmpty();
    assertThat(query.bbox()).isEmpty();
    assertThat(query.near()).isNull();
    assertThat(query.count()).isFalse();
  }

  @Test
  void filtersAreReadWithTheirTypes() {
    TreeQuery query =
        query(
            "status",
            "alive,dead",
            "healthStatus",
            "critical",
            "dbhMin",
            "10",
            "dbhMax",
            "30.5",
            "plantedFrom",
            "2015-01-01",
            "tag",
            "street",
            "sort",
            "-dbhCm",
            "limit",
            "500",
            "format",
            "CSV");
    assertThat(query.statuses()).containsExactly(TreeStatus.ALIVE, TreeStatus.DEAD);
    assertThat(query.healthStatuses()).containsExactly(HealthStatus.CRITICAL);
    assertThat(query.dbhMin()).isEqualTo(10.0);
    assertThat(query.dbhMax()).isEqualTo(30.5);
    assertThat(query.plantedFrom()).isEqualTo(LocalDate.of(2015, 1, 1));
    assertThat(query.tag()).isEqualTo("street");
    assertThat(query.sort()).isEqualTo(new TreeQuery.SortOrder(TreeQuery.Sort.DBH_CM, true, null));
    assertThat(query.sort().name()).isEqualTo("-dbhCm");
    assertThat(query.limit()).isEqualTo(500);
    assertThat(query.format()).isEqualTo(TreeQuery.Format.CSV);
  }

  @Test
  void aBoxAcrossTheAntimeridianIsTwoBoxes() {
    assertThat(query("bbox", "170,-10,-170,10").bbox())
        .containsExactly(new Geo.Box(170, -10, 180, 10), new Geo.Box(-180, -10, -170, 10));
  }

  @Test
  void nearSortsByDistanceAndQByRelevanceToThatSearch() {
    TreeQuery near = query("near", "40.7,-73.9", "radiusM", "250");
    assertThat(near.near()).isEqualTo(new Geo.Near(40.7, -73.9, 250.0));
    assertThat(near.sort().name()).isEqualTo("distance@40.7,-73.9");
    TreeQuery text = query("q", "oak street");
    assertThat(text.text()).isEqualTo(TextSearch.prefixQuery(List.of("oak", "street")));
    assertThat(text.sort().name()).isEqualTo("relevance@" + text.text());
  }

  @Test
  void everyBadParameterIsNamedInOneAnswer() {
    assertThat(
            errors(
                "status",
                "growing",
                "bbox",
                "1,2,3",
                "near",
                "91,0",
                "dbhMin",
                "5",
                "dbhMax",
                "1",
                "limit",
                "501",
                "format",
                "xml",
                "tag",
                "t".repeat(41)))
        .containsExactlyInAnyOrder(
            new FieldError(
                "status", "must be one or more of " + TreeStatus.ALLOWED + ", separated by commas"),
            new FieldError("bbox", "must be four numbers minLng,minLat,maxLng,maxLat"),
            new FieldError("near", "latitude must be from -90 to 90"),
            new FieldError("dbhMin", "must not be greater than dbhMax"),
            new FieldError("limit", "must be a whole number from 1 to 500"),
            new FieldError("format", "must be json, geojson or csv"),
            new FieldError("tag", "must be at most 40 characters"));
  }

  @Test
  void sortsThatCannotApplyAreRefusedWithTheReason() {
    assertThat(errors("sort", "distance"))
        .containsExactly(new FieldError("sort", "distance needs near=lat,lng"));
    assertThat(errors("sort", "-relevance", "q", "oak"))
        .containsExactly(
            new FieldError("sort", "relevance sorts one way only: nearest or most relevant first"));
    assertThat(errors("radiusM", "10"))
        .containsExactly(new FieldError("radiusM", "needs near=lat,lng"));
    assertThat(errors("near", "40,-73", "radiusM", "50001"))
        .containsExactly(new FieldError("radiusM", "must be from 0 to 50000 metres"));
    assertThat(errors("bbox", "NaN,0,1,1"))
        .containsExactly(
            new FieldError("bbox", "must be four numbers minLng,minLat,maxLng,maxLat"));
    assertThat(errors("bbox", "181,0,182,1"))
        .containsExactly(new FieldError("bbox", "longitudes must be from -180 to 180"));
  }
}
