package io.treenetra.platform.json;

import io.treenetra.platform.web.ApiException;
import io.treenetra.platform.web.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads a JSON request body: at most {@code treenetra.request.max-body-bytes} (413 beyond, without
 * reading further), well-formed (400 naming the line and column), and an object.
 */
@ApplicationScoped
public class JsonBodyReader {

  @Inject
  @ConfigProperty(name = "treenetra.request.max-body-bytes", defaultValue = "1048576")
  long maxBytes;

  public JsonObject readObject(InputStream body, HttpHeaders headers) {
    String declared = headers.getHeaderString(HttpHeaders.CONTENT_LENGTH);
    if (declared != null && parseLength(declared) > maxBytes) {
      throw tooLarge();
    }
    byte[] bytes = readAtMost(body);
    if (bytes.length == 0) {
      throw ApiException.invalid("body", "a JSON object is required");
    }
    JsonValue value;
    try (JsonReader reader = JsonP.PROVIDER.createReader(new ByteArrayInputStream(bytes))) {
      value = reader.readValue();
    } catch (JsonParsingException e) {
      var location = e.getLocation();
      String where =
          location == null
              ? ""
              : " at line " + location.getLineNumber() + ", column " + location.getColumnNumber();
      throw ApiException.invalid("body", "malformed JSON" + where);
    } catch (JsonException e) {
      throw ApiException.invalid("body", "malformed JSON");
    }
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      throw ApiException.invalid("body", "must be a JSON object");
    }
    return value.asJsonObject();
  }

  private byte[] readAtMost(InputStream body) {
    try {
      byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (bytes.length > maxBytes) {
        throw tooLarge();
      }
      return bytes;
    } catch (IOException e) {
      throw ApiException.invalid("body", "the request body could not be read");
    }
  }

  private ApiException tooLarge() {
    return new ApiException(
        ErrorCode.PAYLOAD_TOO_LARGE,
        "The request body is larger than " + maxBytes + " bytes",
        List.of(),
        Map.of("Connection", "close"));
  }

  private static long parseLength(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
