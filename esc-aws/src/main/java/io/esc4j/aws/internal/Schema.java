package io.esc4j.aws.internal;

import io.esc4j.EscValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the JSON Schemas (as {@link EscValue}s) of the providers' inputs and outputs. */
final class Schema {
  private Schema() {}

  static EscValue string() {
    return obj("type", str("string"));
  }

  static EscValue string(int minLength, int maxLength, String pattern) {
    Map<String, EscValue> m = new LinkedHashMap<>();
    m.put("type", str("string"));
    m.put("minLength", num(minLength));
    m.put("maxLength", num(maxLength));
    if (pattern != null) {
      m.put("pattern", str(pattern));
    }
    return EscValue.Obj.of(m);
  }

  static EscValue bool() {
    return obj("type", str("boolean"));
  }

  static EscValue array(EscValue items, Integer maxItems) {
    Map<String, EscValue> m = new LinkedHashMap<>();
    m.put("type", str("array"));
    m.put("items", items);
    if (maxItems != null) {
      m.put("maxItems", num(maxItems));
    }
    return EscValue.Obj.of(m);
  }

  static EscValue enumOf(List<String> values) {
    List<EscValue> items = new ArrayList<>();
    values.forEach(v -> items.add(str(v)));
    return obj("type", str("string"), "enum", new EscValue.Arr(items, false));
  }

  /** A closed object: the given properties, the given required ones, nothing else. */
  static EscValue object(Map<String, EscValue> properties, List<String> required) {
    Map<String, EscValue> m = new LinkedHashMap<>();
    m.put("type", str("object"));
    m.put("properties", EscValue.Obj.of(properties));
    List<EscValue> req = new ArrayList<>();
    required.forEach(r -> req.add(str(r)));
    m.put("required", new EscValue.Arr(req, false));
    m.put("additionalProperties", EscValue.Bool.FALSE);
    return EscValue.Obj.of(m);
  }

  /** An object whose keys are free and whose values all match {@code values}. */
  static EscValue mapOf(EscValue values) {
    return obj("type", str("object"), "additionalProperties", values);
  }

  /** An object with the given properties that allows others too. */
  static EscValue open(Map<String, EscValue> properties, List<String> required) {
    Map<String, EscValue> m = new LinkedHashMap<>();
    m.put("type", str("object"));
    m.put("properties", EscValue.Obj.of(properties));
    List<EscValue> req = new ArrayList<>();
    required.forEach(r -> req.add(str(r)));
    m.put("required", new EscValue.Arr(req, false));
    return EscValue.Obj.of(m);
  }

  static EscValue login() {
    Map<String, EscValue> p = new LinkedHashMap<>();
    p.put("accessKeyId", string());
    p.put("secretAccessKey", string());
    p.put("sessionToken", string());
    p.put("expiration", string());
    return open(p, List.of("accessKeyId", "secretAccessKey"));
  }

  static EscValue str(String s) {
    return EscValue.Str.of(s);
  }

  static EscValue num(long n) {
    return new EscValue.Num(Long.toString(n), false);
  }

  private static EscValue obj(Object... kv) {
    Map<String, EscValue> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], (EscValue) kv[i + 1]);
    }
    return EscValue.Obj.of(m);
  }
}
