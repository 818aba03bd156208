package io.esc4j.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A 256-bit AES key for encrypting secrets at rest, with a public key id.
 *
 * <p>The text form is {@code esc4j-aes256gcm:<base64 of 32 bytes>}; it is the secret and is only
 * returned by {@link #encoded()}. The {@linkplain #id() id} is the first 8 bytes of a SHA-256
 * over the key (16 hex digits): it is recorded in every ciphertext and is safe to print. {@link
 * #toString()} shows only the id. Immutable and thread-safe.
 */
public final class LocalKey {
  /** The prefix of a key's text form. */
  public static final String PREFIX = "esc4j-aes256gcm:";

  /** Created at first use: a SecureRandom loads the security providers, which an open never needs. */
  private static final class Random {
    static final SecureRandom INSTANCE = new SecureRandom();
  }
  private final byte[] key;
  private final byte[] id;

  private LocalKey(byte[] key) {
    this.key = key;
    this.id = idOf(key);
  }

  /**
   * Generates a new random key.
   *
   * @return the key
   */
  public static LocalKey generate() {
    byte[] k = new byte[32];
    Random.INSTANCE.nextBytes(k);
    return new LocalKey(k);
  }

  /**
   * Creates a key from its 32 raw bytes.
   *
   * @param raw the key bytes (copied)
   * @return the key
   * @throws IllegalArgumentException when {@code raw} is not 32 bytes long
   */
  public static LocalKey of(byte[] raw) {
    if (raw == null || raw.length != 32) {
      throw new IllegalArgumentException("an AES-256 key is 32 bytes, got "
          + (raw == null ? "none" : raw.length));
    }
    return new LocalKey(raw.clone());
  }

  /**
   * Parses the text form {@code esc4j-aes256gcm:<base64>}. Surrounding whitespace is ignored.
   *
   * @param text the key text
   * @return the key
   * @throws IllegalArgumentException when the text is not a key (the message never contains the
   *     text)
   */
  public static LocalKey parse(String text) {
    String t = text == null ? "" : text.strip();
    if (!t.startsWith(PREFIX)) {
      throw new IllegalArgumentException("not an esc4j key: it must start with \"" + PREFIX
          + "\" (create one with `esc key init`)");
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(t.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not an esc4j key: the part after \"" + PREFIX
          + "\" is not base64");
    }
    if (raw.length != 32) {
      throw new IllegalArgumentException("not an esc4j key: it holds " + raw.length
          + " bytes, an AES-256 key has 32");
    }
    return new LocalKey(raw);
  }

  /**
   * The text form of the key. This is the secret: store it outside the repository.
   *
   * @return {@code esc4j-aes256gcm:<base64>}
   */
  public String encoded() {
    return PREFIX + Base64.getEncoder().encodeToString(key);
  }

  /**
   * The public key id, recorded in every ciphertext made with this key.
   *
   * @return 16 lower-case hex digits
   */
  public String id() {
    return HexFormat.of().formatHex(id);
  }

  byte[] idBytes() {
    return id.clone();
  }

  boolean hasId(byte[] other, int offset) {
    return Arrays.equals(id, 0, id.length, other, offset, offset + id.length);
  }

  SecretKey secretKey() {
    return new SecretKeySpec(key, "AES");
  }

  private static byte[] idOf(byte[] key) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update("esc4j key id\0".getBytes(StandardCharsets.US_ASCII));
      return Arrays.copyOf(md.digest(key), 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** Keys are equal when their bytes are. */
  @Override
  public boolean equals(Object o) {
    return o instanceof LocalKey k && MessageDigest.isEqual(key, k.key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(id);
  }

  /** Shows the key id only, never the key. */
  @Override
  public String toString() {
    return "LocalKey[id=" + id() + "]";
  }
}
