package io.treenetra.platform.json;

import jakarta.json.spi.JsonProvider;

/**
 * The JSON-P provider, looked up once. {@code jakarta.json.Json}'s static methods look it up on
 * every call, a ServiceLoader scan of the web application's class loader: measurable on every
 * request that reads a JSON body or answers /health.
 */
public final class JsonP {

  public static final JsonProvider PROVIDER = JsonProvider.provider();

  private JsonP() {}
}
