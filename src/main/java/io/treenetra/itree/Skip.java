package io.treenetra.itree;

/**
 * Why a tree's benefits cannot be computed; the API's reason codes, in the order they are checked.
 */
public enum Skip {
  NOT_ALIVE("not_alive", "Only a living tree gives benefits; this one's status is not alive"),
  NO_SPECIES("no_species", "The tree has no species"),
  NO_DBH("no_dbh", "The tree has no DBH"),
  NO_REGION(
      "no_region",
      "The tree stands in no i-Tree region and no default region is configured"
          + " (TREENETRA_ITREE_DEFAULT_REGION)"),
  NO_ITREE_CODE(
      "no_itree_code",
      "The species has no i-Tree code in the tree's region (PUT /species/{id} may set one)");

  private final String code;
  private final String detail;

  Skip(String code, String detail) {
    this.code = code;
    this.detail = detail;
  }

  public String code() {
    return code;
  }

  public String detail() {
    return detail;
  }
}
