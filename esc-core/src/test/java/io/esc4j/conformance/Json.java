package io.esc4j.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.esc4j.EscValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON text to {@link EscValue} for tests (numbers keep their text). */
public final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /**
   * Parses JSON into a value.
   *
   * @param json the text
   * @return the value
   */
  public static EscValue parse(String json) {
    try {
      return convert(MAPPER.readTree(json));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static EscValue convert(JsonNode n) {
    if (n.isObject()) {
      Map<String, EscValue> m = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        m.put(e.getKey(), convert(e.getValue()));
      }
      return EscValue.Obj.of(m);
    }
    if (n.isArray()) {
      List<EscValue> l = new ArrayList<>();
      n.forEach(x -> l.add(convert(x)));
      return new EscValue.Arr(l, false);
    }
    if (n.isTextual()) {
      return EscValue.Str.of(n.asText());
    }
    if (n.isNumber()) {
      return new EscValue.Num(n.asText(), false);
    }
    if (n.isBoolean()) {
      return n.asBoolean() ? EscValue.Bool.TRUE : EscValue.Bool.FALSE;
    }
    return EscValue.Null.INSTANCE;
  }
}
