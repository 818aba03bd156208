package io.esc4j.internal.schema;

import io.esc4j.EscValue;
import java.util.List;
import java.util.Map;

/**
 * PLACEHOLDER written by the lead so the evaluator compiles; the schema helper replaces the body
 * with the real implementation keeping these signatures.
 */
public final class Schema {
  private static final Schema ALWAYS = new Schema();
  private static final Schema NEVER = new Schema();

  private Schema() {}

  /** @return the schema that accepts anything ({@code true}) */
  public static Schema always() { return ALWAYS; }
  /** @return the schema that accepts nothing ({@code false}) */
  public static Schema never() { return NEVER; }
  /** @return {type: string} */
  public static Schema string() { return ALWAYS; }
  /** @return {type: number} */
  public static Schema number() { return ALWAYS; }
  /** @return {type: boolean} */
  public static Schema bool() { return ALWAYS; }
  /** @return {type: null} */
  public static Schema nullType() { return ALWAYS; }
  /** @param s the value @return {type: string, const: s} */
  public static Schema stringConst(String s) { return ALWAYS; }
  /** @param n decimal text @return {type: number, const: n} */
  public static Schema numberConst(String n) { return ALWAYS; }
  /** @param b the value @return {type: boolean, const: b} */
  public static Schema boolConst(boolean b) { return ALWAYS; }
  /** @param props properties @return record: type object, properties, required = all keys sorted */
  public static Schema record(Map<String, Schema> props) { return ALWAYS; }
  /** @param items element schemas @return tuple: type array, prefixItems, items false */
  public static Schema tuple(List<Schema> items) { return ALWAYS; }
  /** @param items item schema @return {type: array, items} */
  public static Schema array(Schema items) { return ALWAYS; }
  /** @param additional additionalProperties @return {type: object, additionalProperties} */
  public static Schema object(Schema additional) { return ALWAYS; }
  /** @param branches the branches @return {oneOf: [...]} */
  public static Schema oneOf(Schema... branches) { return ALWAYS; }
  /**
   * Parses and compiles a JSON Schema given as a value.
   * @param v the schema document ({@code true}, {@code false} or an object)
   * @return the compiled schema
   * @throws SchemaException when it is not a valid schema of the supported subset
   */
  public static Schema fromValue(EscValue v) throws SchemaException { return ALWAYS; }
  /** @param base lower layer @param top upper layer @return the merged schema (format spec 7.2) */
  public static Schema merged(Schema base, Schema top) { return top; }
  /** @param key the key @return the schema of property key (format spec 7.2 "Deriving a sub-schema") */
  public Schema property(String key) { return ALWAYS; }
  /** @param index the index @return the schema of element index */
  public Schema item(int index) { return ALWAYS; }
  /** @return whether this is {@code true} */
  public boolean isAlways() { return this == ALWAYS; }
  /** @return whether this is {@code false} */
  public boolean isNever() { return this == NEVER; }
  /** @return the type keyword ("" when absent) */
  public String type() { return ""; }
  /** @return number of prefixItems */
  public int prefixItemsCount() { return 0; }
  /** @return whether items is {@code false} */
  public boolean itemsNever() { return false; }
  /** @return the rotateOnly property names */
  public List<String> rotateOnly() { return List.of(); }
  /** @return the JSON form (as the reference exports it) */
  public EscValue toValue() { return EscValue.Bool.TRUE; }
}
