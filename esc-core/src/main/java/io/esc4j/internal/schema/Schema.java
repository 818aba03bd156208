package io.esc4j.internal.schema;

import io.esc4j.EscValue;
import io.esc4j.Redaction;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A schema of the JSON-Schema subset understood by ESC (format spec 7.2): the boolean schemas
 * {@code true} ({@link #always()}) and {@code false} ({@link #never()}), or an object schema with
 * the keywords {@code $defs}, {@code $ref}, {@code anyOf}, {@code oneOf}, {@code prefixItems},
 * {@code items}, {@code additionalProperties}, {@code properties}, {@code type}, {@code const},
 * {@code enum}, {@code multipleOf}, {@code maximum}, {@code exclusiveMaximum}, {@code minimum},
 * {@code exclusiveMinimum}, {@code maxLength}, {@code minLength}, {@code pattern}, {@code
 * maxItems}, {@code minItems}, {@code uniqueItems}, {@code maxProperties}, {@code minProperties},
 * {@code required}, {@code dependentRequired}, the annotations {@code title}, {@code
 * description}, {@code default}, {@code deprecated}, {@code examples} and the extensions {@code
 * secret} and {@code rotateOnly}.
 *
 * <p>Schemas are immutable once built, except that a {@code $ref} is bound to its target the
 * first time a document root containing it is compiled (as the reference does).
 *
 * <p>Numbers keep their decimal text: constants and enumerations compare numbers by text
 * ({@code 1.0} differs from {@code 1}), numeric bounds compare exact decimal values.
 */
public final class Schema {
  private static final Schema ALWAYS = new Schema(true, false);
  private static final Schema NEVER = new Schema(false, true);

  private final boolean always;
  private final boolean never;

  private final Map<String, Schema> defs;
  private final String ref;
  private final List<Schema> anyOf;
  private final List<Schema> oneOf;
  private final List<Schema> prefixItems;
  private final Schema items;
  private final Schema additionalProperties;
  private final Map<String, Schema> properties;

  private final String type;
  private final EscValue constValue;
  private final List<EscValue> enumValues;
  private final String multipleOf;
  private final String maximum;
  private final String exclusiveMaximum;
  private final String minimum;
  private final String exclusiveMinimum;
  private final String maxLength;
  private final String minLength;
  private final String pattern;
  private final String maxItems;
  private final String minItems;
  private final boolean uniqueItems;
  private final String maxProperties;
  private final String minProperties;
  private final List<String> required;
  private final Map<String, List<String>> dependentRequired;

  private final String title;
  private final String description;
  private final EscValue defaultValue;
  private final boolean deprecated;
  private final List<EscValue> examples;

  private final boolean secret;
  private final List<String> rotateOnly;

  // compiled forms
  private final BigDecimal multipleOfN;
  private final BigDecimal maximumN;
  private final BigDecimal exclusiveMaximumN;
  private final BigDecimal minimumN;
  private final BigDecimal exclusiveMinimumN;
  private final Long maxLengthN;
  private final Long minLengthN;
  private final Pattern patternRe;
  private final Long maxItemsN;
  private final Long minItemsN;
  private final Long maxPropertiesN;
  private final Long minPropertiesN;
  private volatile Schema refTarget;
  private volatile boolean refsBound;

  private Schema(boolean always, boolean never) {
    this.always = always;
    this.never = never;
    this.defs = Map.of();
    this.ref = "";
    this.anyOf = List.of();
    this.oneOf = List.of();
    this.prefixItems = List.of();
    this.items = null;
    this.additionalProperties = null;
    this.properties = Map.of();
    this.type = "";
    this.constValue = null;
    this.enumValues = List.of();
    this.multipleOf = "";
    this.maximum = "";
    this.exclusiveMaximum = "";
    this.minimum = "";
    this.exclusiveMinimum = "";
    this.maxLength = "";
    this.minLength = "";
    this.pattern = "";
    this.maxItems = "";
    this.minItems = "";
    this.uniqueItems = false;
    this.maxProperties = "";
    this.minProperties = "";
    this.required = List.of();
    this.dependentRequired = Map.of();
    this.title = "";
    this.description = "";
    this.defaultValue = null;
    this.deprecated = false;
    this.examples = List.of();
    this.secret = false;
    this.rotateOnly = List.of();
    this.multipleOfN = null;
    this.maximumN = null;
    this.exclusiveMaximumN = null;
    this.minimumN = null;
    this.exclusiveMinimumN = null;
    this.maxLengthN = null;
    this.minLengthN = null;
    this.patternRe = null;
    this.maxItemsN = null;
    this.minItemsN = null;
    this.maxPropertiesN = null;
    this.minPropertiesN = null;
  }

  private Schema(Builder b) throws SchemaException {
    this.always = false;
    this.never = false;
    this.defs = sortedCopy(b.defs);
    this.ref = b.ref;
    this.anyOf = List.copyOf(b.anyOf);
    this.oneOf = List.copyOf(b.oneOf);
    this.prefixItems = List.copyOf(b.prefixItems);
    this.items = b.items;
    this.additionalProperties = b.additionalProperties;
    this.properties = sortedCopy(b.properties);
    this.type = b.type;
    this.constValue = b.constValue == null ? null : plain(b.constValue);
    this.enumValues = plainList(b.enumValues);
    this.multipleOf = b.multipleOf;
    this.maximum = b.maximum;
    this.exclusiveMaximum = b.exclusiveMaximum;
    this.minimum = b.minimum;
    this.exclusiveMinimum = b.exclusiveMinimum;
    this.maxLength = b.maxLength;
    this.minLength = b.minLength;
    this.pattern = b.pattern;
    this.maxItems = b.maxItems;
    this.minItems = b.minItems;
    this.uniqueItems = b.uniqueItems;
    this.maxProperties = b.maxProperties;
    this.minProperties = b.minProperties;
    this.required = List.copyOf(b.required);
    TreeMap<String, List<String>> dr = new TreeMap<>(EscValue.Obj.KEY_ORDER);
    b.dependentRequired.forEach((k, v) -> dr.put(k, List.copyOf(v)));
    this.dependentRequired = Collections.unmodifiableMap(dr);
    this.title = b.title;
    this.description = b.description;
    this.defaultValue = b.defaultValue == null ? null : plain(b.defaultValue);
    this.deprecated = b.deprecated;
    this.examples = plainList(b.examples);
    this.secret = b.secret;
    this.rotateOnly = List.copyOf(b.rotateOnly);

    this.multipleOfN = parseNumber(multipleOf);
    this.maximumN = parseNumber(maximum);
    this.exclusiveMaximumN = parseNumber(exclusiveMaximum);
    this.minimumN = parseNumber(minimum);
    this.exclusiveMinimumN = parseNumber(exclusiveMinimum);
    this.maxLengthN = parseUint(maxLength);
    this.minLengthN = parseUint(minLength);
    this.patternRe = parseRegexp(pattern);
    this.maxItemsN = parseUint(maxItems);
    this.minItemsN = parseUint(minItems);
    this.maxPropertiesN = parseUint(maxProperties);
    this.minPropertiesN = parseUint(minProperties);
  }

  // ------------------------------------------------------------------ factories

  /** @return the schema that accepts anything ({@code true}) */
  public static Schema always() {
    return ALWAYS;
  }

  /** @return the schema that accepts nothing ({@code false}) */
  public static Schema never() {
    return NEVER;
  }

  /** @return {@code {type: string}} */
  public static Schema string() {
    return builder().type("string").build();
  }

  /** @return {@code {type: number}} */
  public static Schema number() {
    return builder().type("number").build();
  }

  /** @return {@code {type: boolean}} */
  public static Schema bool() {
    return builder().type("boolean").build();
  }

  /** @return {@code {type: null}} */
  public static Schema nullType() {
    return builder().type("null").build();
  }

  /**
   * @param s the value
   * @return {@code {type: string, const: s}}
   */
  public static Schema stringConst(String s) {
    return builder().type("string").constValue(EscValue.Str.of(s)).build();
  }

  /**
   * @param n decimal text
   * @return {@code {type: number, const: n}} (the constant compares by text)
   */
  public static Schema numberConst(String n) {
    return builder().type("number").constValue(new EscValue.Num(n, false)).build();
  }

  /**
   * @param b the value
   * @return {@code {type: boolean, const: b}}
   */
  public static Schema boolConst(boolean b) {
    return builder().type("boolean").constValue(b ? EscValue.Bool.TRUE : EscValue.Bool.FALSE).build();
  }

  /**
   * A record: {@code type: object}, the given properties, and every key required.
   *
   * @param props properties
   * @return the record schema ({@code required} sorted by code point)
   */
  public static Schema record(Map<String, Schema> props) {
    List<String> names = new ArrayList<>(props.keySet());
    names.sort(EscValue.Obj.KEY_ORDER);
    return builder().type("object").properties(props).required(names).build();
  }

  /**
   * A tuple: {@code type: array}, the given {@code prefixItems}, and {@code items: false}.
   *
   * @param items element schemas
   * @return the tuple schema
   */
  public static Schema tuple(List<Schema> items) {
    return builder().type("array").prefixItems(items).items(NEVER).build();
  }

  /**
   * @param items item schema
   * @return {@code {type: array, items}}
   */
  public static Schema array(Schema items) {
    return builder().type("array").items(items).build();
  }

  /**
   * @param additional additionalProperties
   * @return {@code {type: object, additionalProperties}}
   */
  public static Schema object(Schema additional) {
    return builder().type("object").additionalProperties(additional).build();
  }

  /**
   * @param branches the branches
   * @return {@code {oneOf: [...]}} with an empty type
   */
  public static Schema oneOf(Schema... branches) {
    return builder().oneOf(List.of(branches)).build();
  }

  /**
   * @param branches the branches
   * @return {@code {anyOf: [...]}} with an empty type
   */
  public static Schema anyOf(Schema... branches) {
    return builder().anyOf(List.of(branches)).build();
  }

  private static final String META_SCHEMA = "{\"$defs\":{\"schema\":{\"anyOf\":[{\"type\":\"boolean\"},{\"type\":\"object\",\"properties\":{\"$defs\":{\"type\":\"object\",\"additionalProperties\":{\"$ref\":\"#/$defs/schema\"}},\"$ref\":{\"type\":\"string\"},\"anyOf\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/schema\"}},\"oneOf\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/schema\"}},\"prefixItems\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/schema\"}},\"items\":{\"$ref\":\"#/$defs/schema\"},\"additionalProperties\":{\"$ref\":\"#/$defs/schema\"},\"properties\":{\"type\":\"object\",\"additionalProperties\":{\"$ref\":\"#/$defs/schema\"}},\"type\":{\"anyOf\":[{\"type\":\"string\",\"enum\":[\"string\",\"number\",\"boolean\",\"array\",\"object\",\"null\"]}]},\"const\":{},\"enum\":{\"type\":\"array\"},\"multipleOf\":{\"type\":\"number\"},\"maximum\":{\"type\":\"number\"},\"exclusiveMaximum\":{\"type\":\"number\"},\"minimum\":{\"type\":\"number\"},\"exclusiveMinimum\":{\"type\":\"number\"},\"maxLength\":{\"type\":\"number\"},\"minLength\":{\"type\":\"number\"},\"pattern\":{\"type\":\"string\"},\"maxItems\":{\"type\":\"number\"},\"minItems\":{\"type\":\"number\"},\"uniqueItems\":{\"type\":\"boolean\"},\"maxProperties\":{\"type\":\"number\"},\"minProperties\":{\"type\":\"number\"},\"required\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"dependentRequired\":{\"type\":\"object\",\"additionalProperties\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}},\"title\":{\"type\":\"string\"},\"description\":{\"type\":\"string\"},\"default\":{},\"deprecated\":{\"type\":\"boolean\"},\"examples\":{\"type\":\"array\"},\"secret\":{\"type\":\"boolean\"},\"rotateOnly\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}}]}},\"$ref\":\"#/$defs/schema\"}";

  /**
   * The schema that schema documents must satisfy (used by {@code fn::validate}): a boolean, or an
   * object whose known keywords have the right JSON types and whose {@code type} is one of {@code
   * string number boolean array object null}.
   *
   * @return the meta-schema (a fresh instance)
   */
  public static Schema metaSchema() {
    try {
      return parse(META_SCHEMA);
    } catch (SchemaException e) {
      throw new IllegalStateException(e);
    }
  }

  /** @return a builder for an object schema */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Parses and compiles a JSON Schema given as a value.
   *
   * @param v the schema document ({@code true}, {@code false} or an object)
   * @return the compiled schema
   * @throws SchemaException when it is not a valid schema of the supported subset
   */
  public static Schema fromValue(EscValue v) throws SchemaException {
    Objects.requireNonNull(v, "v");
    Schema root = SchemaParser.parse(v, "");
    root.compileRefs(root);
    return root;
  }

  /**
   * Parses and compiles a JSON Schema given as JSON text (numbers keep their text).
   *
   * @param json the JSON document
   * @return the compiled schema
   * @throws SchemaException when the text is not JSON or not a valid schema
   */
  public static Schema parse(String json) throws SchemaException {
    return fromValue(SchemaParser.parseJson(json));
  }

  /**
   * Merges the schemas of two layers as the evaluator merges values (format spec 7.2): unless both
   * are {@code type: object} the top wins; otherwise a record over the union of the properties
   * (common ones merged recursively, all required), with the {@code additionalProperties} that
   * exists, or {@code true} if both exist.
   *
   * @param base lower layer (may be {@code null})
   * @param top upper layer
   * @return the merged schema
   */
  public static Schema merged(Schema base, Schema top) {
    if (base == null || !"object".equals(top.type) || !"object".equals(base.type)) {
      return top;
    }
    Map<String, Schema> record = new LinkedHashMap<>(base.properties);
    for (Map.Entry<String, Schema> e : top.properties.entrySet()) {
      Schema b = record.get(e.getKey());
      record.put(e.getKey(), b == null ? e.getValue() : merged(b, e.getValue()));
    }
    Schema additional = top.additionalProperties;
    if (base.additionalProperties != null) {
      additional = additional == null ? base.additionalProperties : ALWAYS;
    }
    List<String> names = new ArrayList<>(record.keySet());
    names.sort(EscValue.Obj.KEY_ORDER);
    return builder()
        .type("object")
        .properties(record)
        .required(names)
        .additionalProperties(additional)
        .build();
  }

  // ------------------------------------------------------------------ derived sub-schemas

  /**
   * The schema of property {@code key} (format spec 7.2 "Deriving a sub-schema"): {@code
   * properties[key]}, else {@code additionalProperties}, taken from this schema if its type is
   * {@code object} and from every {@code anyOf}/{@code oneOf} branch; {@code false} results are
   * dropped; none left gives {@code false}, one gives it, several give {@code {oneOf: [...]}}.
   *
   * <p>As in the reference, {@link #always()} has no type and therefore yields {@code false}:
   * callers that treat {@code true} as "anything" must test {@link #isAlways()} first.
   *
   * @param key the key
   * @return the derived schema
   */
  public Schema property(String key) {
    List<Schema> union = new ArrayList<>();
    for (Schema s : anyOf) {
      union.add(s.property(key));
    }
    for (Schema s : oneOf) {
      union.add(s.property(key));
    }
    union.add(objectProperty(key));
    return union(union);
  }

  private Schema objectProperty(String key) {
    if (!"object".equals(type)) {
      return NEVER;
    }
    Schema p = properties.get(key);
    return p != null ? p : additionalProperties;
  }

  /**
   * The schema of element {@code index}: like {@link #property(String)} with {@code
   * prefixItems[index]}, else {@code items}, for {@code type: array}.
   *
   * @param index the index
   * @return the derived schema
   */
  public Schema item(int index) {
    List<Schema> union = new ArrayList<>();
    for (Schema s : anyOf) {
      union.add(s.item(index));
    }
    for (Schema s : oneOf) {
      union.add(s.item(index));
    }
    union.add(arrayItem(index));
    return union(union);
  }

  private Schema arrayItem(int index) {
    if (!"array".equals(type)) {
      return NEVER;
    }
    if (index >= 0 && index < prefixItems.size()) {
      return prefixItems.get(index);
    }
    return items;
  }

  private static Schema union(List<Schema> schemas) {
    List<Schema> left = new ArrayList<>();
    for (Schema s : schemas) {
      if (s != null && !s.never) {
        left.add(s);
      }
    }
    return switch (left.size()) {
      case 0 -> NEVER;
      case 1 -> left.get(0);
      default -> builder().oneOf(left).build();
    };
  }

  // ------------------------------------------------------------------ accessors

  /** @return whether this is {@code true} */
  public boolean isAlways() {
    return always;
  }

  /** @return whether this is {@code false} */
  public boolean isNever() {
    return never;
  }

  /** @return the type keyword ("" when absent) */
  public String type() {
    return type;
  }

  /** @return number of prefixItems */
  public int prefixItemsCount() {
    return prefixItems.size();
  }

  /** @return whether {@code items} is present and {@code false} */
  public boolean itemsNever() {
    return items != null && items.never;
  }

  /** @return the rotateOnly property names */
  public List<String> rotateOnly() {
    return rotateOnly;
  }

  /** @return the {@code $defs} (empty when absent) */
  public Map<String, Schema> defs() {
    return defs;
  }

  /** @return the {@code $ref} text ("" when absent) */
  public String ref() {
    return ref;
  }

  /** @return the target of {@code $ref}, or {@code null} when absent or not yet bound */
  public Schema refTarget() {
    return refTarget;
  }

  /** @return the {@code anyOf} branches */
  public List<Schema> anyOfBranches() {
    return anyOf;
  }

  /** @return the {@code oneOf} branches */
  public List<Schema> oneOfBranches() {
    return oneOf;
  }

  /** @return the {@code prefixItems} */
  public List<Schema> prefixItems() {
    return prefixItems;
  }

  /** @return {@code items}, or {@code null} when absent */
  public Schema items() {
    return items;
  }

  /** @return {@code additionalProperties}, or {@code null} when absent */
  public Schema additionalProperties() {
    return additionalProperties;
  }

  /** @return the {@code properties}, keys in code-point order */
  public Map<String, Schema> properties() {
    return properties;
  }

  /** @return the {@code const} value, or {@code null} when absent */
  public EscValue constValue() {
    return constValue;
  }

  /** @return the {@code enum} values */
  public List<EscValue> enumValues() {
    return enumValues;
  }

  /** @return the {@code required} names */
  public List<String> required() {
    return required;
  }

  /** @return the {@code dependentRequired} map, keys in code-point order */
  public Map<String, List<String>> dependentRequired() {
    return dependentRequired;
  }

  /** @return whether the {@code secret} extension is set */
  public boolean secret() {
    return secret;
  }

  /** @return the {@code description} ("" when absent) */
  public String description() {
    return description;
  }

  /** @return the {@code title} ("" when absent) */
  public String title() {
    return title;
  }

  // package-private views for the validator
  String multipleOfText() {
    return multipleOf;
  }

  BigDecimal multipleOfValue() {
    return multipleOfN;
  }

  String maximumText() {
    return maximum;
  }

  BigDecimal maximumValue() {
    return maximumN;
  }

  String exclusiveMaximumText() {
    return exclusiveMaximum;
  }

  BigDecimal exclusiveMaximumValue() {
    return exclusiveMaximumN;
  }

  String minimumText() {
    return minimum;
  }

  BigDecimal minimumValue() {
    return minimumN;
  }

  String exclusiveMinimumText() {
    return exclusiveMinimum;
  }

  BigDecimal exclusiveMinimumValue() {
    return exclusiveMinimumN;
  }

  String maxLengthText() {
    return maxLength;
  }

  Long maxLengthValue() {
    return maxLengthN;
  }

  String minLengthText() {
    return minLength;
  }

  Long minLengthValue() {
    return minLengthN;
  }

  String patternText() {
    return pattern;
  }

  Pattern patternRegex() {
    return patternRe;
  }

  String maxItemsText() {
    return maxItems;
  }

  Long maxItemsValue() {
    return maxItemsN;
  }

  String minItemsText() {
    return minItems;
  }

  Long minItemsValue() {
    return minItemsN;
  }

  String maxPropertiesText() {
    return maxProperties;
  }

  Long maxPropertiesValue() {
    return maxPropertiesN;
  }

  String minPropertiesText() {
    return minProperties;
  }

  Long minPropertiesValue() {
    return minPropertiesN;
  }

  // ------------------------------------------------------------------ JSON form

  /**
   * The JSON form, as the reference exports it: {@code true}/{@code false} for the boolean
   * schemas, otherwise an object in which {@code type} is always present (possibly {@code ""}) and
   * every other empty keyword is omitted.
   *
   * @return the JSON form
   */
  public EscValue toValue() {
    if (never) {
      return EscValue.Bool.FALSE;
    }
    if (always) {
      return EscValue.Bool.TRUE;
    }
    Map<String, EscValue> m = new LinkedHashMap<>();
    if (!defs.isEmpty()) {
      m.put("$defs", schemaMap(defs));
    }
    putText(m, "$ref", ref);
    putSchemas(m, "anyOf", anyOf);
    putSchemas(m, "oneOf", oneOf);
    putSchemas(m, "prefixItems", prefixItems);
    if (items != null) {
      m.put("items", items.toValue());
    }
    if (additionalProperties != null) {
      m.put("additionalProperties", additionalProperties.toValue());
    }
    if (!properties.isEmpty()) {
      m.put("properties", schemaMap(properties));
    }
    m.put("type", EscValue.Str.of(type));
    if (constValue != null) {
      m.put("const", constValue);
    }
    if (!enumValues.isEmpty()) {
      m.put("enum", new EscValue.Arr(enumValues, false));
    }
    putNumber(m, "multipleOf", multipleOf);
    putNumber(m, "maximum", maximum);
    putNumber(m, "exclusiveMaximum", exclusiveMaximum);
    putNumber(m, "minimum", minimum);
    putNumber(m, "exclusiveMinimum", exclusiveMinimum);
    putNumber(m, "maxLength", maxLength);
    putNumber(m, "minLength", minLength);
    putText(m, "pattern", pattern);
    putNumber(m, "maxItems", maxItems);
    putNumber(m, "minItems", minItems);
    if (uniqueItems) {
      m.put("uniqueItems", EscValue.Bool.TRUE);
    }
    putNumber(m, "maxProperties", maxProperties);
    putNumber(m, "minProperties", minProperties);
    putStrings(m, "required", required);
    if (!dependentRequired.isEmpty()) {
      Map<String, EscValue> dr = new LinkedHashMap<>();
      dependentRequired.forEach((k, v) -> dr.put(k, strings(v)));
      m.put("dependentRequired", EscValue.Obj.of(dr));
    }
    putText(m, "title", title);
    putText(m, "description", description);
    if (defaultValue != null) {
      m.put("default", defaultValue);
    }
    if (deprecated) {
      m.put("deprecated", EscValue.Bool.TRUE);
    }
    if (!examples.isEmpty()) {
      m.put("examples", new EscValue.Arr(examples, false));
    }
    if (secret) {
      m.put("secret", EscValue.Bool.TRUE);
    }
    putStrings(m, "rotateOnly", rotateOnly);
    return EscValue.Obj.of(m);
  }

  /**
   * Schemas are equal when their JSON forms are equal.
   *
   * @param o the other object
   * @return whether equal
   */
  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof Schema other && toValue().equals(other.toValue()));
  }

  @Override
  public int hashCode() {
    return toValue().hashCode();
  }

  /** @return the compact JSON form (keys sorted) */
  @Override
  public String toString() {
    return toValue().toJson(Redaction.REVEAL);
  }

  private static EscValue schemaMap(Map<String, Schema> map) {
    Map<String, EscValue> m = new LinkedHashMap<>();
    map.forEach((k, v) -> m.put(k, v.toValue()));
    return EscValue.Obj.of(m);
  }

  private static void putSchemas(Map<String, EscValue> m, String key, List<Schema> list) {
    if (!list.isEmpty()) {
      List<EscValue> a = new ArrayList<>(list.size());
      for (Schema s : list) {
        a.add(s.toValue());
      }
      m.put(key, new EscValue.Arr(a, false));
    }
  }

  private static void putText(Map<String, EscValue> m, String key, String text) {
    if (!text.isEmpty()) {
      m.put(key, EscValue.Str.of(text));
    }
  }

  private static void putNumber(Map<String, EscValue> m, String key, String text) {
    if (!text.isEmpty()) {
      m.put(key, new EscValue.Num(text, false));
    }
  }

  private static void putStrings(Map<String, EscValue> m, String key, List<String> list) {
    if (!list.isEmpty()) {
      m.put(key, strings(list));
    }
  }

  private static EscValue strings(List<String> list) {
    List<EscValue> a = new ArrayList<>(list.size());
    for (String s : list) {
      a.add(EscValue.Str.of(s));
    }
    return new EscValue.Arr(a, false);
  }

  // ------------------------------------------------------------------ compilation

  /**
   * Binds every {@code $ref} reachable from this schema (through {@code $ref}, {@code anyOf},
   * {@code oneOf}, {@code prefixItems}, {@code items}, {@code additionalProperties} and {@code
   * properties}, but not unreferenced {@code $defs}) against {@code root}'s {@code $defs}.
   * References already bound are kept.
   */
  void compileRefs(Schema root) throws SchemaException {
    if (refsBound) {
      return;
    }
    java.util.Set<Schema> seen = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    compileRefs(root, seen);
    for (Schema s : seen) {
      s.refsBound = true;
    }
  }

  private void compileRefs(Schema root, java.util.Set<Schema> seen) throws SchemaException {
    if (always || never || refsBound || !seen.add(this)) {
      return;
    }
    if (!ref.isEmpty()) {
      Schema target = refTarget;
      if (target == null) {
        target = resolveRef(root, ref);
        refTarget = target;
      }
      target.compileRefs(root, seen);
    }
    for (Schema s : anyOf) {
      s.compileRefs(root, seen);
    }
    for (Schema s : oneOf) {
      s.compileRefs(root, seen);
    }
    for (Schema s : prefixItems) {
      s.compileRefs(root, seen);
    }
    if (items != null) {
      items.compileRefs(root, seen);
    }
    if (additionalProperties != null) {
      additionalProperties.compileRefs(root, seen);
    }
    for (Schema s : properties.values()) {
      s.compileRefs(root, seen);
    }
  }

  private static Schema resolveRef(Schema root, String ref) throws SchemaException {
    if (!ref.startsWith("#/$defs/") || ref.substring(8).contains("/")) {
      throw new SchemaException("only fragment references of the form #/$defs/ref are supported");
    }
    String name = pathUnescape(ref.substring(8));
    Schema s = root.defs.get(name);
    if (s == null) {
      throw new SchemaException("unknown subschema " + ref);
    }
    return s;
  }

  /** Go's url.PathUnescape: %XX escapes only, '+' kept. */
  private static String pathUnescape(String s) throws SchemaException {
    if (s.indexOf('%') < 0) {
      return s;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '%') {
        if (i + 2 >= s.length() || hex(s.charAt(i + 1)) < 0 || hex(s.charAt(i + 2)) < 0) {
          String bad = s.substring(i, Math.min(s.length(), i + 3));
          throw new SchemaException("invalid URL escape " + GoText.quote(bad));
        }
        i += 2;
      }
    }
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }

  private static BigDecimal parseNumber(String text) throws SchemaException {
    if (text.isEmpty()) {
      return null;
    }
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw new SchemaException("strconv.ParseFloat: parsing " + GoText.quote(text) + ": invalid syntax");
    }
  }

  private static Long parseUint(String text) throws SchemaException {
    if (text.isEmpty()) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw new SchemaException(
            "strconv.ParseUint: parsing " + GoText.quote(text) + ": invalid syntax");
      }
    }
    BigInteger n = new BigInteger(text);
    if (n.bitLength() > 63) {
      throw new SchemaException(
          "strconv.ParseUint: parsing " + GoText.quote(text) + ": value out of range");
    }
    return n.longValue();
  }

  private static Pattern parseRegexp(String pattern) throws SchemaException {
    if (pattern.isEmpty()) {
      return null;
    }
    try {
      return Pattern.compile(pattern);
    } catch (PatternSyntaxException e) {
      throw new SchemaException(
          "error parsing regexp: " + e.getDescription() + ": `" + pattern + "`");
    }
  }

  // ------------------------------------------------------------------ value helpers

  private static <V> Map<String, V> sortedCopy(Map<String, V> m) {
    TreeMap<String, V> t = new TreeMap<>(EscValue.Obj.KEY_ORDER);
    t.putAll(m);
    return Collections.unmodifiableMap(t);
  }

  private static List<EscValue> plainList(List<EscValue> l) {
    List<EscValue> out = new ArrayList<>(l.size());
    for (EscValue v : l) {
      out.add(plain(v));
    }
    return Collections.unmodifiableList(out);
  }

  /** Strips secret flags, recursively. */
  static EscValue plain(EscValue v) {
    if (v instanceof EscValue.Arr a) {
      List<EscValue> items = new ArrayList<>(a.items().size());
      for (EscValue x : a.items()) {
        items.add(plain(x));
      }
      return new EscValue.Arr(items, false);
    }
    if (v instanceof EscValue.Obj o) {
      Map<String, EscValue> m = new LinkedHashMap<>();
      o.properties().forEach((k, x) -> m.put(k, plain(x)));
      return new EscValue.Obj(m, false);
    }
    return v.secret() ? v.withSecret(false) : v;
  }

  // ------------------------------------------------------------------ builder

  /**
   * Builds an object schema. Every setter replaces the keyword's previous value. A {@code $ref} is
   * bound when the schema is used as the root of a validation (as the reference compiles lazily),
   * against that root's {@code $defs}.
   */
  public static final class Builder {
    private Map<String, Schema> defs = Map.of();
    private String ref = "";
    private List<Schema> anyOf = List.of();
    private List<Schema> oneOf = List.of();
    private List<Schema> prefixItems = List.of();
    private Schema items;
    private Schema additionalProperties;
    private Map<String, Schema> properties = Map.of();
    private String type = "";
    private EscValue constValue;
    private List<EscValue> enumValues = List.of();
    private String multipleOf = "";
    private String maximum = "";
    private String exclusiveMaximum = "";
    private String minimum = "";
    private String exclusiveMinimum = "";
    private String maxLength = "";
    private String minLength = "";
    private String pattern = "";
    private String maxItems = "";
    private String minItems = "";
    private boolean uniqueItems;
    private String maxProperties = "";
    private String minProperties = "";
    private List<String> required = List.of();
    private Map<String, List<String>> dependentRequired = Map.of();
    private String title = "";
    private String description = "";
    private EscValue defaultValue;
    private boolean deprecated;
    private List<EscValue> examples = List.of();
    private boolean secret;
    private List<String> rotateOnly = List.of();

    private Builder() {}

    /** @param v {@code $defs} @return this */
    public Builder defs(Map<String, Schema> v) {
      defs = new LinkedHashMap<>(v);
      return this;
    }

    /** @param v {@code $ref} @return this */
    public Builder ref(String v) {
      ref = Objects.requireNonNull(v);
      return this;
    }

    /** @param v {@code anyOf} @return this */
    public Builder anyOf(List<Schema> v) {
      anyOf = List.copyOf(v);
      return this;
    }

    /** @param v {@code oneOf} @return this */
    public Builder oneOf(List<Schema> v) {
      oneOf = List.copyOf(v);
      return this;
    }

    /** @param v {@code prefixItems} @return this */
    public Builder prefixItems(List<Schema> v) {
      prefixItems = List.copyOf(v);
      return this;
    }

    /** @param v {@code items} ({@code null} = absent) @return this */
    public Builder items(Schema v) {
      items = v;
      return this;
    }

    /** @param v {@code additionalProperties} ({@code null} = absent) @return this */
    public Builder additionalProperties(Schema v) {
      additionalProperties = v;
      return this;
    }

    /** @param v {@code properties} @return this */
    public Builder properties(Map<String, Schema> v) {
      properties = new LinkedHashMap<>(v);
      return this;
    }

    /** @param v {@code type} @return this */
    public Builder type(String v) {
      type = Objects.requireNonNull(v);
      return this;
    }

    /** @param v {@code const} ({@code null} or JSON null = absent) @return this */
    public Builder constValue(EscValue v) {
      constValue = v instanceof EscValue.Null ? null : v;
      return this;
    }

    /** @param v {@code enum} @return this */
    public Builder enumValues(List<EscValue> v) {
      enumValues = List.copyOf(v);
      return this;
    }

    /** @param v {@code multipleOf} decimal text @return this */
    public Builder multipleOf(String v) {
      multipleOf = Objects.requireNonNull(v);
      return this;
    }

    /** @param v {@code maximum} decimal text @return this */
    public Builder maximum(String v) {
      maximum = Objects.requireNonNull(v);
      return this;
    }

    /** @param v {@code exclusiveMaximum} decimal text @return this */
    public Builder exclusiveMaximum(String v) {
      exclusiveMaximum = Objects.requireNonNull(v);
      return this;
    }

    /** @param v {@code minimum} decimal text @return this */
    public Builder minimum(String v) {
      minimum = Objects.requireNonNull(v);
      return this;
    }

    /** @param v {@code exclusiveMinimum} decimal text @return this */
    public Builder exclusiveMinimum(String v) {
      exclusiveMinimum = Objects.requireNonNull(v);
      return this;
    }

    /** @param v {@code maxLength} decimal text @return this */
    public Builder maxLength(String v) {
      maxLength = Objects.requireNonNull(v);
      return this;
    }

    /** @param v {@code minLength} decimal text @return this */
    public Builder minLength(String v) {
      minLength = Objects.requireNonNull(v);
      return this;
    }

    /** @param v {@code pattern} @return this */
    public Builder pattern(String v) {
      pattern = Objects.requireNonNull(v);
      return this;
    }

    /** @param v {@code maxItems} decimal text @return this */
    public Builder maxItems(String v) {
      maxItems = Objects.requireNonNull(v);
      return this;
    }

    /** @param v {@code minItems} decimal text @return this */
    public Builder minItems(String v) {
      minItems = Objects.requireNonNull(v);
      return this;
    }

    /** @param v {@code uniqueItems} (never enforced) @return this */
    public Builder uniqueItems(boolean v) {
      uniqueItems = v;
      return this;
    }

    /** @param v {@code maxProperties} decimal text @return this */
    public Builder maxProperties(String v) {
      maxProperties = Objects.requireNonNull(v);
      return this;
    }

    /** @param v {@code minProperties} decimal text @return this */
    public Builder minProperties(String v) {
      minProperties = Objects.requireNonNull(v);
      return this;
    }

    /** @param v {@code required} @return this */
    public Builder required(List<String> v) {
      required = List.copyOf(v);
      return this;
    }

    /** @param v {@code dependentRequired} @return this */
    public Builder dependentRequired(Map<String, List<String>> v) {
      dependentRequired = new LinkedHashMap<>(v);
      return this;
    }

    /** @param v {@code title} @return this */
    public Builder title(String v) {
      title = Objects.requireNonNull(v);
      return this;
    }

    /** @param v {@code description} @return this */
    public Builder description(String v) {
      description = Objects.requireNonNull(v);
      return this;
    }

    /** @param v {@code default} ({@code null} or JSON null = absent) @return this */
    public Builder defaultValue(EscValue v) {
      defaultValue = v instanceof EscValue.Null ? null : v;
      return this;
    }

    /** @param v {@code deprecated} @return this */
    public Builder deprecated(boolean v) {
      deprecated = v;
      return this;
    }

    /** @param v {@code examples} @return this */
    public Builder examples(List<EscValue> v) {
      examples = List.copyOf(v);
      return this;
    }

    /** @param v the {@code secret} extension @return this */
    public Builder secret(boolean v) {
      secret = v;
      return this;
    }

    /** @param v the {@code rotateOnly} extension: input property names @return this */
    public Builder rotateOnly(List<String> v) {
      rotateOnly = List.copyOf(v);
      return this;
    }

    /**
     * Builds the schema.
     *
     * @return the schema
     * @throws IllegalArgumentException when a numeric keyword or the pattern is invalid
     */
    public Schema build() {
      try {
        return buildChecked();
      } catch (SchemaException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }

    Schema buildChecked() throws SchemaException {
      return new Schema(this);
    }
  }
}
