package io.esc4j.aws.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The top-level claims of a JWT's payload, read with Jackson's streaming parser (jackson-core
 * only: an {@code ObjectMapper} costs tens of milliseconds of class loading and initialisation in
 * a cold process such as {@code esc run}). The signature is not checked.
 */
final class JwtPayload {
  private static final JsonFactory JSON = new JsonFactory();

  /**
   * One claim.
   *
   * @param text a scalar's text, an array of scalars' texts joined by commas, or the JSON of
   *     anything else
   * @param json the claim's JSON as written in the token (whitespace removed)
   */
  record Claim(String text, String json) {}

  private JwtPayload() {}

  /**
   * Reads the claims.
   *
   * @param jwt a compact JWT
   * @return the claims by name, sorted, or empty when the token is not a JWT with a JSON object as payload
   */
  static Optional<Map<String, Claim>> claims(String jwt) {
    try {
      int a = jwt.indexOf('.');
      int b = a < 0 ? -1 : jwt.indexOf('.', a + 1);
      if (a < 0) {
        return Optional.empty();
      }
      byte[] payload = Base64.getUrlDecoder().decode(jwt.substring(a + 1, b < 0 ? jwt.length() : b));
      Map<String, Claim> out = new TreeMap<>();
      try (JsonParser p = JSON.createParser(payload)) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          return Optional.empty();
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken t = p.nextToken();
          String scalar = t.isScalarValue() ? p.getText() : null;
          StringWriter w = new StringWriter();
          try (JsonGenerator g = JSON.createGenerator(w)) {
            g.copyCurrentStructure(p);
          }
          String json = w.toString();
          String text = scalar != null ? scalar : t == JsonToken.START_ARRAY ? joinScalars(json) : json;
          out.put(name, new Claim(text, json));
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
          return Optional.empty();
        }
      }
      return Optional.of(out);
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String joinScalars(String arrayJson) throws IOException {
    StringBuilder sb = new StringBuilder();
    try (JsonParser p = JSON.createParser(arrayJson)) {
      p.nextToken();
      int depth = 0;
      for (JsonToken t = p.nextToken(); t != null && !(depth == 0 && t == JsonToken.END_ARRAY); t = p.nextToken()) {
        if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
          depth++;
        } else if (t == JsonToken.END_ARRAY || t == JsonToken.END_OBJECT) {
          depth--;
        } else if (depth == 0 && t.isScalarValue()) {
          sb.append(sb.length() == 0 ? "" : ",").append(p.getText());
        }
      }
    }
    return sb.toString();
  }
}
