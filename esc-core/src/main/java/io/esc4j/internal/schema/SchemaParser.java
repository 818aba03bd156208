package io.esc4j.internal.schema;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.esc4j.EscValue;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes schema documents the way the reference's JSON decoding does: unknown keywords are
 * ignored, {@code null} keywords are absent, and a keyword of the wrong JSON type is an error.
 */
final class SchemaParser {
  private static final JsonFactory JSON = new JsonFactory();

  private SchemaParser() {}

  /**
   * Decodes one (sub)schema.
   *
   * @param v the document
   * @param field the keyword path, for messages ("" at the root)
   * @return the schema, refs not yet bound
   * @throws SchemaException when the document is not a schema
   */
  static Schema parse(EscValue v, String field) throws SchemaException {
    if (v instanceof EscValue.Bool b) {
      return b.value() ? Schema.always() : Schema.never();
    }
    if (v instanceof EscValue.Null) {
      return Schema.never();
    }
    if (!(v instanceof EscValue.Obj o)) {
      throw new SchemaException(
          "json: cannot unmarshal " + kind(v) + " into Go value of type schema.rawSchema");
    }
    Schema.Builder b = Schema.builder();
    for (Map.Entry<String, EscValue> e : o.properties().entrySet()) {
      String key = e.getKey();
      EscValue x = e.getValue();
      if (x instanceof EscValue.Unknown) {
        throw new SchemaException("schema keyword " + GoText.quote(key) + " is unknown");
      }
      if (x instanceof EscValue.Null) {
        continue;
      }
      switch (key) {
        case "$defs" -> b.defs(schemaMap(x, key));
        case "$ref" -> b.ref(string(x, key));
        case "anyOf" -> b.anyOf(schemaList(x, key));
        case "oneOf" -> b.oneOf(schemaList(x, key));
        case "prefixItems" -> b.prefixItems(schemaList(x, key));
        case "items" -> b.items(parse(x, key));
        case "additionalProperties" -> b.additionalProperties(parse(x, key));
        case "properties" -> b.properties(schemaMap(x, key));
        case "type" -> b.type(string(x, key));
        case "const" -> b.constValue(any(x));
        case "enum" -> b.enumValues(anyList(x, key));
        case "multipleOf" -> b.multipleOf(number(x, key));
        case "maximum" -> b.maximum(number(x, key));
        case "exclusiveMaximum" -> b.exclusiveMaximum(number(x, key));
        case "minimum" -> b.minimum(number(x, key));
        case "exclusiveMinimum" -> b.exclusiveMinimum(number(x, key));
        case "maxLength" -> b.maxLength(number(x, key));
        case "minLength" -> b.minLength(number(x, key));
        case "pattern" -> b.pattern(string(x, key));
        case "maxItems" -> b.maxItems(number(x, key));
        case "minItems" -> b.minItems(number(x, key));
        case "uniqueItems" -> b.uniqueItems(bool(x, key));
        case "maxProperties" -> b.maxProperties(number(x, key));
        case "minProperties" -> b.minProperties(number(x, key));
        case "required" -> b.required(strings(x, key));
        case "dependentRequired" -> b.dependentRequired(dependentRequired(x, key));
        case "title" -> b.title(string(x, key));
        case "description" -> b.description(string(x, key));
        case "default" -> b.defaultValue(any(x));
        case "deprecated" -> b.deprecated(bool(x, key));
        case "examples" -> b.examples(anyList(x, key));
        case "secret" -> b.secret(bool(x, key));
        case "rotateOnly" -> b.rotateOnly(strings(x, key));
        default -> { } // unknown keywords are ignored
      }
    }
    return b.buildChecked();
  }

  private static SchemaException typeError(EscValue v, String field, String goType) {
    return new SchemaException(
        "json: cannot unmarshal " + kind(v) + " into Go struct field rawSchema." + field
            + " of type " + goType);
  }

  private static String kind(EscValue v) {
    if (v instanceof EscValue.Bool) {
      return "bool";
    } else if (v instanceof EscValue.Num) {
      return "number";
    } else if (v instanceof EscValue.Str) {
      return "string";
    } else if (v instanceof EscValue.Arr) {
      return "array";
    } else if (v instanceof EscValue.Obj) {
      return "object";
    } else if (v instanceof EscValue.Null) {
      return "null";
    }
    return "unknown value";
  }

  private static String string(EscValue v, String field) throws SchemaException {
    if (v instanceof EscValue.Str s) {
      return s.value();
    }
    throw typeError(v, field, "string");
  }

  private static boolean bool(EscValue v, String field) throws SchemaException {
    if (v instanceof EscValue.Bool b) {
      return b.value();
    }
    throw typeError(v, field, "bool");
  }

