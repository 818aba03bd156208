package io.esc4j;

/**
 * Whether a rendering shows secret values.
 *
 * <p>{@link #REDACT} is the default everywhere: secrets print as {@code "[secret]"}. Ask for
 * {@link #REVEAL} only where the user explicitly asked to see the plaintext (for example
 * {@code esc open}).
 */
public enum Redaction {
  /** Secrets render as {@code "[secret]"}. */
  REDACT,
  /** Secrets render as their plaintext. */
  REVEAL
}
