package io.esc4j.internal.schema;

import io.esc4j.EscValue;
import io.esc4j.Redaction;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates values against accepted schemas exactly as the reference evaluator does (format spec
 * 7.4): every applicable check runs and reports, and the result fails if any check failed.
 *
 * <p><b>Known values</b> are checked keyword by keyword ({@code $ref}, {@code anyOf}, {@code
 * oneOf}, {@code const}, {@code enum}, {@code type} and the type-specific keywords). Errors about a
 * value are reported at its own {@link Validatable#location()}; when the check descends into an
 * element or property, errors about it are reported at <em>that</em> value's own location, without
 * a path prefix (the reference validates each element against the expression that defined it).
 *
 * <p><b>Unknown values</b> are checked schema against schema: the value's {@link
 * Validatable#schema()} must be compatible with the accepted schema. All errors are reported at the
 * unknown value's location; errors about parts of it carry a relative path prefix such as {@code
 * bar: } or {@code [0]: }.
 */
public final class Validator {
  private Validator() {}

  /**
   * Validates a value against an accepted schema, reporting every failure.
   *
   * @param value the value
   * @param accept the accepted schema ({@code null} accepts anything)
   * @param reporter where errors go, in the reference's order
   * @return whether the value is valid
   */
  public static boolean validate(Validatable value, Schema accept, Reporter reporter) {
    Run run = new Run();
    boolean ok = run.validateValue(value, accept);
    for (Diag d : run.diags) {
      reporter.error(d.location(), d.summary());
    }
    return ok;
  }

  /**
   * Checks that every value conforming to {@code x} would conform to {@code accept} (the check
   * used for unknown values), reporting at {@code location}.
   *
   * @param x the schema of the (unknown) value
   * @param accept the accepted schema
   * @param location where errors are reported
   * @param reporter where errors go
   * @return whether the schemas are compatible
   */
  public static boolean validateSchema(Schema x, Schema accept, Object location,
      Reporter reporter) {
    Run run = new Run();
    boolean ok = run.compile(accept, new Loc(location, "", false))
        && run.validateSchemaType(x, accept, new Loc(location, "", false));
    for (Diag d : run.diags) {
      reporter.error(d.location(), d.summary());
    }
    return ok;
  }

  private record Diag(Object location, String summary) {}

  /** Where errors go: a location, a relative path, and whether the path prefixes messages. */
  private record Loc(Object location, String path, boolean prefix) {
    Loc index(int i) {
      return new Loc(location, path + "[" + i + "]", true);
    }

    Loc property(String key) {
      return new Loc(location, GoText.joinKey(path, key), true);
    }
  }

  private static final class Run {
    final List<Diag> diags = new ArrayList<>();

    boolean error(Loc loc, String message) {
      diags.add(new Diag(loc.location(), loc.prefix() ? loc.path() + ": " + message : message));
      return false;
    }

    static boolean isAny(Schema s) {
      return s == null || s.isAlways();
    }

    boolean compile(Schema accept, Loc loc) {
      if (accept == null) {
        return true;
      }
      try {
        accept.compileRefs(accept);
        return true;
      } catch (SchemaException e) {
        return error(loc, "internal error: invalid schema: " + e.getMessage());
      }
    }

    // -------------------------------------------------------------- known values

    boolean validateValue(Validatable v, Schema accept) {
      return validateElement(v, accept, new Loc(v.location(), "", false));
    }

    boolean validateElement(Validatable v, Schema accept, Loc loc) {
      if (!compile(accept, loc)) {
        return false;
      }
      if (isAny(accept)) {
        return true;
      }
      if (accept.isNever()) {
        return false;
      }
      if (v.unknown()) {
        return validateSchemaType(v.schema(), accept, loc);
      }
      boolean rok = accept.ref().isEmpty() || validateElement(v, accept.refTarget(), loc);
      boolean aok = validateAnyOf(v, accept, loc);
      boolean ook = validateOneOf(v, accept, loc);
      boolean cok = validateConst(v, accept, loc);
      boolean eok = validateEnum(v, accept, loc);
      boolean tok = validateType(v, accept, loc);
      return rok && aok && ook && cok && eok && tok;
    }

