/**
 * YAML nodes to expressions: top-level keys, imports, {@code ${...}} interpolations (parsed once,
 * here) and builtin calls with their argument shapes. Not API.
 */
package io.esc4j.internal.ast;