  private static String number(EscValue v, String field) throws SchemaException {
    if (v instanceof EscValue.Num n) {
      return n.text();
    }
    if (v instanceof EscValue.Str s) {
      // json.Number accepts a string holding a valid number literal
      if (s.value().matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
        return s.value();
      }
      throw new SchemaException(
          "json: invalid number literal, trying to unmarshal " + GoText.quote(
              EscValue.Str.of(s.value()).toJson(io.esc4j.Redaction.REVEAL)) + " into Number");
    }
    throw typeError(v, field, "json.Number");
  }

  private static List<String> strings(EscValue v, String field) throws SchemaException {
    if (!(v instanceof EscValue.Arr a)) {
      throw typeError(v, field, "[]string");
    }
    List<String> out = new ArrayList<>();
    for (EscValue x : a.items()) {
      if (x instanceof EscValue.Null) {
        out.add("");
      } else {
        out.add(string(x, field));
      }
    }
    return out;
  }

  private static Map<String, List<String>> dependentRequired(EscValue v, String field)
      throws SchemaException {
    if (!(v instanceof EscValue.Obj o)) {
      throw typeError(v, field, "map[string][]string");
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Map.Entry<String, EscValue> e : o.properties().entrySet()) {
      out.put(e.getKey(), e.getValue() instanceof EscValue.Null
          ? List.of() : strings(e.getValue(), field + "." + e.getKey()));
    }
    return out;
  }

  private static List<Schema> schemaList(EscValue v, String field) throws SchemaException {
    if (!(v instanceof EscValue.Arr a)) {
      throw typeError(v, field, "[]*schema.Schema");
    }
    List<Schema> out = new ArrayList<>();
    for (EscValue x : a.items()) {
      out.add(x instanceof EscValue.Null ? Schema.always() : parse(x, field));
    }
    return out;
  }

  private static Map<String, Schema> schemaMap(EscValue v, String field) throws SchemaException {
    if (!(v instanceof EscValue.Obj o)) {
      throw typeError(v, field, "map[string]*schema.Schema");
    }
    Map<String, Schema> out = new LinkedHashMap<>();
    for (Map.Entry<String, EscValue> e : o.properties().entrySet()) {
      EscValue x = e.getValue();
      out.put(e.getKey(), x instanceof EscValue.Null ? Schema.always() : parse(x, field));
    }
    return out;
  }

  private static List<EscValue> anyList(EscValue v, String field) throws SchemaException {
    if (!(v instanceof EscValue.Arr a)) {
      throw typeError(v, field, "[]interface {}");
    }
    List<EscValue> out = new ArrayList<>();
    for (EscValue x : a.items()) {
      out.add(any(x));
    }
    return out;
  }

  private static EscValue any(EscValue v) throws SchemaException {
    if (v.containsUnknowns()) {
      throw new SchemaException("schema contains unknown values");
    }
    return Schema.plain(v);
  }

  // ------------------------------------------------------------------ JSON text

  /**
   * Parses JSON text into a value, keeping numbers' text.
   *
   * @param json the text
   * @return the value
   * @throws SchemaException on a syntax error
   */
  static EscValue parseJson(String json) throws SchemaException {
    try (JsonParser p = JSON.createParser(json)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new SchemaException("unexpected end of JSON input");
      }
      EscValue v = read(p, t);
      if (p.nextToken() != null) {
        throw new SchemaException("invalid character after top-level value");
      }
      return v;
    } catch (JsonProcessingException e) {
      throw new SchemaException(e.getOriginalMessage());
    } catch (IOException e) {
      throw new SchemaException(String.valueOf(e.getMessage()));
    }
  }

  private static EscValue read(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case START_OBJECT -> {
        Map<String, EscValue> m = new LinkedHashMap<>();
        for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
          String name = p.currentName();
          m.put(name, read(p, p.nextToken()));
        }
        return EscValue.Obj.of(m);
      }
      case START_ARRAY -> {
        List<EscValue> a = new ArrayList<>();
        for (JsonToken k = p.nextToken(); k != JsonToken.END_ARRAY; k = p.nextToken()) {
          a.add(read(p, k));
        }
        return new EscValue.Arr(a, false);
      }
      case VALUE_STRING -> {
        return EscValue.Str.of(p.getText());
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        String text = p.getText();
        new BigDecimal(text); // validates
        return new EscValue.Num(text, false);
      }
      case VALUE_TRUE -> {
        return EscValue.Bool.TRUE;
      }
      case VALUE_FALSE -> {
        return EscValue.Bool.FALSE;
      }
      case VALUE_NULL -> {
        return EscValue.Null.INSTANCE;
      }
      default -> throw new IOException("unexpected JSON token " + t);
    }
  }
}