    boolean validateAnyOf(Validatable v, Schema accept, Loc loc) {
      if (accept.anyOfBranches().isEmpty()) {
        return true;
      }
      boolean matched = false;
      List<Diag> all = new ArrayList<>();
      for (Schema branch : accept.anyOfBranches()) {
        Run sub = new Run();
        if (sub.validateElement(v, branch, loc)) {
          matched = true;
        }
        all.addAll(sub.diags);
      }
      if (!matched) {
        diags.addAll(all);
        return error(loc, "at least one subschema must match");
      }
      return true;
    }

    boolean validateOneOf(Validatable v, Schema accept, Loc loc) {
      if (accept.oneOfBranches().isEmpty()) {
        return true;
      }
      boolean matched = false;
      List<Diag> all = new ArrayList<>();
      for (Schema branch : accept.oneOfBranches()) {
        Run sub = new Run();
        if (sub.validateElement(v, branch, loc)) {
          if (matched) {
            return error(loc, "exactly one subschema may match");
          }
          matched = true;
        }
        all.addAll(sub.diags);
      }
      if (!matched) {
        diags.addAll(all);
        return error(loc, "exactly one subschema must match");
      }
      return true;
    }

    boolean validateConst(Validatable v, Schema accept, Loc loc) {
      EscValue c = accept.constValue();
      if (c == null || equalsConst(v, c)) {
        return true;
      }
      return error(loc, "expected " + c.toJson(Redaction.REVEAL));
    }

    boolean validateEnum(Validatable v, Schema accept, Loc loc) {
      List<EscValue> values = accept.enumValues();
      if (values.isEmpty()) {
        return true;
      }
      for (EscValue c : values) {
        if (equalsConst(v, c)) {
          return true;
        }
      }
      if (values.size() == 1) {
        return error(loc, "expected " + values.get(0).toJson(Redaction.REVEAL));
      }
      return error(loc, "expected one of " + new EscValue.Arr(values, false).toJson(Redaction.REVEAL));
    }

    static boolean equalsConst(Validatable v, EscValue c) {
      if (v == null || v.unknown()) {
        return false;
      }
      Validatable.Kind k = v.kind();
      if (c instanceof EscValue.Null) {
        return k == Validatable.Kind.NULL;
      } else if (c instanceof EscValue.Bool b) {
        return k == Validatable.Kind.BOOLEAN && v.text().equals(Boolean.toString(b.value()));
      } else if (c instanceof EscValue.Num n) {
        return k == Validatable.Kind.NUMBER && v.text().equals(n.text());
      } else if (c instanceof EscValue.Str s) {
        return k == Validatable.Kind.STRING && v.text().equals(s.value());
      } else if (c instanceof EscValue.Arr a) {
        if (k != Validatable.Kind.ARRAY) {
          return false;
        }
        List<? extends Validatable> items = v.items();
        if (items.size() != a.items().size()) {
          return false;
        }
        for (int i = 0; i < items.size(); i++) {
          if (!equalsConst(items.get(i), a.items().get(i))) {
            return false;
          }
        }
        return true;
      } else if (c instanceof EscValue.Obj o) {
        if (k != Validatable.Kind.OBJECT) {
          return false;
        }
        if (v.keys().size() != o.properties().size()) {
          return false;
        }
        for (Map.Entry<String, EscValue> e : o.properties().entrySet()) {
          Validatable p = v.property(e.getKey());
          if (p == null || !equalsConst(p, e.getValue())) {
            return false;
          }
        }
        return true;
      }
      return false;
    }

    boolean checkType(String actual, Schema accept, Loc loc) {
      if (!accept.type().isEmpty() && !actual.equals(accept.type())) {
        return error(loc, "expected " + accept.type() + ", got " + actual);
      }
      return true;
    }

    boolean validateType(Validatable v, Schema accept, Loc loc) {
      return switch (v.kind()) {
        case NULL -> checkType("null", accept, loc);
        case BOOLEAN -> checkType("boolean", accept, loc);
        case NUMBER -> checkType("number", accept, loc) && validateNumber(v.text(), accept, loc);
        case STRING -> checkType("string", accept, loc) && validateString(v.text(), accept, loc);
        case ARRAY -> checkType("array", accept, loc) && validateArray(v.items(), accept, loc);
        case OBJECT -> checkType("object", accept, loc) && validateObject(v, accept, loc);
      };
    }

