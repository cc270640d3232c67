package io.treenetra.tree;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stored as the API spells them, so SQL and CHECK constraints read like the API. */
final class StatusConverters {

  private StatusConverters() {}

  @Converter
  static class Status implements AttributeConverter<TreeStatus, String> {
    @Override
    public String convertToDatabaseColumn(TreeStatus value) {
      return value == null ? null : value.json();
    }

    @Override
    public TreeStatus convertToEntityAttribute(String value) {
      return value == null ? null : TreeStatus.parse(value).orElseThrow();
    }
  }

  @Converter
  static class Health implements AttributeConverter<HealthStatus, String> {
    @Override
    public String convertToDatabaseColumn(HealthStatus value) {
      return value == null ? null : value.json();
    }

    @Override
    public HealthStatus convertToEntityAttribute(String value) {
      return value == null ? null : HealthStatus.parse(value).orElseThrow();
    }
  }
}
