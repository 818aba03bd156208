package io.esc4j.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;

/** awsJson1_1 bodies. Internal. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final String CONTENT_TYPE = "application/x-amz-json-1.1";

  private Json() {}

  static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      return MAPPER.createObjectNode();
    }
    try {
      JsonNode n = MAPPER.readTree(body);
      if (n == null || !n.isObject()) {
        throw new AwsError(400, "SerializationException", "Start of structure or map found where not expected.");
      }
      return n;
    } catch (IOException e) {
      throw new AwsError(400, "SerializationException", "Invalid JSON in the request body.");
    }
  }

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** An awsJson timestamp: epoch seconds with a fraction. */
  static BigDecimal timestamp(Instant t) {
    return BigDecimal.valueOf(t.toEpochMilli()).movePointLeft(3);
  }

  static LocalAwsServer.Reply ok(JsonNode body) {
    try {
      return new LocalAwsServer.Reply(200, CONTENT_TYPE, MAPPER.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static LocalAwsServer.Reply error(AwsError e) {
    ObjectNode o = object();
    o.put("__type", e.code);
    if (e.getMessage() != null) {
      o.put("message", e.getMessage());
    }
    try {
      return new LocalAwsServer.Reply(e.status, CONTENT_TYPE, MAPPER.writeValueAsString(o));
    } catch (JsonProcessingException x) {
      throw new IllegalStateException(x);
    }
  }

  static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new AwsError(400, "SerializationException", "STRING_VALUE can not be converted to a " + field);
    }
    return v.asText();
  }

  static boolean bool(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v != null && v.asBoolean(false);
  }
}