    boolean validateNumber(String text, Schema accept, Loc loc) {
      BigDecimal n;
      try {
        n = new BigDecimal(text);
      } catch (NumberFormatException e) {
        return error(loc, "internal error: invalid number " + GoText.quote(text)
            + " (strconv.ParseFloat: parsing " + GoText.quote(text) + ": invalid syntax)");
      }
      boolean ok = true;
      BigDecimal m = accept.multipleOfValue();
      if (m != null && !isMultiple(n, m)) {
        ok = error(loc, "expected a multiple of " + accept.multipleOfText());
      }
      m = accept.minimumValue();
      if (m != null && n.compareTo(m) < 0) {
        ok = error(loc, "expected a number greater than or equal to " + accept.minimumText());
      }
      m = accept.exclusiveMinimumValue();
      if (m != null && n.compareTo(m) <= 0) {
        ok = error(loc, "expected a number greater than " + accept.exclusiveMinimumText());
      }
      m = accept.maximumValue();
      if (m != null && n.compareTo(m) > 0) {
        // sic: the reference has no space before the bound
        ok = error(loc, "expected a number less than or equal to" + accept.maximumText());
      }
      m = accept.exclusiveMaximumValue();
      if (m != null && n.compareTo(m) >= 0) {
        ok = error(loc, "expected a number less than " + accept.exclusiveMaximumText());
      }
      return ok;
    }

    static boolean isMultiple(BigDecimal n, BigDecimal m) {
      if (m.signum() == 0) {
        return false;
      }
      return n.remainder(m).signum() == 0;
    }

    boolean validateString(String s, Schema accept, Loc loc) {
      boolean ok = true;
      long len = GoText.utf8Length(s);
      Long m = accept.minLengthValue();
      if (m != null && len < m) {
        ok = error(loc, "expected a string of at least length " + accept.minLengthText());
      }
      m = accept.maxLengthValue();
      if (m != null && len > m) {
        ok = error(loc, "expected a string of at most length " + accept.maxLengthText());
      }
      if (accept.patternRegex() != null && !accept.patternRegex().matcher(s).find()) {
        ok = error(loc, "string must match the pattern " + GoText.quote(accept.patternText()));
      }
      return ok;
    }

    boolean validateArray(List<? extends Validatable> items, Schema accept, Loc loc) {
      boolean ok = true;
      Long m = accept.minItemsValue();
      if (m != null && items.size() < m) {
        ok = error(loc, "expected an array with at least " + accept.minItemsText() + " items");
      }
      m = accept.maxItemsValue();
      if (m != null && items.size() > m) {
        ok = error(loc, "expected an array with at most " + accept.maxItemsText() + " items");
      }
      List<Schema> prefix = accept.prefixItems();
      for (int i = 0; i < items.size(); i++) {
        Schema s = i < prefix.size() ? prefix.get(i) : accept.items();
        if (!validateValue(items.get(i), s)) {
          ok = false;
        }
      }
      return ok;
    }

    boolean validateObject(Validatable v, Schema accept, Loc loc) {
      List<String> keys = v.keys();
      boolean ok = true;
      Long m = accept.minPropertiesValue();
      if (m != null && keys.size() < m) {
        ok = error(loc,
            "expected an object with at least " + accept.minPropertiesText() + " properties");
      }
      m = accept.maxPropertiesValue();
      if (m != null && keys.size() > m) {
        ok = error(loc,
            "expected an object with at most " + accept.maxPropertiesText() + " properties");
      }
      Set<String> keySet = new HashSet<>(keys);
      for (String k : keys) {
        Validatable kv = v.property(k);
        Schema p = accept.properties().get(k);
        if (kv != null && !validateValue(kv, p != null ? p : accept.additionalProperties())) {
          ok = false;
        }
      }
      List<String> missing = new ArrayList<>();
      for (String k : accept.required()) {
        if (!keySet.contains(k)) {
          missing.add(k);
        }
      }
      for (Map.Entry<String, List<String>> e : accept.dependentRequired().entrySet()) {
        if (keySet.contains(e.getKey())) {
          for (String rk : e.getValue()) {
            if (!keySet.contains(rk)) {
              missing.add(rk);
            }
          }
        }
      }
      if (!missing.isEmpty()) {
        ok = error(loc, "missing required properties: " + String.join(", ", missing));
      }
      return ok;
    }

    // -------------------------------------------------------------- schema vs schema

