/**
 * The JSON Schema subset of ESC: provider input/output schemas, builtin argument checks, schema
 * inference and validation with the reference evaluator's messages. Not API.
 */
package io.esc4j.internal.schema;
