package io.esc4j.internal.schema;

import static io.esc4j.internal.schema.TestValue.arr;
import static io.esc4j.internal.schema.TestValue.bool;
import static io.esc4j.internal.schema.TestValue.nul;
import static io.esc4j.internal.schema.TestValue.num;
import static io.esc4j.internal.schema.TestValue.obj;
import static io.esc4j.internal.schema.TestValue.str;
import static io.esc4j.internal.schema.TestValue.unknown;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidatorTest {
  private final List<String> errors = new ArrayList<>();

  private boolean validate(Validatable v, Schema accept) {
    return Validator.validate(v, accept, (loc, msg) -> errors.add(loc + ": " + msg));
  }

  private static Schema s(String json) {
    return SchemaTest.parse(json);
  }

  // -------------------------------------------------------------- trivial schemas

  @Test
  void alwaysAndAbsentAcceptEverything() {
    assertThat(validate(num("v", "1"), Schema.always())).isTrue();
    assertThat(validate(num("v", "1"), null)).isTrue();
    assertThat(validate(unknown("v", Schema.never()), Schema.always())).isTrue();
    assertThat(validate(num("v", "1"), s("{}"))).isTrue();
    assertThat(errors).isEmpty();
  }

  @Test
  void neverFailsSilently() {
    assertThat(validate(num("v", "1"), Schema.never())).isFalse();
    assertThat(validate(unknown("v", Schema.always()), Schema.never())).isFalse();
    assertThat(errors).isEmpty();
  }

  // -------------------------------------------------------------- type

  @Test
  void typeMismatchNamesBothTypes() {
    validate(nul("a"), Schema.string());
    validate(bool("b", true), Schema.string());
    validate(num("c", "1"), Schema.string());
    validate(str("d", "x"), Schema.number());
    validate(arr("e"), Schema.string());
    validate(obj("f"), Schema.string());
    validate(str("g", "x"), s("{\"type\":\"integer\"}"));
    assertThat(errors).containsExactly(
        "a: expected string, got null",
        "b: expected string, got boolean",
        "c: expected string, got number",
        "d: expected number, got string",
        "e: expected string, got array",
        "f: expected string, got object",
        "g: expected integer, got string");
  }

  @Test
  void typeMismatchSkipsTypeSpecificChecks() {
    assertThat(validate(str("v", ""), s("{\"type\":\"number\",\"minimum\":1,\"minLength\":3}")))
        .isFalse();
    assertThat(errors).containsExactly("v: expected number, got string");
  }

  @Test
  void typeSpecificChecksApplyWithoutType() {
    assertThat(validate(str("v", ""), s("{\"minimum\":1,\"minLength\":3}"))).isFalse();
    assertThat(errors).containsExactly("v: expected a string of at least length 3");
  }

  // -------------------------------------------------------------- const and enum

  @Test
  void constScalars() {
    assertThat(validate(str("a", "hello"), Schema.stringConst("hello"))).isTrue();
    assertThat(validate(str("a", "world"), Schema.stringConst("hello"))).isFalse();
    assertThat(validate(num("b", "1"), Schema.numberConst("1.0"))).isFalse();
    assertThat(validate(num("b", "1.0"), Schema.numberConst("1.0"))).isTrue();
    assertThat(validate(bool("c", true), Schema.boolConst(false))).isFalse();
    assertThat(validate(str("d", "x"), s("{\"const\":\"<a&b>\"}"))).isFalse();
    assertThat(errors).containsExactly(
        "a: expected \"hello\"",
        "b: expected 1.0",
        "c: expected false",
        "d: expected \"\\u003ca\\u0026b\\u003e\"");
  }

  @Test
  void constContainers() {
    Schema arrayConst = s("{\"type\":\"array\",\"const\":[\"hello\",42,null]}");
    assertThat(validate(arr("a", str("x", "hello"), num("y", "42"), nul("z")), arrayConst)).isTrue();
    assertThat(validate(arr("b", str("x", "hello"), num("y", "42")), arrayConst)).isFalse();
    assertThat(validate(arr("c", str("x", "hello"), num("y", "42.0"), nul("z")), arrayConst))
        .isFalse();
    Schema objConst = s("{\"const\":{\"hello\":\"world\",\"n\":{\"a\":[]}}}");
    assertThat(validate(obj("d", "hello", str("x", "world"), "n", obj("y", "a", arr("z"))),
        objConst)).isTrue();
    assertThat(validate(obj("e", "hello", str("x", "world")), objConst)).isFalse();
    assertThat(validate(obj("f", "hello", str("x", "world"), "n", obj("y", "a", arr("z")),
        "extra", nul("w")), objConst)).isFalse();
    assertThat(validate(str("g", "hello"), objConst)).isFalse();
    assertThat(errors).containsExactly(
        "b: expected [\"hello\",42,null]",
        "c: expected [\"hello\",42,null]",
        "e: expected {\"hello\":\"world\",\"n\":{\"a\":[]}}",
        "f: expected {\"hello\":\"world\",\"n\":{\"a\":[]}}",
        "g: expected {\"hello\":\"world\",\"n\":{\"a\":[]}}");
  }

  @Test
  void constNullIsAbsent() {
    assertThat(validate(str("a", "x"), s("{\"const\":null}"))).isTrue();
  }

  @Test
  void enumWording() {
    Schema e = s("{\"type\":\"string\",\"enum\":[\"foo\",\"bar\"]}");
    assertThat(validate(str("a", "foo"), e)).isTrue();
    assertThat(validate(str("b", "baz"), e)).isFalse();
    assertThat(validate(num("c", "1"), s("{\"enum\":[1.0]}"))).isFalse();
    assertThat(validate(nul("d"), s("{\"enum\":[null,1]}"))).isTrue();
    assertThat(validate(num("e", "2"), s("{\"enum\":[null,1]}"))).isFalse();
    assertThat(errors).containsExactly(
        "b: expected one of [\"foo\",\"bar\"]",
        "c: expected 1.0",
        "e: expected one of [null,1]");
  }

  // -------------------------------------------------------------- numbers

  @Test
  void numberBounds() {
    validate(num("mult", "3.14"), s("{\"multipleOf\":2}"));
    validate(num("min", "0"), s("{\"minimum\":1}"));
    validate(num("xmin", "1"), s("{\"exclusiveMinimum\":1}"));
    validate(num("max", "2"), s("{\"maximum\":1}"));
    validate(num("xmax", "1"), s("{\"exclusiveMaximum\":1}"));
    assertThat(errors).containsExactly(
        "mult: expected a multiple of 2",
        "min: expected a number greater than or equal to 1",
        "xmin: expected a number greater than 1",
        "max: expected a number less than or equal to1",
        "xmax: expected a number less than 1");
  }

  @Test
  void numberBoundsPass() {
    assertThat(validate(num("a", "4"), s("{\"multipleOf\":2}"))).isTrue();
    assertThat(validate(num("a", "0.3"), s("{\"multipleOf\":0.1}"))).isTrue();
    assertThat(validate(num("a", "1e3"), s("{\"multipleOf\":10}"))).isTrue();
    assertThat(validate(num("a", "1"), s("{\"minimum\":1.0,\"maximum\":1}"))).isTrue();
    assertThat(validate(num("a", "1.5"), s("{\"exclusiveMinimum\":1,\"exclusiveMaximum\":2}")))
        .isTrue();
    assertThat(validate(num("a", "100000000000000000000001"),
        s("{\"exclusiveMinimum\":100000000000000000000000}"))).isTrue();
    assertThat(errors).isEmpty();
  }

  @Test
  void allNumberChecksReport() {
    assertThat(validate(num("v", "5"), s("{\"type\":\"number\",\"multipleOf\":2,\"maximum\":4,"
        + "\"exclusiveMaximum\":5,\"minimum\":6,\"exclusiveMinimum\":7}"))).isFalse();
    assertThat(errors).containsExactly(
        "v: expected a multiple of 2",
        "v: expected a number greater than or equal to 6",
        "v: expected a number greater than 7",
        "v: expected a number less than or equal to4",
        "v: expected a number less than 5");
  }

  @Test
  void boundsArePrintedAsWritten() {
    validate(num("v", "0"), s("{\"minimum\":1.50,\"multipleOf\":1e-1}"));
    validate(num("w", "1"), s("{\"multipleOf\":0}"));
    assertThat(errors).containsExactly(
        "v: expected a number greater than or equal to 1.50",
        "w: expected a multiple of 0");
  }

  // -------------------------------------------------------------- strings

  @Test
  void stringLengthsCountBytes() {
    assertThat(validate(str("a", "é"), s("{\"maxLength\":1}"))).isFalse();
    assertThat(validate(str("b", "é"), s("{\"minLength\":2,\"maxLength\":2}"))).isTrue();
    assertThat(validate(str("c", ""), s("{\"minLength\":1}"))).isFalse();
    assertThat(errors).containsExactly(
        "a: expected a string of at most length 1",
        "c: expected a string of at least length 1");
  }

  @Test
  void patternIsAnUnanchoredSearch() {
    assertThat(validate(str("a", "xx foo42 yy"), s("{\"pattern\":\"foo[0-9]+\"}"))).isTrue();
    assertThat(validate(str("b", "esc"), s("{\"pattern\":\"^foo[0-9]+$\"}"))).isFalse();
    assertThat(validate(str("c", "a"), s("{\"pattern\":\"\\\\d\\\"\"}"))).isFalse();
    assertThat(errors).containsExactly(
        "b: string must match the pattern \"^foo[0-9]+$\"",
        "c: string must match the pattern \"\\\\d\\\"\"");
  }

  @Test
  void allStringChecksReport() {
    assertThat(validate(str("v", "abc"), s("{\"minLength\":4,\"maxLength\":2,\"pattern\":\"^z\"}")))
        .isFalse();
    assertThat(errors).containsExactly(
        "v: expected a string of at least length 4",
        "v: expected a string of at most length 2",
        "v: string must match the pattern \"^z\"");
  }

  // -------------------------------------------------------------- arrays

  @Test
  void arrayCounts() {
    validate(arr("a", num("a0", "1")), s("{\"minItems\":3}"));
    validate(arr("b", num("b0", "1"), num("b1", "1"), num("b2", "1")), s("{\"maxItems\":2}"));
    assertThat(errors).containsExactly(
        "a: expected an array with at least 3 items",
        "b: expected an array with at most 2 items");
  }

  @Test
  void elementsAreReportedAtTheirOwnLocation() {
    Schema tuple = Schema.tuple(List.of(Schema.string(), Schema.number()));
    assertThat(validate(arr("t", num("t0", "1"), str("t1", "x")), tuple)).isFalse();
    assertThat(errors).containsExactly(
        "t0: expected string, got number",
        "t1: expected number, got string");
  }

  @Test
  void extraElementsAgainstFalseFailSilently() {
    Schema tuple = Schema.tuple(List.of(Schema.string()));
    assertThat(validate(arr("t", str("t0", "x"), str("t1", "y")), tuple)).isFalse();
    assertThat(errors).isEmpty();
  }

  @Test
  void itemsApplyAfterPrefixItems() {
    Schema schema = s("{\"prefixItems\":[{\"type\":\"string\"}],\"items\":{\"type\":\"number\"}}");
    assertThat(validate(arr("a", str("a0", "x"), num("a1", "1"), str("a2", "y")), schema))
        .isFalse();
    assertThat(validate(arr("b", num("b0", "1")), s("{\"type\":\"array\"}"))).isTrue();
    assertThat(errors).containsExactly("a2: expected number, got string");
  }

  // -------------------------------------------------------------- objects

  @Test
  void objectCounts() {
    validate(obj("a"), s("{\"minProperties\":1}"));
    validate(obj("b", "x", nul("bx"), "y", nul("by")), s("{\"maxProperties\":1}"));
    assertThat(errors).containsExactly(
        "a: expected an object with at least 1 properties",
        "b: expected an object with at most 1 properties");
  }

  @Test
  void propertiesAreReportedAtTheirOwnLocation() {
    Schema schema = s("{\"properties\":{\"a\":{\"type\":\"string\"}},"
        + "\"additionalProperties\":{\"type\":\"boolean\"}}");
    assertThat(validate(obj("o", "a", num("oa", "1"), "b", num("ob", "2"), "c", bool("oc", true)),
        schema)).isFalse();
    assertThat(errors).containsExactly(
        "oa: expected string, got number",
        "ob: expected boolean, got number");
  }

  @Test
  void absentAdditionalPropertiesAcceptsAnything() {
    assertThat(validate(obj("o", "z", num("oz", "1")), Schema.record(Map.of()))).isTrue();
    assertThat(validate(obj("o", "z", num("oz", "1")), Schema.object(Schema.never()))).isFalse();
    assertThat(errors).isEmpty();
  }

  @Test
  void missingRequiredPropertiesAreListedOnce() {
    Schema schema = s("{\"required\":[\"b\",\"a\",\"c\"],"
        + "\"dependentRequired\":{\"c\":[\"d\",\"e\"],\"x\":[\"y\"],\"z\":[\"a\"]}}");
    assertThat(validate(obj("o", "c", nul("oc"), "e", nul("oe"), "z", nul("oz")), schema))
        .isFalse();
    assertThat(errors).containsExactly("o: missing required properties: b, a, d, a");
  }

  @Test
  void everyObjectCheckReports() {
    Schema schema = s("{\"type\":\"object\",\"minProperties\":3,\"required\":[\"q\"],"
        + "\"properties\":{\"a\":{\"type\":\"string\"}}}");
    assertThat(validate(obj("o", "a", num("oa", "1")), schema)).isFalse();
    assertThat(errors).containsExactly(
        "o: expected an object with at least 3 properties",
        "oa: expected string, got number",
        "o: missing required properties: q");
  }

  @Test
  void nestedErrorsReportAtTheInnermostValue() {
    Schema schema = s("{\"properties\":{\"a\":{\"items\":{\"properties\":{\"b\":"
        + "{\"type\":\"string\"}},\"required\":[\"c\"]}}}}");
    assertThat(validate(obj("o", "a", arr("oa", obj("oa0", "b", num("oa0b", "1")))), schema))
        .isFalse();
    assertThat(errors).containsExactly(
        "oa0b: expected string, got number",
        "oa0: missing required properties: c");
  }

  // -------------------------------------------------------------- $ref, anyOf, oneOf

  @Test
  void referencesAreFollowed() {
    Schema schema = s("{\"$defs\":{\"r\":{\"type\":\"object\",\"required\":[\"baz\"]}},"
        + "\"properties\":{\"p\":{\"$ref\":\"#/$defs/r\"}}}");
    assertThat(validate(obj("o", "p", obj("op")), schema)).isFalse();
    assertThat(validate(obj("o", "p", str("op2", "x")), schema)).isFalse();
    assertThat(errors).containsExactly(
        "op: missing required properties: baz",
        "op2: expected object, got string");
  }

  @Test
  void recursiveReferences() {
    Schema schema = s("{\"$defs\":{\"list\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/list\"}}},"
        + "\"$ref\":\"#/$defs/list\"}");
    assertThat(validate(arr("a", arr("a0", arr("a00"))), schema)).isTrue();
    assertThat(validate(arr("b", arr("b0", num("b00", "1"))), schema)).isFalse();
    assertThat(errors).containsExactly("b00: expected array, got number");
  }

  @Test
  void builderReferencesAreBoundAtValidation() {
    Schema schema = Schema.builder()
        .defs(Map.of("s", Schema.string()))
        .properties(Map.of("p", Schema.builder().ref("#/$defs/s").build()))
        .build();
    assertThat(validate(obj("o", "p", num("op", "1")), schema)).isFalse();
    Schema broken = Schema.builder().ref("#/$defs/none").build();
    assertThat(validate(num("x", "1"), broken)).isFalse();
    assertThat(errors).containsExactly(
        "op: expected string, got number",
        "x: internal error: invalid schema: unknown subschema #/$defs/none");
  }

  @Test
  void anyOfReportsEveryBranchThenSummary() {
    Schema schema = Schema.anyOf(Schema.string(), Schema.number());
    assertThat(validate(str("a", "x"), schema)).isTrue();
    assertThat(validate(num("a", "1"), schema)).isTrue();
    assertThat(validate(bool("b", false), schema)).isFalse();
    assertThat(errors).containsExactly(
        "b: expected string, got boolean",
        "b: expected number, got boolean",
        "b: at least one subschema must match");
  }

  @Test
  void oneOfReportsEveryBranchThenSummary() {
    Schema schema = Schema.oneOf(Schema.string(), Schema.number());
    assertThat(validate(num("a", "1"), schema)).isTrue();
    assertThat(validate(bool("b", false), schema)).isFalse();
    assertThat(errors).containsExactly(
        "b: expected string, got boolean",
        "b: expected number, got boolean",
        "b: exactly one subschema must match");
  }

  @Test
  void oneOfRejectsSeveralMatches() {
    Schema schema = Schema.oneOf(Schema.number(), Schema.string(), s("{\"minimum\":0}"),
        Schema.never());
    assertThat(validate(num("a", "1"), schema)).isFalse();
    assertThat(errors).containsExactly("a: exactly one subschema may match");
  }

  @Test
  void unionsAndOtherKeywordsAllReport() {
    Schema schema = Schema.builder().type("number").anyOf(List.of(Schema.bool()))
        .constValue(io.esc4j.EscValue.Str.of("k")).build();
    assertThat(validate(str("v", "x"), schema)).isFalse();
    assertThat(errors).containsExactly(
        "v: expected boolean, got string",
        "v: at least one subschema must match",
        "v: expected \"k\"",
        "v: expected number, got string");
  }

  @Test
  void rotateStateExample() {
    // fn::rotate::echo state: oneOf(stateSchema, null), state literal {previous: "..."}
    Schema state = s("{\"type\":\"object\",\"properties\":{\"current\":{\"type\":\"string\"},"
        + "\"previous\":{\"type\":\"string\"}},\"required\":[\"current\"]}");
    Schema accept = Schema.oneOf(state, Schema.nullType());
    assertThat(validate(obj("state", "previous", str("state.previous", "missing current!")),
        accept)).isFalse();
    assertThat(errors).containsExactly(
        "state: missing required properties: current",
        "state: expected null, got object",
        "state: exactly one subschema must match");
  }

  // -------------------------------------------------------------- unknown values

  @Test
  void unknownAgainstCompatibleSchemas() {
    assertThat(validate(unknown("u", Schema.always()), Schema.string())).isTrue();
    assertThat(validate(unknown("u", Schema.string()), Schema.string())).isTrue();
    assertThat(validate(unknown("u", Schema.stringConst("x")), s("{\"type\":\"string\","
        + "\"enum\":[\"y\"],\"minLength\":5,\"pattern\":\"^z\"}"))).isTrue();
    assertThat(validate(unknown("u", s("{}")), Schema.number())).isTrue();
    assertThat(validate(unknown("u", Schema.number()), s("{\"minimum\":3}"))).isTrue();
    assertThat(errors).isEmpty();
  }

  @Test
  void unknownNeverFailsSilently() {
    assertThat(validate(unknown("u", Schema.never()), Schema.string())).isFalse();
    assertThat(errors).isEmpty();
  }

  @Test
  void unknownTypeMismatch() {
    assertThat(validate(unknown("u", Schema.nullType()), Schema.bool())).isFalse();
    assertThat(errors).containsExactly("u: expected boolean, got null");
  }

  @Test
  void unknownMissingRequiredPropertyWording() {
    Schema accept = s("{\"type\":\"object\",\"properties\":{\"foo\":{\"type\":\"string\"},"
        + "\"bar\":{\"type\":\"number\"}},\"required\":[\"a\",\"b\"],"
        + "\"dependentRequired\":{\"foo\":[\"bar\"],\"zzz\":[\"q\"]}}");
    Schema x = Schema.record(Map.of("foo", Schema.string(), "a", Schema.string()));
    assertThat(validate(unknown("u", x), accept)).isFalse();
    assertThat(errors).containsExactly(
        "u: b: missing required property",
        "u: bar: missing required property");
  }

  @Test
  void unknownWithAdditionalPropertiesSkipsRequired() {
    Schema accept = s("{\"type\":\"object\",\"required\":[\"a\"],"
        + "\"additionalProperties\":{\"type\":\"string\"}}");
    assertThat(validate(unknown("u", Schema.object(Schema.string())), accept)).isTrue();
    assertThat(validate(unknown("v", Schema.object(Schema.number())), accept)).isFalse();
    // additionalProperties false on the value's side: nothing is checked
    assertThat(validate(unknown("w", Schema.object(Schema.never())), accept)).isTrue();
    assertThat(validate(unknown("z", Schema.record(Map.of())), accept)).isFalse();
    assertThat(errors).containsExactly(
        "v: expected string, got number",
        "z: a: missing required property");
  }

  @Test
  void unknownPropertyPathsNest() {
    Schema accept = s("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"object\","
        + "\"properties\":{\"with-hyphen\":{\"type\":\"array\",\"prefixItems\":"
        + "[{\"type\":\"string\"}]}},\"required\":[\"0lead\"]}}}");
    Schema x = Schema.record(Map.of("a", Schema.record(Map.of(
        "with-hyphen", Schema.tuple(List.of(Schema.number()))))));
    assertThat(validate(unknown("u", x), accept)).isFalse();
    assertThat(errors).containsExactly(
        "u: a[\"with-hyphen\"][0]: expected string, got number",
        "u: a[\"0lead\"]: missing required property");
  }

  @Test
  void unknownPropertiesAgainstAdditionalProperties() {
    Schema accept = Schema.object(Schema.string());
    Schema x = Schema.record(Map.of("k", Schema.number(), "ok", Schema.string()));
    assertThat(validate(unknown("u", x), accept)).isFalse();
    assertThat(errors).containsExactly("u: k: expected string, got number");
  }

  @Test
  void unknownArrays() {
    Schema triple = Schema.tuple(List.of(Schema.string(), Schema.number(), Schema.bool()));
    Schema dbl = Schema.tuple(List.of(Schema.string(), Schema.number()));
    assertThat(validate(unknown("a", triple), dbl)).isFalse(); // extra prefix item vs false
    assertThat(validate(unknown("b", dbl), triple)).isFalse(); // missing item: items false
    assertThat(errors).isEmpty();
    assertThat(validate(unknown("c", Schema.array(Schema.number())), Schema.tuple(
        List.of(Schema.string())))).isFalse();
    assertThat(validate(unknown("d", Schema.tuple(List.of(Schema.string(), Schema.number()))),
        Schema.array(Schema.string()))).isFalse();
    assertThat(validate(unknown("e", Schema.array(Schema.number())),
        Schema.array(Schema.string()))).isFalse();
    assertThat(validate(unknown("f", Schema.array(Schema.string())),
        s("{\"type\":\"array\",\"minItems\":3}"))).isTrue();
    assertThat(errors).containsExactly(
        "c: [0]: expected string, got number",
        "d: [1]: expected string, got number",
        "e: expected string, got number");
  }

  @Test
  void unknownUnionsOnEitherSide() {
    Schema union = Schema.anyOf(Schema.string(), Schema.number());
    assertThat(validate(unknown("a", Schema.bool()), union)).isFalse();
    assertThat(validate(unknown("b", Schema.bool()), Schema.oneOf(Schema.string(),
        Schema.number()))).isFalse();
    assertThat(validate(unknown("c", Schema.oneOf(Schema.string(), Schema.nullType())),
        Schema.string())).isTrue();
    assertThat(validate(unknown("d", Schema.anyOf(Schema.bool(), Schema.nullType())),
        Schema.string())).isFalse();
    assertThat(validate(unknown("e", Schema.string()), union)).isTrue();
    assertThat(errors).containsExactly(
        "a: expected string, got boolean",
        "a: expected number, got boolean",
        "a: at least one subschema must match",
        "b: expected string, got boolean",
        "b: expected number, got boolean",
        "b: at least one subschema must match",
        "d: expected string, got boolean",
        "d: expected string, got null",
        "d: at least one subschema must match");
  }

  @Test
  void unknownReferencesOnEitherSide() {
    Schema withDefs = s("{\"$defs\":{\"s\":{\"type\":\"string\"}},\"$ref\":\"#/$defs/s\"}");
    assertThat(validate(unknown("a", Schema.number()), withDefs)).isFalse();
    assertThat(validate(unknown("b", withDefs), Schema.number())).isFalse();
    assertThat(validate(unknown("c", withDefs), Schema.string())).isTrue();
    assertThat(errors).containsExactly(
        "a: expected string, got number",
        "b: expected number, got string");
  }

  @Test
  void unknownInsideKnownContainer() {
    Schema accept = Schema.record(Map.of("a", Schema.string()));
    assertThat(validate(obj("o", "a", unknown("oa", Schema.number())), accept)).isFalse();
    assertThat(errors).containsExactly("oa: expected string, got number");
  }

  @Test
  void validateSchemaEntryPoint() {
    List<String> out = new ArrayList<>();
    assertThat(Validator.validateSchema(Schema.number(), Schema.string(), "L",
        (loc, msg) -> out.add(loc + ": " + msg))).isFalse();
    assertThat(out).containsExactly("L: expected string, got number");
  }

  // -------------------------------------------------------------- conformance: schema-error

  private static final String[][] SOURCE = {
      {"null", "null"}, {"boolean", "true"}, {"false", "false"}, {"true", "true"},
      {"number", "42"}, {"pi", "3.14"}, {"string", "\"esc\""}, {"hello", "\"hello\""},
      {"array", "[2,\"items\",{\"some\":\"object\"},[\"array\"]]"},
      {"tuple", "[\"hello\",\"world\"]"}, {"map", "{\"hello\":\"world\",\"blue\":42}"},
      {"record", "{\"foo\":\"bar\"}"}, {"anyOf", "\"hello\""}, {"oneOf", "42"},
      {"ref", "{\"baz\":\"qux\"}"}, {"const-array", "[\"hello\",42]"},
      {"const-object", "{\"hello\":\"world\"}"}, {"enum", "\"foo\""}, {"always", "{}"},
      {"double", "[\"hello\",42]"}, {"triple", "[\"hello\",42,true]"},
      {"dependentReq", "{\"foo\":\"bar\",\"bar\":42}"}, {"multiple", "4"}, {"minimum", "1"},
      {"exclusiveMinimum", "2"}, {"maximum", "1"}, {"exclusiveMaximum", "0"},
      {"minLength", "\"a\""}, {"maxLength", "\"a\""}, {"pattern", "\"foo42\""},
      {"minProperties", "{\"foo\":\"bar\"}"}, {"maxProperties", "{\"foo\":\"bar\"}"}};

  /** sink key, source key (null: the literal "" ). */
  private static final String[][] SINK = {
      {"boolean", "null"}, {"string", "array"}, {"number", "record"}, {"record", "always"},
      {"anyOf", "false"}, {"oneOf", "false"}, {"const-array", "string"},
      {"const-object", "string"}, {"enum", "string"}, {"double", "triple"},
      {"triple", "double"}, {"dependentReq", "record"}, {"multiple", "pi"},
      {"minimum", "exclusiveMaximum"}, {"exclusiveMinimum", "minimum"},
      {"maximum", "exclusiveMinimum"}, {"exclusiveMaximum", "maximum"}, {"minLength", null},
      {"maxLength", "string"}, {"pattern", "string"}, {"minItems", "double"},
      {"maxItems", "triple"}, {"minProperties", "always"}, {"maxProperties", "dependentReq"}};

  private static io.esc4j.EscValue sourceValue(String key) throws SchemaException {
    for (String[] kv : SOURCE) {
      if (kv[0].equals(key)) {
        return SchemaParser.parseJson(kv[1]);
      }
    }
    throw new AssertionError(key);
  }

  @Test
  void schemaErrorEval() throws SchemaException {
    Schema provider = s(SchemaTest.SCHEMA_PROVIDER);
    List<Object> kv = new ArrayList<>();
    for (String[] e : SINK) {
      kv.add(e[0]);
      kv.add(e[1] == null ? str("sink." + e[0], "")
          : TestValue.of("sink." + e[0], sourceValue(e[1])));
    }
    assertThat(validate(obj("sink", kv.toArray()), provider)).isFalse();
    assertThat(errors).containsExactlyInAnyOrder(
        "sink.boolean: expected boolean, got null",
        "sink.string: expected string, got array",
        "sink.number: expected number, got object",
        "sink.record: missing required properties: foo",
        "sink.anyOf: expected number, got boolean",
        "sink.anyOf: at least one subschema must match",
        "sink.anyOf: expected string, got boolean",
        "sink.oneOf: exactly one subschema must match",
        "sink.oneOf: expected number, got boolean",
        "sink.oneOf: expected string, got boolean",
        "sink.const-array: expected [\"hello\",42]",
        "sink.const-array: expected array, got string",
        "sink.const-object: expected object, got string",
        "sink.const-object: expected {\"hello\":\"world\"}",
        "sink.enum: expected one of [\"foo\",\"bar\"]",
        "sink.dependentReq: missing required properties: bar",
        "sink.multiple: expected a multiple of 2",
        "sink.minimum: expected a number greater than or equal to 1",
        "sink.exclusiveMinimum: expected a number greater than 1",
        "sink.maximum: expected a number less than or equal to1",
        "sink.exclusiveMaximum: expected a number less than 1",
        "sink.minLength: expected a string of at least length 1",
        "sink.maxLength: expected a string of at most length 1",
        "sink.pattern: string must match the pattern \"^foo[0-9]+$\"",
        "sink.minItems: expected an array with at least 3 items",
        "sink.maxItems: expected an array with at most 2 items",
        "sink.minProperties: expected an object with at least 1 properties",
        "sink.maxProperties: expected an object with at most 1 properties");
  }

  @Test
  void schemaErrorCheck() {
    Schema provider = s(SchemaTest.SCHEMA_PROVIDER);
    List<Object> kv = new ArrayList<>();
    for (String[] e : SINK) {
      kv.add(e[0]);
      kv.add(e[1] == null ? str("sink." + e[0], "")
          : unknown("sink." + e[0], provider.property(e[1])));
    }
    assertThat(validate(obj("sink", kv.toArray()), provider)).isFalse();
    assertThat(errors).containsExactlyInAnyOrder(
        "sink.boolean: expected boolean, got null",
        "sink.string: expected string, got array",
        "sink.number: expected number, got object",
        "sink.anyOf: expected number, got boolean",
        "sink.anyOf: at least one subschema must match",
        "sink.anyOf: expected string, got boolean",
        "sink.oneOf: expected string, got boolean",
        "sink.oneOf: expected number, got boolean",
        "sink.oneOf: at least one subschema must match",
        "sink.const-array: expected array, got string",
        "sink.const-object: expected object, got string",
        "sink.dependentReq: bar: missing required property",
        "sink.minLength: expected a string of at least length 1");
  }

  @Test
  void schemaCaseHasNoErrors() throws SchemaException {
    // conformance case `schema`: sink receives ${source} (known in eval, unknown in check)
    Schema provider = s(SchemaTest.SCHEMA_PROVIDER);
    List<Object> kv = new ArrayList<>();
    for (String[] e : SOURCE) {
      kv.add(e[0]);
      kv.add(TestValue.of("source." + e[0], sourceValue(e[0])));
    }
    assertThat(validate(obj("source", kv.toArray()), provider)).isTrue();
    // as in the reference, the `never` property (false against false) fails silently
    assertThat(validate(unknown("sink", provider), provider)).isFalse();
    assertThat(errors).isEmpty();
  }

  // -------------------------------------------------------------- meta-schema

  @Test
  void metaSchemaAcceptsSchemaDocuments() throws SchemaException {
    Schema meta = Schema.metaSchema();
    assertThat(validate(TestValue.of("d", SchemaParser.parseJson(SchemaTest.SCHEMA_PROVIDER)
        .get("properties").orElseThrow().get("record").orElseThrow()), meta)).isTrue();
    assertThat(validate(bool("b", false), meta)).isTrue();
    assertThat(validate(TestValue.of("d", SchemaParser.parseJson(
        "{\"type\":\"number\",\"minimum\":1,\"rotateOnly\":[\"x\"],\"const\":{}}")), meta))
        .isTrue();
    assertThat(errors).isEmpty();
  }

  @Test
  void metaSchemaRejectsInvalidDocuments() {
    Schema meta = Schema.metaSchema();
    assertThat(validate(obj("d", "type", str("d.type", "integer")), meta)).isFalse();
    assertThat(errors).containsExactly(
        "d: expected boolean, got object",
        "d.type: expected one of [\"string\",\"number\",\"boolean\",\"array\",\"object\",\"null\"]",
        "d.type: at least one subschema must match",
        "d: at least one subschema must match");
    errors.clear();
    assertThat(validate(str("s", "x"), meta)).isFalse();
    assertThat(validate(obj("d", "items", obj("d.items", "minimum", str("d.items.minimum", "1"))),
        meta)).isFalse();
    assertThat(errors).contains(
        "s: expected boolean, got string", "s: expected object, got string",
        "d.items.minimum: expected number, got string");
  }
}
