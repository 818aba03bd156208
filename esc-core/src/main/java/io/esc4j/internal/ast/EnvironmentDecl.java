package io.esc4j.internal.ast;

import io.esc4j.internal.syntax.SourceText;
import io.esc4j.internal.syntax.YamlNode;
import java.util.List;

/**
 * A parsed environment document.
 *
 * @param name the environment name
 * @param source the source text (for messages)
 * @param imports the import entries (malformed ones have a {@code null} name)
 * @param importCount how many entries the {@code imports} list had, malformed included
 * @param values the {@code values} entries, keys raw, duplicates kept
 * @param description the description, or {@code null}
 */
public record EnvironmentDecl(
    String name,
    SourceText source,
    List<Import> imports,
    int importCount,
    List<Expr.Entry> values,
    String description) {

  /**
   * One import.
   *
   * @param name the environment name imported
   * @param nameNode the node of the name (for diagnostics)
   * @param merge whether its values are merged into the importer's
   */
  public record Import(String name, YamlNode.Scalar nameNode, boolean merge) {}

  /**
   * Whether the document defines nothing (no values, no imports): it opens to no environment.
   *
   * @return {@code true} when empty
   */
  public boolean isEmpty() {
    return values.isEmpty() && importCount == 0;
  }
}
