package io.treenetra.imports;

/** A row the import rejected ({@code error}) or imported with a remark ({@code warning}). */
record RowMessage(int row, String code, String field, String message) {

  static final String MISSING_VALUE = "MISSING_VALUE";
  static final String INVALID_VALUE = "INVALID_VALUE";
  static final String UNKNOWN_SPECIES = "UNKNOWN_SPECIES";
  static final String EXTERNAL_ID_TAKEN = "EXTERNAL_ID_TAKEN";
  static final String TREE_DELETED = "TREE_DELETED";
  static final String REJECTED_BY_DATABASE = "REJECTED_BY_DATABASE";
  static final String NEAR_SAME_SPECIES = "NEAR_SAME_SPECIES";
  static final String DUPLICATE_EXTERNAL_ID = "DUPLICATE_EXTERNAL_ID";
  static final String DUPLICATE_ID = "DUPLICATE_ID";
}
