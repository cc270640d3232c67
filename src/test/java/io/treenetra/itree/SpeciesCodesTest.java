package io.treenetra.itree;

import static org.assertj.core.api.Assertions.assertThat;

import io.treenetra.support.NycSample;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SpeciesCodesTest {

  private static final SpeciesCodes CODES = SpeciesCodes.standard();

  private static String northeast(String name) {
    return CODES.code("NoEastXXX", name);
  }

  @Test
  void theNamesOfTheNewYorkCensus() {
    assertThat(northeast("Platanus x acerifolia")).isEqualTo("PLAC");
    assertThat(northeast("Platanus × acerifolia")).isEqualTo("PLAC");
    assertThat(northeast("Gleditsia triacanthos var. inermis")).isEqualTo("GLTR");
    assertThat(northeast("Styphnolobium japonicum")).isEqualTo("BDM OTHER");
    assertThat(northeast("Crataegus crusgalli var. inermis")).isEqualTo("BDS OTHER");
    assertThat(northeast("Acer rubrum")).isEqualTo("ACRU");
    assertThat(northeast("ACER RUBRUM")).isEqualTo("ACRU");
    assertThat(northeast("Picea pungens")).isEqualTo("CEL OTHER");
  }

  @Test
  void genusNamesTakeTheGenusRowOrTheOneRowItsSpeciesShare() {
    assertThat(northeast("Prunus")).isEqualTo("PRSE2");
    assertThat(northeast("Prunus spp.")).isEqualTo("PRSE2");
    assertThat(northeast("Acer nigrum")).isEqualTo("ACPL");
    assertThat(northeast("Catalpa")).isEqualTo("BDM OTHER");
    assertThat(northeast("Taxodium ascendens")).isEqualTo("BDL OTHER");
    assertThat(northeast("Lagerstroemia")).isNull();
    assertThat(northeast("Nothing whatever")).isNull();
  }

  @Test
  void theSameSpeciesTakesEachRegionsRow() {
    // As the master list assigns London planetree (Platanus hybrida, or Platanus acerifolia in the
    // Piedmont and the Interior West) or, without it, the genus's one row; the North Mountain and
    // Prairie and the Tropical Pacific lists have no Platanus at all.
    assertThat(CODES.codes("Platanus x acerifolia"))
        .isEqualTo(
            new TreeMap<>(
                Map.ofEntries(
                    Map.entry("CaNCCoJBK", "PLAC"),
                    Map.entry("CenFlaXXX", "PLOC"),
                    Map.entry("GulfCoCHS", "PLOC"),
                    Map.entry("InlEmpCLM", "PLAC"),
                    Map.entry("InlValMOD", "PLAC"),
                    Map.entry("InterWABQ", "PLAC"),
                    Map.entry("LoMidWXXX", "BDL OTHER"),
                    Map.entry("MidWstMSP", "BDL OTHER"),
                    Map.entry("NoEastXXX", "PLAC"),
                    Map.entry("PacfNWLOG", "ACMA"),
                    Map.entry("PiedmtCLT", "BDL OTHER"),
                    Map.entry("SWDsrtGDL", "BDL OTHER"),
                    Map.entry("SoCalCSMA", "PLAC"),
                    Map.entry("TpIntWBOI", "PLAC"))));
  }

  /** At least 99 % of the census's living trees with a species get a Northeast code. */
  @Test
  void ninetyNinePerCentOfTheNewYorkSampleGetsACode() {
    long living = 0;
    long coded = 0;
    Map<String, Integer> without = new TreeMap<>();
    for (NycSample.Tree tree : NycSample.read("codes")) {
      if (!tree.status().equals("alive") || tree.scientificName() == null) {
        continue;
      }
      living++;
      if (northeast(tree.scientificName()) != null) {
        coded++;
      } else {
        without.merge(tree.scientificName(), 1, Integer::sum);
      }
    }
    assertThat(living).isEqualTo(9738);
    assertThat(without).isEqualTo(Map.of("Lagerstroemia", 9));
    assertThat(coded).isEqualTo(9729);
    assertThat(coded * 100.0 / living).isGreaterThanOrEqualTo(99.0);
  }
}
