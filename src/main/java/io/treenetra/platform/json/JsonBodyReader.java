package io.treenetra.platform.json;

import io.treenetra.platform.web.ApiException;
import io.treenetra.platform.web.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads a JSON request body: at most {@code treenetra.request.max-body-bytes} (413 beyond, without
 * reading further), valid UTF-8, well-formed (400 naming the line and column), nested at most
 * {@link #MAX_DEPTH} levels, and an object.
 */
@ApplicationScoped
public class JsonBodyReader {

  /**
   * Far deeper than any body of this API (a tree is three levels): deeper is an attack or a bug.
   */
  static final int MAX_DEPTH = 32;

  @Inject
  @ConfigProperty(name = "treenetra.request.max-body-bytes")
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
    String text = decode(bytes);
    checkDepth(text);
    JsonValue value;
    try (JsonReader reader = JsonP.PROVIDER.createReader(new StringReader(text))) {
      value = reader.readValue();
    } catch (JsonParsingException e) {
      throw malformed(e);
    } catch (JsonException e) {
      throw ApiException.invalid("body", "malformed JSON");
    }
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      throw ApiException.invalid("body", "must be a JSON object");
    }
    return value.asJsonObject();
  }

  /**
   * UTF-8, strictly (RFC 8259): a malformed byte is a 400, never read as U+FFFD behind the client's
   * back.
   */
  private static String decode(byte[] bytes) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      return decoder.decode(in).toString();
    } catch (CharacterCodingException e) {
      throw ApiException.invalid("body", "is not valid UTF-8 (at byte " + in.position() + ")");
    }
  }

  /**
   * Objects and arrays nested at most {@link #MAX_DEPTH} deep, checked on the token stream before
   * any value is built: building a deeply nested value recurses once per level.
   */
  private static void checkDepth(String text) {
    int depth = 0;
    try (JsonParser parser = JsonP.PROVIDER.createParser(new StringReader(text))) {
      while (parser.hasNext()) {
        switch (parser.next()) {
          case START_OBJECT, START_ARRAY -> {
            if (++depth > MAX_DEPTH) {
              throw ApiException.invalid(
                  "body", "is nested deeper than " + MAX_DEPTH + " objects or arrays");
            }
          }
          case END_OBJECT, END_ARRAY -> depth--;
          default -> {}
        }
      }
    } catch (JsonParsingException e) {
      throw malformed(e);
    } catch (JsonException e) {
      throw ApiException.invalid("body", "malformed JSON");
    }
  }

  private static ApiException malformed(JsonParsingException e) {
    var location = e.getLocation();
    String where =
        location == null
            ? ""
            : " at line " + location.getLineNumber() + ", column " + location.getColumnNumber();
    return ApiException.invalid("body", "malformed JSON" + where);
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
