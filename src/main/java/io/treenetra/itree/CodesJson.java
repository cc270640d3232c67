package io.treenetra.itree;

import io.treenetra.platform.json.JsonP;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.io.StringReader;
import java.util.Map;
import java.util.TreeMap;

/**
 * i-Tree codes by region as the {@code jsonb} object the database keeps ({@code {"NoEastXXX":
 * "PLAC"}}).
 */
@Converter
public class CodesJson implements AttributeConverter<Map<String, String>, String> {

  @Override
  public String convertToDatabaseColumn(Map<String, String> codes) {
    if (codes == null) {
      return null;
    }
    JsonObjectBuilder object = JsonP.PROVIDER.createObjectBuilder();
    new TreeMap<>(codes).forEach(object::add);
    return object.build().toString();
  }

  @Override
  public Map<String, String> convertToEntityAttribute(String json) {
    if (json == null) {
      return null;
    }
    try (JsonReader reader = JsonP.PROVIDER.createReader(new StringReader(json))) {
      JsonObject object = reader.readObject();
      Map<String, String> codes = new TreeMap<>();
      object.forEach((region, code) -> codes.put(region, ((JsonString) code).getString()));
      return codes;
    }
  }
}
