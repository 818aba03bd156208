package io.esc4j.crypto;

import io.esc4j.spi.CryptoException;
import io.esc4j.spi.Decrypter;
import io.esc4j.spi.Encrypter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts and decrypts secrets with local AES-256-GCM keys. The first key (the primary)
 * encrypts; every key can decrypt the values made with it, found by the key id recorded in the
 * ciphertext. Keeping an old key after the primary lets environments be re-encrypted with a new
 * key (key rotation).
 *
 * <p>Keys come from {@code $ESC_KEY} (the key text, several separated by commas or newlines),
 * else the file named by {@code $ESC_KEY_FILE}, else {@link #defaultKeyFile(Map)
 * ~/.config/esc4j/key} when it exists. A key file holds one key per line, the primary first;
 * blank lines and lines starting with {@code #} are ignored. Keep it outside the repository.
 *
 * <p>Decryption fails with a {@link CryptoException} naming the problem and the key ids involved
 * (never key material or plaintext) when a value was encrypted with another key or scheme, is
 * truncated, or was modified. Immutable and thread-safe.
 */
public final class LocalKeyring implements Encrypter, Decrypter {
  /** Environment variable holding key text. */
  public static final String KEY_VARIABLE = "ESC_KEY";
  /** Environment variable naming a key file. */
  public static final String KEY_FILE_VARIABLE = "ESC_KEY_FILE";

  static final int FORMAT = 1;
  static final int SCHEME_AES_GCM = 1;
  private static final int ID_LEN = 8;
  private static final int NONCE_LEN = 12;
  private static final int TAG_LEN = 16;
  private static final int HEADER_LEN = 2 + ID_LEN;
  private static final int MIN_LEN = HEADER_LEN + NONCE_LEN + TAG_LEN;
  /** Created at first use: a SecureRandom loads the security providers, which an open never needs. */
  private static final class Random {
    static final SecureRandom INSTANCE = new SecureRandom();
  }

  private final List<LocalKey> keys;
  private final String source;

  private LocalKeyring(List<LocalKey> keys, String source) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("a keyring needs at least one key");
    }
    this.keys = List.copyOf(keys);
    this.source = source;
  }

  /**
   * A keyring of the given keys; the first encrypts.
   *
   * @param primary the key that encrypts
   * @param older keys that only decrypt
   * @return the keyring
   */
  public static LocalKeyring of(LocalKey primary, LocalKey... older) {
    List<LocalKey> all = new ArrayList<>();
    all.add(Objects.requireNonNull(primary, "primary"));
    all.addAll(Arrays.asList(older));
    return new LocalKeyring(all, "keys given in code");
  }

  /**
   * Parses keys from text: one per line (or separated by commas), the primary first.
   *
   * @param text the keys
   * @param source where the text came from, for messages (a file name or variable, never the
   *     text)
   * @return the keyring
   * @throws IllegalArgumentException when the text holds no key or something that is not a key
   */
  public static LocalKeyring parse(String text, String source) {
    List<LocalKey> keys = new ArrayList<>();
    int line = 0;
    for (String l : text.split("\r?\n|,")) {
      line++;
      String t = l.strip();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      try {
        keys.add(LocalKey.parse(t));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(source + " (entry " + line + "): " + e.getMessage());
      }
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException(source + " holds no key (create one with `esc key init`)");
    }
    return new LocalKeyring(keys, source);
  }

  /**
   * Reads a key file.
   *
   * @param file the file
   * @return the keyring
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException when it holds no valid key
   */
  public static LocalKeyring read(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8), "key file " + file);
  }

  /**
   * Finds the keys configured in the process environment: {@code $ESC_KEY}, else {@code
   * $ESC_KEY_FILE}, else the {@linkplain #defaultKeyFile(Map) default key file} if it exists.
   *
   * @param env the environment variables (usually {@link System#getenv()})
   * @return the keyring, or empty when no key is configured
   * @throws IOException when a configured key file cannot be read
   * @throws IllegalArgumentException when the configured keys are malformed
   */
  public static Optional<LocalKeyring> fromEnvironment(Map<String, String> env) throws IOException {
    String text = env.get(KEY_VARIABLE);
    if (text != null && !text.isBlank()) {
      return Optional.of(parse(text, "$" + KEY_VARIABLE));
    }
    String file = env.get(KEY_FILE_VARIABLE);
    if (file != null && !file.isBlank()) {
      return Optional.of(read(Path.of(file)));
    }
    Path def = defaultKeyFile(env);
    if (Files.isRegularFile(def)) {
      return Optional.of(read(def));
    }
    return Optional.empty();
  }

  /**
   * The default key file: {@code $XDG_CONFIG_HOME/esc4j/key}, else {@code ~/.config/esc4j/key}.
   *
   * @param env the environment variables
   * @return the path (it may not exist)
   */
  public static Path defaultKeyFile(Map<String, String> env) {
    String xdg = env.get("XDG_CONFIG_HOME");
    Path base = xdg != null && !xdg.isBlank()
        ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
    return base.resolve("esc4j").resolve("key");
  }

  /**
   * Writes a new key file readable only by its owner (on POSIX file systems). Refuses to
   * overwrite an existing file.
   *
   * @param file the file to create
   * @param key the key
   * @throws IOException when the file exists or cannot be written
   */
  public static void writeKeyFile(Path file, LocalKey key) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    String text = header() + key.encoded() + "\n";
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    } catch (FileAlreadyExistsException e) {
      throw new FileAlreadyExistsException(file.toString(), null,
          "the key file already exists; use rotation to add a new key to it");
    }
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
  }

  /**
   * Adds a new primary key to an existing key file, keeping the older keys after it so that
   * values encrypted with them can still be read (and re-encrypted). The file is replaced
   * atomically where the file system allows.
   *
   * @param file the key file
   * @param key the new primary key
   * @return the keyring the file now holds
   * @throws IOException when the file cannot be read or written
   */
  public static LocalKeyring rotateKeyFile(Path file, LocalKey key) throws IOException {
    LocalKeyring old = read(file);
    List<LocalKey> all = new ArrayList<>();
    all.add(key);
    for (LocalKey k : old.keys) {
      if (!k.equals(key)) {
        all.add(k);
      }
    }
    StringBuilder sb = new StringBuilder(header());
    sb.append("# primary (encrypts):\n").append(key.encoded()).append('\n');
    sb.append("# older keys (decrypt only; remove once every environment is re-encrypted):\n");
    for (LocalKey k : all.subList(1, all.size())) {
      sb.append(k.encoded()).append('\n');
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(Set.of(
          PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
    } catch (UnsupportedOperationException e) {
      Files.createFile(tmp);
    }
    Files.writeString(tmp, sb, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
    return new LocalKeyring(all, "key file " + file);
  }

  private static String header() {
    return "# esc4j secret key(s): keep this file private and out of version control.\n";
  }

  /**
   * The key that encrypts.
   *
   * @return the primary key
   */
  public LocalKey primary() {
    return keys.get(0);
  }

  /**
   * All keys, the primary first.
   *
   * @return the keys
   */
  public List<LocalKey> keys() {
    return keys;
  }

  /**
   * Where the keys came from, for messages.
   *
   * @return a file name, variable name or similar; never key material
   */
  public String source() {
    return source;
  }

  /**
   * Encrypts with the primary key and a fresh random nonce.
   *
   * @param plaintext the plaintext bytes
   * @return the payload: {@code 1 | 1 | key id | nonce | ciphertext+tag}
   * @throws CryptoException when the platform has no AES-GCM
   */
  @Override
  public byte[] encrypt(byte[] plaintext) throws CryptoException {
    LocalKey k = primary();
    byte[] nonce = new byte[NONCE_LEN];
    Random.INSTANCE.nextBytes(nonce);
    ByteBuffer out = ByteBuffer.allocate(HEADER_LEN + NONCE_LEN + plaintext.length + TAG_LEN);
    out.put((byte) FORMAT).put((byte) SCHEME_AES_GCM).put(k.idBytes());
    byte[] aad = Arrays.copyOf(out.array(), HEADER_LEN);
    out.put(nonce);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, k.secretKey(), new GCMParameterSpec(TAG_LEN * 8, nonce));
      c.updateAAD(aad);
      out.put(c.doFinal(plaintext));
    } catch (GeneralSecurityException e) {
      throw new CryptoException("AES-256-GCM encryption failed: " + e.getClass().getSimpleName());
    }
    return out.array();
  }

  /**
   * Decrypts a payload made by {@link #encrypt(byte[])} with any key of this keyring.
   *
   * @param payload the payload
   * @return the plaintext bytes
   * @throws CryptoException when the payload is not an esc4j AES-GCM payload, was made with a key
   *     this keyring lacks, is truncated, or fails authentication
   */
  @Override
  public byte[] decrypt(byte[] payload) throws CryptoException {
    if (payload.length < 2 || (payload[0] & 0xff) != FORMAT) {
      throw new CryptoException("the value was not encrypted with an esc4j key"
          + " (unknown payload format; was it encrypted by another tool or cipher?)");
    }
    int scheme = payload[1] & 0xff;
    if (scheme != SCHEME_AES_GCM) {
      throw new CryptoException("the value was encrypted with " + schemeName(scheme)
          + ", not a local AES-256-GCM key");
    }
    if (payload.length < MIN_LEN) {
      throw new CryptoException("the ciphertext is truncated: " + payload.length
          + " bytes, an AES-256-GCM value has at least " + MIN_LEN);
    }
    LocalKey key = null;
    for (LocalKey k : keys) {
      if (k.hasId(payload, 2)) {
        key = k;
        break;
      }
    }
    if (key == null) {
      String wanted = java.util.HexFormat.of().formatHex(payload, 2, 2 + ID_LEN);
      throw new CryptoException("the value was encrypted with key " + wanted
          + ", but " + source + " holds " + (keys.size() == 1 ? "key " : "keys ")
          + keys.stream().map(LocalKey::id).collect(Collectors.joining(", ")));
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key.secretKey(),
          new GCMParameterSpec(TAG_LEN * 8, payload, HEADER_LEN, NONCE_LEN));
      c.updateAAD(payload, 0, HEADER_LEN);
      return c.doFinal(payload, HEADER_LEN + NONCE_LEN, payload.length - HEADER_LEN - NONCE_LEN);
    } catch (AEADBadTagException e) {
      throw new CryptoException("the ciphertext failed authentication with key " + key.id()
          + ": it was modified or truncated");
    } catch (GeneralSecurityException e) {
      throw new CryptoException("AES-256-GCM decryption failed: " + e.getClass().getSimpleName());
    }
  }

  /**
   * A readable name for a payload scheme byte.
   *
   * @param scheme the scheme byte
   * @return e.g. {@code "AWS KMS (scheme 2)"}
   */
  static String schemeName(int scheme) {
    return switch (scheme) {
      case SCHEME_AES_GCM -> "a local AES-256-GCM key (scheme 1)";
      case 2 -> "AWS KMS (scheme 2)";
      default -> "an unknown scheme " + scheme;
    };
  }

  /** Shows the key ids and their source, never key material. */
  @Override
  public String toString() {
    return "LocalKeyring[" + keys.stream().map(LocalKey::id).collect(Collectors.joining(", "))
        + " from " + source + "]";
  }
}
