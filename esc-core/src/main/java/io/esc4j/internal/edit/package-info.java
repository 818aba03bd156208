/**
 * In-place editing of environment documents for {@link io.esc4j.EnvironmentEditor}: locating the
 * exact text of a node from the positions {@link io.esc4j.internal.syntax.YamlDecoder} reports,
 * rendering new values, splicing them into the text so that every other byte is kept, and
 * checking each edit by re-reading the result.
 */
package io.esc4j.internal.edit;