    boolean validateSchemaType(Schema x, Schema accept, Loc loc) {
      if (isAny(accept)) {
        return true;
      }
      if (accept.isNever()) {
        return false;
      }
      if (isAny(x)) {
        return true;
      }
      if (x.isNever()) {
        return false;
      }
      boolean refOk = accept.ref().isEmpty()
          || validateSchemaType(x, accept.refTarget(), loc);
      boolean xRefOk = x.ref().isEmpty() || x.refTarget() == null
          || validateSchemaType(x.refTarget(), accept, loc);
      boolean xAnyOfOk = validateBranches(x.anyOfBranches(), true, x, accept, loc);
      boolean xOneOfOk = validateBranches(x.oneOfBranches(), true, x, accept, loc);
      boolean typeOk = x.type().isEmpty() || checkType(x.type(), accept, loc);
      boolean anyOfOk = validateBranches(accept.anyOfBranches(), false, x, accept, loc);
      boolean oneOfOk = validateBranches(accept.oneOfBranches(), false, x, accept, loc);
      boolean complexOk = switch (x.type()) {
        case "array" -> validateSchemaArray(x, accept, loc);
        case "object" -> validateSchemaObject(x, accept, loc);
        default -> true;
      };
      return refOk && xRefOk && xAnyOfOk && xOneOfOk && typeOk && anyOfOk && oneOfOk
          && complexOk;
    }

    /**
     * One of the four union checks: when {@code inputSide}, each branch of {@code x} against
     * {@code accept}; otherwise {@code x} against each branch of {@code accept}. Both oneOf and
     * anyOf are treated as anyOf here.
     */
    boolean validateBranches(List<Schema> branches, boolean inputSide, Schema x, Schema accept,
        Loc loc) {
      if (branches.isEmpty()) {
        return true;
      }
      boolean matched = false;
      List<Diag> all = new ArrayList<>();
      for (Schema branch : branches) {
        Run sub = new Run();
        boolean ok = inputSide
            ? sub.validateSchemaType(branch, accept, loc)
            : sub.validateSchemaType(x, branch, loc);
        if (ok) {
          matched = true;
        }
        all.addAll(sub.diags);
      }
      if (!matched) {
        diags.addAll(all);
        return error(loc, "at least one subschema must match");
      }
      return true;
    }

    boolean validateSchemaArray(Schema x, Schema accept, Loc loc) {
      boolean allOk = true;
      List<Schema> xp = x.prefixItems();
      List<Schema> ap = accept.prefixItems();
      int common = Math.min(xp.size(), ap.size());
      int i = 0;
      for (; i < common; i++) {
        allOk &= validateSchemaType(xp.get(i), ap.get(i), loc.index(i));
      }
      if (xp.size() > common) {
        for (; i < xp.size(); i++) {
          allOk &= validateSchemaType(xp.get(i), accept.items(), loc.index(i));
        }
      } else if (ap.size() > common) {
        for (; i < ap.size(); i++) {
          allOk &= validateSchemaType(x.items(), ap.get(i), loc.index(i));
        }
      }
      if (x.items() != null && !x.items().isNever()) {
        allOk &= validateSchemaType(x.items(), accept.items(), loc);
      }
      return allOk;
    }

    boolean validateSchemaObject(Schema x, Schema accept, Loc loc) {
      boolean allOk = true;
      for (Map.Entry<String, Schema> e : x.properties().entrySet()) {
        Schema pa = accept.properties().get(e.getKey());
        Schema target = pa != null ? pa : accept.additionalProperties();
        allOk &= validateSchemaType(e.getValue(), target, loc.property(e.getKey()));
      }
      if (x.additionalProperties() == null) {
        Set<String> xreq = new HashSet<>(x.required());
        allOk &= checkRequired(accept.required(), xreq, loc);
        for (Map.Entry<String, List<String>> e : accept.dependentRequired().entrySet()) {
          if (xreq.contains(e.getKey())) {
            allOk &= checkRequired(e.getValue(), xreq, loc);
          }
        }
      } else if (!x.additionalProperties().isNever()) {
        allOk &= validateSchemaType(x.additionalProperties(), accept.additionalProperties(), loc);
      }
      return allOk;
    }

    boolean checkRequired(List<String> names, Set<String> xreq, Loc loc) {
      boolean ok = true;
      for (String name : names) {
        if (!xreq.contains(name)) {
          ok = error(loc.property(name), "missing required property");
        }
      }
      return ok;
    }
  }
}
