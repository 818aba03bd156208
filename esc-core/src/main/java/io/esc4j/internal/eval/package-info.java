/**
 * Expressions to values: the import graph, merging, references, builtins, providers, the static
 * check, and the entry points the API calls ({@link io.esc4j.internal.eval.Evaluation}). Not API.
 */
package io.esc4j.internal.eval;
