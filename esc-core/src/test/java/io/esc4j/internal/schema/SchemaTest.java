package io.esc4j.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esc4j.EscValue;
import io.esc4j.Redaction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaTest {
  /** The input/output schema of the conformance suite's {@code schema} provider, as exported. */
  static final String SCHEMA_PROVIDER = """
      {"$defs":{"defRecord":{"properties":{"baz":{"type":"string","const":"qux"}},"type":"object","required":["baz"]}},"properties":{"always":true,"anyOf":{"anyOf":[{"type":"string"},{"type":"number"}],"type":""},"array":{"items":true,"type":"array"},"boolean":{"type":"boolean"},"const-array":{"type":"array","const":["hello",42]},"const-object":{"type":"object","const":{"hello":"world"}},"dependentReq":{"properties":{"bar":{"type":"number"},"foo":{"type":"string"}},"type":"object","dependentRequired":{"foo":["bar"]}},"double":{"prefixItems":[{"type":"string"},{"type":"number"}],"items":false,"type":"array"},"enum":{"type":"string","enum":["foo","bar"]},"exclusiveMaximum":{"type":"number","exclusiveMaximum":1},"exclusiveMinimum":{"type":"number","exclusiveMinimum":1},"false":{"type":"boolean","const":false},"hello":{"type":"string","const":"hello"},"map":{"additionalProperties":true,"type":"object"},"maxItems":{"type":"array","maxItems":2},"maxLength":{"type":"string","maxLength":1},"maxProperties":{"type":"object","maxProperties":1},"maximum":{"type":"number","maximum":1},"minItems":{"type":"array","minItems":3},"minLength":{"type":"string","minLength":1},"minProperties":{"type":"object","minProperties":1},"minimum":{"type":"number","minimum":1},"multiple":{"type":"number","multipleOf":2},"never":false,"null":{"type":"null"},"number":{"type":"number"},"oneOf":{"oneOf":[{"type":"string"},{"type":"number"}],"type":""},"pattern":{"type":"string","pattern":"^foo[0-9]+$"},"pi":{"type":"number","const":3.14},"record":{"properties":{"foo":{"type":"string"}},"type":"object","required":["foo"]},"ref":{"$ref":"#/$defs/defRecord","type":""},"string":{"type":"string"},"triple":{"prefixItems":[{"type":"string"},{"type":"number"},{"type":"boolean"}],"items":false,"type":"array"},"true":{"type":"boolean","const":true},"tuple":{"prefixItems":[{"type":"string","const":"hello"},{"type":"string","const":"world"}],"items":false,"type":"array"}},"type":"object"}""";

  static Schema parse(String json) {
    try {
      return Schema.parse(json);
    } catch (SchemaException e) {
      throw new AssertionError(e);
    }
  }

  static String json(Schema s) {
    return s.toValue().toJson(Redaction.REVEAL);
  }

  static String errorOf(String json) {
    try {
      Schema.parse(json);
      return null;
    } catch (SchemaException e) {
      return e.getMessage();
    }
  }

  @Test
  void booleanSchemas() {
    assertThat(Schema.always().isAlways()).isTrue();
    assertThat(Schema.never().isNever()).isTrue();
    assertThat(json(Schema.always())).isEqualTo("true");
    assertThat(json(Schema.never())).isEqualTo("false");
    assertThat(parse("true").isAlways()).isTrue();
    assertThat(parse("false").isNever()).isTrue();
    assertThat(Schema.always().type()).isEmpty();
  }

  @Test
  void builtinFactoriesExportLikeTheReference() {
    assertThat(json(Schema.string())).isEqualTo("{\"type\":\"string\"}");
    assertThat(json(Schema.number())).isEqualTo("{\"type\":\"number\"}");
    assertThat(json(Schema.bool())).isEqualTo("{\"type\":\"boolean\"}");
    assertThat(json(Schema.nullType())).isEqualTo("{\"type\":\"null\"}");
    assertThat(json(Schema.stringConst("hi"))).isEqualTo("{\"const\":\"hi\",\"type\":\"string\"}");
    assertThat(json(Schema.numberConst("1.0"))).isEqualTo("{\"const\":1.0,\"type\":\"number\"}");
    assertThat(json(Schema.boolConst(false))).isEqualTo("{\"const\":false,\"type\":\"boolean\"}");
    Map<String, Schema> props = new LinkedHashMap<>();
    props.put("b", Schema.string());
    props.put("a", Schema.number());
    assertThat(json(Schema.record(props))).isEqualTo(
        "{\"properties\":{\"a\":{\"type\":\"number\"},\"b\":{\"type\":\"string\"}},"
            + "\"required\":[\"a\",\"b\"],\"type\":\"object\"}");
    assertThat(json(Schema.record(Map.of()))).isEqualTo("{\"type\":\"object\"}");
    assertThat(json(Schema.tuple(List.of()))).isEqualTo("{\"items\":false,\"type\":\"array\"}");
    assertThat(json(Schema.tuple(List.of(Schema.string())))).isEqualTo(
        "{\"items\":false,\"prefixItems\":[{\"type\":\"string\"}],\"type\":\"array\"}");
    assertThat(json(Schema.array(Schema.always()))).isEqualTo("{\"items\":true,\"type\":\"array\"}");
    assertThat(json(Schema.object(Schema.always())))
        .isEqualTo("{\"additionalProperties\":true,\"type\":\"object\"}");
    assertThat(json(Schema.oneOf(Schema.string(), Schema.nullType()))).isEqualTo(
        "{\"oneOf\":[{\"type\":\"string\"},{\"type\":\"null\"}],\"type\":\"\"}");
    assertThat(json(Schema.anyOf(Schema.string()))).isEqualTo(
        "{\"anyOf\":[{\"type\":\"string\"}],\"type\":\"\"}");
  }

  @Test
  void recordRequiredIsSortedByCodePoint() {
    Map<String, Schema> props = new LinkedHashMap<>();
    props.put("\uFF41", Schema.string());
    props.put("\uD83D\uDE00", Schema.string());
    props.put("Z", Schema.string());
    assertThat(Schema.record(props).required()).containsExactly("Z", "\uFF41", "\uD83D\uDE00");
  }

  @Test
  void schemaProviderDocumentRoundTrips() throws SchemaException {
    EscValue doc = SchemaParser.parseJson(SCHEMA_PROVIDER);
    Schema s = Schema.fromValue(doc);
    assertThat(s.toValue()).isEqualTo(doc);
    assertThat(s.type()).isEqualTo("object");
    assertThat(s.properties().get("ref").refTarget()).isSameAs(s.defs().get("defRecord"));
  }

  @Test
  void everyKeywordRoundTrips() {
    String doc = "{\"$defs\":{\"d\":{\"type\":\"string\"}},\"$ref\":\"#/$defs/d\","
        + "\"additionalProperties\":false,\"anyOf\":[true],\"const\":{\"a\":[1.50,null]},"
        + "\"default\":[1],\"dependentRequired\":{\"a\":[\"b\",\"c\"]},\"deprecated\":true,"
        + "\"description\":\"d\",\"enum\":[1,\"x\",null],\"examples\":[\"e\"],"
        + "\"exclusiveMaximum\":5,\"exclusiveMinimum\":-1e3,\"items\":{\"type\":\"number\"},"
        + "\"maxItems\":3,\"maxLength\":4,\"maxProperties\":5,\"maximum\":2.5,"
        + "\"minItems\":1,\"minLength\":0,\"minProperties\":0,\"minimum\":0.0,"
        + "\"multipleOf\":0.5,\"oneOf\":[false],\"pattern\":\"^a\",\"prefixItems\":[true],"
        + "\"properties\":{\"p\":true},\"required\":[\"p\"],\"rotateOnly\":[\"p\"],"
        + "\"secret\":true,\"title\":\"t\",\"type\":\"x\",\"uniqueItems\":true}";
    assertThat(json(parse(doc))).isEqualTo(doc);
    assertThat(parse(doc).rotateOnly()).containsExactly("p");
  }

  @Test
  void emptyAndNullKeywordsAreOmitted() {
    assertThat(json(parse("{}"))).isEqualTo("{\"type\":\"\"}");
    assertThat(json(parse("{\"anyOf\":[],\"properties\":{},\"required\":[],\"const\":null,"
        + "\"items\":null,\"pattern\":\"\",\"type\":null,\"unknownKeyword\":1,"
        + "\"uniqueItems\":false}")))
        .isEqualTo("{\"type\":\"\"}");
    // false constants are kept
    assertThat(json(parse("{\"const\":false}"))).isEqualTo("{\"const\":false,\"type\":\"\"}");
  }

  @Test
  void secretFlagsAreStrippedFromConstants() throws SchemaException {
    EscValue doc = EscValue.Obj.of(Map.of("const", EscValue.Str.of("x").withSecret(true)));
    assertThat(Schema.fromValue(doc).constValue()).isEqualTo(EscValue.Str.of("x"));
  }

  @Test
  void referenceErrors() {
    assertThat(errorOf("{\"$ref\":\"http://x/y\"}"))
        .isEqualTo("only fragment references of the form #/$defs/ref are supported");
    assertThat(errorOf("{\"$ref\":\"#/definitions/x\"}"))
        .isEqualTo("only fragment references of the form #/$defs/ref are supported");
    assertThat(errorOf("{\"$defs\":{\"a\":{}},\"$ref\":\"#/$defs/a/b\"}"))
        .isEqualTo("only fragment references of the form #/$defs/ref are supported");
    assertThat(errorOf("{\"$ref\":\"#/$defs/missing\"}"))
        .isEqualTo("unknown subschema #/$defs/missing");
    assertThat(errorOf("{\"properties\":{\"a\":{\"$ref\":\"#/$defs/nope\"}}}"))
        .isEqualTo("unknown subschema #/$defs/nope");
    assertThat(errorOf("{\"$ref\":\"#/$defs/%zz\"}")).isEqualTo("invalid URL escape \"%zz\"");
    assertThat(errorOf("{\"$ref\":\"#/$defs/a%2\"}")).isEqualTo("invalid URL escape \"%2\"");
  }

  @Test
  void referencesAreUnescapedAndMayRecurse() {
    Schema s = parse("{\"$defs\":{\"a b\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/a%20b\"}}},"
        + "\"$ref\":\"#/$defs/a%20b\"}");
    Schema target = s.refTarget();
    assertThat(target.type()).isEqualTo("array");
    assertThat(target.items().refTarget()).isSameAs(target);
  }

  @Test
  void unreferencedDefinitionsAreNotResolved() {
    assertThat(errorOf("{\"$defs\":{\"a\":{\"$ref\":\"#/$defs/nope\"}}}")).isNull();
  }

  @Test
  void keywordTypeErrors() {
    assertThat(errorOf("{\"type\":1}"))
        .isEqualTo("json: cannot unmarshal number into Go struct field rawSchema.type of type string");
    assertThat(errorOf("{\"minimum\":true}")).isEqualTo(
        "json: cannot unmarshal bool into Go struct field rawSchema.minimum of type json.Number");
    assertThat(errorOf("{\"required\":\"a\"}"))
        .isEqualTo("json: cannot unmarshal string into Go struct field rawSchema.required of type []string");
    assertThat(errorOf("{\"items\":\"a\"}"))
        .isEqualTo("json: cannot unmarshal string into Go value of type schema.rawSchema");
    assertThat(errorOf("\"a\"")).isEqualTo("json: cannot unmarshal string into Go value of type schema.rawSchema");
    assertThat(errorOf("{\"secret\":1}")).isNotNull();
    assertThat(errorOf("{\"rotateOnly\":true}")).isNotNull();
    assertThat(errorOf("{\"dependentRequired\":{\"a\":\"b\"}}")).isNotNull();
    assertThat(errorOf("{\"properties\":[]}")).isNotNull();
    assertThat(errorOf("{\"anyOf\":{}}")).isNotNull();
    assertThat(errorOf("{\"enum\":1}")).isNotNull();
  }

  @Test
  void numericKeywordErrors() {
    assertThat(errorOf("{\"maxLength\":1.5}"))
        .isEqualTo("strconv.ParseUint: parsing \"1.5\": invalid syntax");
    assertThat(errorOf("{\"minItems\":-1}"))
        .isEqualTo("strconv.ParseUint: parsing \"-1\": invalid syntax");
    assertThat(errorOf("{\"maxProperties\":99999999999999999999999}"))
        .isEqualTo("strconv.ParseUint: parsing \"99999999999999999999999\": value out of range");
    assertThat(errorOf("{\"minimum\":\"2\"}")).isNull(); // json.Number takes numeric strings
    assertThat(errorOf("{\"minimum\":\"two\"}")).startsWith("json: invalid number literal");
  }

  @Test
  void patternErrors() {
    assertThat(errorOf("{\"pattern\":\"(\"}")).startsWith("error parsing regexp: ");
    assertThat(errorOf("{\"pattern\":\"^foo[0-9]+$\"}")).isNull();
  }

  @Test
  void builderRejectsInvalidKeywords() {
    assertThatThrownBy(() -> Schema.builder().maxLength("x").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Schema.builder().pattern("[").build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void jsonSyntaxErrors() {
    assertThat(errorOf("{")).isNotNull();
    assertThat(errorOf("")).isNotNull();
    assertThat(errorOf("true false")).isNotNull();
  }

  @Test
  void topLevelNullIsNever() throws SchemaException {
    assertThat(Schema.fromValue(EscValue.Null.INSTANCE).isNever()).isTrue();
  }

  // -------------------------------------------------------------- derived sub-schemas

  @Test
  void propertyDerivation() {
    Schema s = parse(SCHEMA_PROVIDER);
    assertThat(json(s.property("hello"))).isEqualTo("{\"const\":\"hello\",\"type\":\"string\"}");
    assertThat(s.property("missing").isNever()).isTrue();
    assertThat(s.property("never").isNever()).isTrue();
    assertThat(s.property("always").isAlways()).isTrue();
    assertThat(s.property("map").property("anything").isAlways()).isTrue();
    assertThat(json(s.property("record").property("foo"))).isEqualTo("{\"type\":\"string\"}");
    assertThat(s.property("string").property("x").isNever()).isTrue();
    // the reference's union: always has no type, so its properties are false
    assertThat(Schema.always().property("x").isNever()).isTrue();
  }

  @Test
  void propertyDerivationThroughUnions() {
    Schema a = parse("{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\"}}}");
    Schema b = parse("{\"type\":\"object\",\"additionalProperties\":{\"type\":\"number\"}}");
    Schema c = parse("{\"type\":\"string\"}");
    Schema u = Schema.oneOf(a, b, c);
    assertThat(json(u.property("x"))).isEqualTo(
        "{\"oneOf\":[{\"type\":\"string\"},{\"type\":\"number\"}],\"type\":\"\"}");
    assertThat(json(u.property("y"))).isEqualTo("{\"type\":\"number\"}");
    assertThat(Schema.anyOf(c).property("y").isNever()).isTrue();
    assertThat(json(Schema.anyOf(a, Schema.oneOf(a)).property("x"))).isEqualTo(
        "{\"oneOf\":[{\"type\":\"string\"},{\"type\":\"string\"}],\"type\":\"\"}");
  }

  @Test
  void itemDerivation() {
    Schema s = parse(SCHEMA_PROVIDER);
    Schema tuple = s.property("tuple");
    assertThat(tuple.prefixItemsCount()).isEqualTo(2);
    assertThat(tuple.itemsNever()).isTrue();
    assertThat(json(tuple.item(0))).isEqualTo("{\"const\":\"hello\",\"type\":\"string\"}");
    assertThat(tuple.item(2).isNever()).isTrue();
    assertThat(s.property("array").item(5).isAlways()).isTrue();
    assertThat(s.property("array").itemsNever()).isFalse();
    assertThat(s.property("minItems").item(0).isNever()).isTrue(); // no items keyword
    assertThat(s.property("string").item(0).isNever()).isTrue();
    assertThat(json(Schema.oneOf(tuple, Schema.array(Schema.number())).item(1))).isEqualTo(
        "{\"oneOf\":[{\"const\":\"world\",\"type\":\"string\"},{\"type\":\"number\"}],\"type\":\"\"}");
  }

  // -------------------------------------------------------------- merging

  @Test
  void mergeTopWinsUnlessBothObjects() {
    Schema obj = Schema.record(Map.of("a", Schema.string()));
    assertThat(Schema.merged(null, obj)).isSameAs(obj);
    assertThat(Schema.merged(obj, Schema.string())).isEqualTo(Schema.merged(obj, Schema.string()));
    Schema s = Schema.string();
    assertThat(Schema.merged(obj, s)).isSameAs(s);
    assertThat(Schema.merged(s, obj)).isSameAs(obj);
    assertThat(Schema.merged(Schema.always(), obj)).isSameAs(obj);
    assertThat(Schema.merged(obj, Schema.always())).isSameAs(Schema.always());
  }

  @Test
  void mergeObjects() {
    Schema base = Schema.record(Map.of(
        "a", Schema.string(),
        "n", Schema.record(Map.of("x", Schema.number()))));
    Schema top = Schema.record(Map.of(
        "b", Schema.bool(),
        "n", Schema.record(Map.of("y", Schema.nullType()))));
    assertThat(json(Schema.merged(base, top))).isEqualTo(
        "{\"properties\":{\"a\":{\"type\":\"string\"},\"b\":{\"type\":\"boolean\"},"
            + "\"n\":{\"properties\":{\"x\":{\"type\":\"number\"},\"y\":{\"type\":\"null\"}},"
            + "\"required\":[\"x\",\"y\"],\"type\":\"object\"}},"
            + "\"required\":[\"a\",\"b\",\"n\"],\"type\":\"object\"}");
  }

  @Test
  void mergeAdditionalProperties() {
    Schema withS = Schema.object(Schema.string());
    Schema withN = Schema.object(Schema.number());
    Schema none = Schema.record(Map.of());
    assertThat(json(Schema.merged(withS, none)))
        .isEqualTo("{\"additionalProperties\":{\"type\":\"string\"},\"type\":\"object\"}");
    assertThat(json(Schema.merged(none, withN)))
        .isEqualTo("{\"additionalProperties\":{\"type\":\"number\"},\"type\":\"object\"}");
    assertThat(json(Schema.merged(withS, withN)))
        .isEqualTo("{\"additionalProperties\":true,\"type\":\"object\"}");
  }
}
