package io.esc4j.spi;

/** Encrypting or decrypting a secret failed (wrong key, tampered data, unavailable key service). */
public class CryptoException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed (never the plaintext)
   */
  public CryptoException(String message) {
    super(message);
  }

  /**
   * Creates the exception.
   *
   * @param message what failed (never the plaintext)
   * @param cause the underlying failure
   */
  public CryptoException(String message, Throwable cause) {
    super(message, cause);
  }
}
