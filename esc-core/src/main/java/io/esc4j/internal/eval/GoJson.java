package io.esc4j.internal.eval;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import io.esc4j.EscValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON decoding for {@code fn::fromJSON}: numbers keep their text, duplicate keys last-wins. */
final class GoJson {
  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private GoJson() {}

  /** Malformed JSON; the message approximates Go's encoding/json errors. */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  static EscValue parse(String text) throws Malformed {
    if (text.isBlank()) {
      throw new Malformed("EOF");
    }
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken t = p.nextToken();
      return value(p, t);
    } catch (JsonEOFException e) {
      throw new Malformed("unexpected EOF");
    } catch (JsonParseException e) {
      String m = e.getOriginalMessage();
      int q = m.indexOf('\'');
      if (m.startsWith("Unexpected character") && q >= 0 && q + 1 < m.length()) {
        throw new Malformed("invalid character '" + m.charAt(q + 1) + "' looking for beginning of value");
      }
      throw new Malformed(firstLine(m));
    } catch (IOException e) {
      throw new Malformed(firstLine(String.valueOf(e.getMessage())));
    }
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static EscValue value(JsonParser p, JsonToken t) throws IOException {
    if (t == null) {
      throw new JsonEOFException(p, null, "EOF");
    }
    switch (t) {
      case START_OBJECT: {
        Map<String, EscValue> m = new LinkedHashMap<>();
        JsonToken k;
        while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          m.put(name, value(p, p.nextToken()));
        }
        if (k == null) {
          throw new JsonEOFException(p, null, "EOF");
        }
        return EscValue.Obj.of(m);
      }
      case START_ARRAY: {
        List<EscValue> items = new ArrayList<>();
        JsonToken it;
        while ((it = p.nextToken()) != JsonToken.END_ARRAY) {
          if (it == null) {
            throw new JsonEOFException(p, null, "EOF");
          }
          items.add(value(p, it));
        }
        return new EscValue.Arr(items, false);
      }
      case VALUE_STRING:
        return EscValue.Str.of(p.getText());
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return new EscValue.Num(p.getText(), false);
      case VALUE_TRUE:
        return EscValue.Bool.TRUE;
      case VALUE_FALSE:
        return EscValue.Bool.FALSE;
      case VALUE_NULL:
        return EscValue.Null.INSTANCE;
      default:
        throw new JsonParseException(p, "unexpected token " + t);
    }
  }
}
