package io.treenetra.platform.web;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.config.PropertyOrderStrategy;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/** The one JSON configuration: nulls written out, properties in declaration order. */
@Provider
public class JsonConfig implements ContextResolver<Jsonb> {

  private static final Jsonb JSONB =
      JsonbBuilder.create(
          new JsonbConfig()
              .withNullValues(true)
              .withPropertyOrderStrategy(PropertyOrderStrategy.ANY));

  public static Jsonb jsonb() {
    return JSONB;
  }

  @Override
  public Jsonb getContext(Class<?> type) {
    return JSONB;
  }
}
