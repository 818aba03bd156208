package io.esc4j.aws.internal;

import io.esc4j.EscValue;
import io.esc4j.spi.ProviderException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a provider's evaluated inputs and reports a wrong or missing input by its path ({@code
 * oidc.duration}), before any AWS call. Messages quote input names and, for non-secret inputs
 * only, their values.
 */
final class Inputs {
  private final String provider;

  Inputs(String provider) {
    this.provider = provider;
  }

  ProviderException invalid(String path, String problem, String fix) {
    // the diagnostic points at the input itself (or the nearest part of it written in the document)
    return new ProviderException(
        String.format(Locale.ROOT, "%s: invalid input \"%s\": %s", provider, path, problem),
        null,
        false,
        fix).atInput(path);
  }

  EscValue.Obj object(EscValue.Obj in, String key, String path) throws ProviderException {
    EscValue v = in.properties().get(key);
    if (v == null) {
      throw invalid(path, "missing; it is required", "add \"" + path + "\"");
    }
    if (v instanceof EscValue.Obj o) {
      return o;
    }
    throw invalid(path, "must be an object, not " + kind(v), "");
  }

  Optional<EscValue.Obj> optionalObject(EscValue.Obj in, String key, String path)
      throws ProviderException {
    EscValue v = in.properties().get(key);
    if (v == null || v instanceof EscValue.Null) {
      return Optional.empty();
    }
    if (v instanceof EscValue.Obj o) {
      return Optional.of(o);
    }
    throw invalid(path, "must be an object, not " + kind(v), "");
  }

  String string(EscValue.Obj in, String key, String path) throws ProviderException {
    return optionalString(in, key, path)
        .orElseThrow(() -> invalid(path, "missing; it is required", "add \"" + path + "\""));
  }

  Optional<String> optionalString(EscValue.Obj in, String key, String path)
      throws ProviderException {
    EscValue v = in.properties().get(key);
    if (v == null || v instanceof EscValue.Null) {
      return Optional.empty();
    }
    if (v instanceof EscValue.Str s) {
      if (s.value().isEmpty()) {
        throw invalid(path, "must not be empty", "");
      }
      return Optional.of(s.value());
    }
    throw invalid(path, "must be a string, not " + kind(v), "");
  }

  Optional<Boolean> optionalBoolean(EscValue.Obj in, String key, String path)
      throws ProviderException {
    EscValue v = in.properties().get(key);
    if (v == null || v instanceof EscValue.Null) {
      return Optional.empty();
    }
    if (v instanceof EscValue.Bool b) {
      return Optional.of(b.value());
    }
    if (v instanceof EscValue.Str s && (s.value().equals("true") || s.value().equals("false"))) {
      return Optional.of(Boolean.parseBoolean(s.value()));
    }
    throw invalid(path, "must be a boolean, not " + kind(v), "");
  }

  List<String> strings(EscValue.Obj in, String key, String path) throws ProviderException {
    EscValue v = in.properties().get(key);
    if (v == null || v instanceof EscValue.Null) {
      return List.of();
    }
    if (!(v instanceof EscValue.Arr a)) {
      throw invalid(path, "must be a list of strings, not " + kind(v), "");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < a.items().size(); i++) {
      EscValue item = a.items().get(i);
      if (!(item instanceof EscValue.Str s) || s.value().isEmpty()) {
        throw invalid(path + "[" + i + "]", "must be a non-empty string, not " + kind(item), "");
      }
      out.add(s.value());
    }
    return out;
  }

  void onlyKeys(EscValue.Obj in, String path, String... allowed) throws ProviderException {
    List<String> ok = List.of(allowed);
    for (String k : in.properties().keySet()) {
      if (!ok.contains(k)) {
        String where = path.isEmpty() ? k : path + "." + k;
        throw invalid(where, "unknown input; expected one of " + ok, "remove or rename \"" + k + "\"");
      }
    }
  }

  static String kind(EscValue v) {
    if (v instanceof EscValue.Null) {
      return "null";
    } else if (v instanceof EscValue.Bool) {
      return "a boolean";
    } else if (v instanceof EscValue.Num) {
      return "a number";
    } else if (v instanceof EscValue.Str s) {
      return s.value().isEmpty() ? "an empty string" : "a string";
    } else if (v instanceof EscValue.Arr) {
      return "a list";
    } else if (v instanceof EscValue.Obj) {
      return "an object";
    }
    return "an unknown value";
  }
}
