/**
 * Bytes to positioned YAML nodes: the only package that touches the YAML library. Positions
 * (line, column, byte offset) follow the reference evaluator exactly. Not API.
 */
package io.esc4j.internal.syntax;
