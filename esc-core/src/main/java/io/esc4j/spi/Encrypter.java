package io.esc4j.spi;

/** Encrypts plaintext secrets into the payload of {@code fn::secret: {ciphertext: ...}}. Thread-safe. */
@FunctionalInterface
public interface Encrypter {
  /**
   * Encrypts one plaintext.
   *
   * @param plaintext the plaintext bytes
   * @return the payload (the evaluator wraps it in the ESC envelope)
   * @throws CryptoException when encryption fails
   */
  byte[] encrypt(byte[] plaintext) throws CryptoException;
}
