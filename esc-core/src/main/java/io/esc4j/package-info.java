/**
 * The esc4j API: open ESC environments and read their values.
 *
 * <p>Start with {@link io.esc4j.Environment#open(String)} or {@link
 * io.esc4j.Environment#builder()}; an open environment is an {@link io.esc4j.OpenEnvironment} of
 * {@link io.esc4j.EscValue}s. Problems in documents are {@link io.esc4j.Diagnostic}s, thrown
 * together as one {@link io.esc4j.EnvironmentException}. Secret values never appear in a
 * {@code toString()}, an exception message or redacted output.
 *
 * <p>This package is API: it changes only compatibly within a major version.
 */
package io.esc4j;
