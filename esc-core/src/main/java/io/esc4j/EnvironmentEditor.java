package io.esc4j;

import io.esc4j.internal.edit.DocumentEditor;
import io.esc4j.spi.CryptoException;
import io.esc4j.spi.Decrypter;
import io.esc4j.spi.Encrypter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Edits the YAML text of one environment document in place, for tools, tests and {@code esc
 * env set}: set, remove and read values by path, and encrypt secrets.
 *
 * <p>Edits change only the bytes of the value they touch: comments, key order, quoting and blank
 * lines elsewhere stay as they were. Each edit is verified by reading the result back; when the
 * document's layout is too unusual to edit faithfully the edit fails with an {@link
 * IllegalStateException} and the text is left unchanged.
 *
 * <p>Paths are document paths in the ESC property-path syntax, starting at the top of the
 * document: {@code values.db.password}, {@code values.hosts[0]}, {@code
 * values["dotted.key"].x}. A missing mapping or sequence on the way is created; an index equal to
 * a sequence's length appends.
 *
 * <p>Values are plain Java data: {@link String}, {@link Number}, {@link Boolean}, {@code null},
 * {@link java.util.List} and {@link Map} with {@code String} keys, or YAML text through {@link
 * #setYaml(String, String)}. Secrets set with {@link #setSecret(String, String, Encrypter)} are
 * encrypted before they reach the text, so the plaintext is never part of the document. Messages
 * name paths, never values.
 *
 * <pre>{@code
 * EnvironmentEditor ed = EnvironmentEditor.of("myapp/dev", Files.readString(file));
 * ed.set("values.region", "us-west-2");
 * ed.setSecret("values.db.password", password, LocalKeyring.read(keyFile));
 * Files.writeString(file, ed.text());
 * }</pre>
 *
 * <p>Not thread-safe.
 */
public final class EnvironmentEditor {
  private final String name;
  private final DocumentEditor doc;

  private EnvironmentEditor(String name, String text) {
    this.name = Objects.requireNonNull(name, "name");
    this.doc = new DocumentEditor(name, Objects.requireNonNull(text, "text"));
  }

  /**
   * Starts editing a document.
   *
   * @param name the environment name, for messages
   * @param text the YAML text
   * @return the editor
   * @throws IllegalArgumentException when the text is not valid YAML
   */
  public static EnvironmentEditor of(String name, String text) {
    return new EnvironmentEditor(name, text);
  }

  /**
   * Starts editing a document given as bytes.
   *
   * @param name the environment name, for messages
   * @param content the UTF-8 YAML bytes
   * @return the editor
   * @throws IllegalArgumentException when the bytes are not UTF-8 or not valid YAML
   */
  public static EnvironmentEditor of(String name, byte[] content) {
    try {
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(content)).toString();
      return new EnvironmentEditor(name, text);
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(name + " is not valid UTF-8");
    }
  }

  /**
   * The text of a new, empty environment: {@code values: {}}.
   *
   * @return the YAML text
   */
  public static String emptyDocument() {
    return "values: {}\n";
  }

  /**
   * The environment name given when the editor was created.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The current document text.
   *
   * @return the YAML text
   */
  public String text() {
    return doc.text();
  }

  /**
   * The definition at a path, exactly as written in the document (a ciphertext stays a
   * ciphertext; nothing is evaluated).
   *
   * @param path the document path
   * @return the YAML source text, or empty when there is no value at the path
   * @throws IllegalArgumentException when the path is malformed
   */
  public Optional<String> get(String path) {
    return doc.get(DocumentEditor.path(path));
  }

  /**
   * Sets a value.
   *
   * @param path the document path
   * @param value the value: a String, Number, Boolean, null, List or Map of these
   * @return this editor
   * @throws IllegalArgumentException when the path is malformed or runs through a scalar
   * @throws IllegalStateException when the document's layout cannot be edited in place
   */
  public EnvironmentEditor set(String path, Object value) {
    doc.set(DocumentEditor.path(path), value);
    return this;
  }

  /**
   * Sets a value given as YAML text: {@code 42} is a number, {@code [a, b]} a list, {@code
   * "42"} a string.
   *
   * @param path the document path
   * @param yaml the value as YAML
   * @return this editor
   * @throws IllegalArgumentException when the path or the YAML is malformed
   */
  public EnvironmentEditor setYaml(String path, String yaml) {
    DocumentEditor value = new DocumentEditor("value", yaml);
    doc.set(DocumentEditor.path(path), value.model());
    return this;
  }

  /**
   * Sets a secret: the plaintext is encrypted and written as {@code fn::secret: {ciphertext:
   * ...}}.
   *
   * @param path the document path
   * @param plaintext the secret
   * @param encrypter the key to encrypt with
   * @return this editor
   * @throws CryptoException when encryption fails
   */
  public EnvironmentEditor setSecret(String path, String plaintext, Encrypter encrypter)
      throws CryptoException {
    Objects.requireNonNull(plaintext, "plaintext");
    List<Object> at = DocumentEditor.path(path);
    doc.set(at, DocumentEditor.secretCall(encrypter.encrypt(plaintext.getBytes(StandardCharsets.UTF_8))));
    return this;
  }

  /**
   * Removes a value: its key, or its sequence item. Removing the last entry of a mapping leaves
   * {@code {}}, the last item of a sequence {@code []}.
   *
   * @param path the document path
   * @return whether there was a value to remove
   * @throws IllegalArgumentException when the path is malformed
   */
  public boolean remove(String path) {
    return doc.remove(DocumentEditor.path(path));
  }

  /**
   * Encrypts every plaintext {@code fn::secret: <string>} in the document into {@code
   * fn::secret: {ciphertext: ...}}. Secrets that are not string literals are left alone (the
   * evaluator reports them).
   *
   * @param encrypter the key to encrypt with
   * @return how many secrets were encrypted
   * @throws CryptoException when encryption fails; the document is then unchanged
   */
  public int encryptAll(Encrypter encrypter) throws CryptoException {
    return doc.encryptAll(encrypter);
  }

  /**
   * Re-encrypts every ciphertext with another key, for key rotation. Only the base64 text of each
   * ciphertext changes.
   *
   * @param decrypter reads the existing ciphertexts (the old key)
   * @param encrypter writes the new ones (the new key)
   * @return how many secrets were re-encrypted
   * @throws CryptoException when a ciphertext cannot be decrypted; the document is then unchanged
   *     and the message names the value's path
   */
  public int reencryptAll(Decrypter decrypter, Encrypter encrypter) throws CryptoException {
    return doc.reencryptAll(decrypter, encrypter);
  }

  /**
   * Returns the document with every ciphertext under {@code values} decrypted to {@code
   * fn::secret: <plaintext>}. The editor's text is not changed: the result is meant for display
   * only; do not write it to disk.
   *
   * @param decrypter the key to decrypt with
   * @return the decrypted document text
   * @throws CryptoException when a ciphertext cannot be decrypted; the message names its path
   */
  public String decryptAll(Decrypter decrypter) throws CryptoException {
    return doc.decryptAll(decrypter);
  }

  /** Names the environment only. */
  @Override
  public String toString() {
    return "EnvironmentEditor[" + name + "]";
  }
}
