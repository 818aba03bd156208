package io.esc4j.spi;

/**
 * Decrypts the payload of {@code fn::secret: {ciphertext: ...}} values. Thread-safe.
 *
 * <p>The evaluator unwraps the ESC envelope ({@code escx}, version, CRC-32) and hands the inner
 * payload to this interface.
 */
@FunctionalInterface
public interface Decrypter {
  /**
   * Decrypts one payload.
   *
   * @param payload the ciphertext payload
   * @return the plaintext bytes (UTF-8 text)
   * @throws CryptoException when the payload cannot be decrypted
   */
  byte[] decrypt(byte[] payload) throws CryptoException;

  /**
   * A decrypter that refuses everything, for stores without keys.
   *
   * @return the decrypter
   */
  static Decrypter none() {
    return payload -> {
      throw new CryptoException("no decryption key is configured for this environment store");
    };
  }
}
