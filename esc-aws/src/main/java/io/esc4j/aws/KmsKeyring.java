package io.esc4j.aws;

import io.esc4j.spi.CryptoException;
import io.esc4j.spi.Decrypter;
import io.esc4j.spi.Encrypter;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * Encrypts and decrypts secrets at rest with AWS KMS: the {@link Encrypter} / {@link Decrypter}
 * for {@code fn::secret: {ciphertext: ...}} values whose key lives in KMS instead of a local key
 * file.
 *
 * <pre>{@code
 * try (KmsKeyring kms = KmsKeyring.builder().keyId("alias/esc4j").region("eu-west-1").build()) {
 *   EnvironmentEditor ed = EnvironmentEditor.of("myapp/prod", Files.readAllBytes(file));
 *   ed.setSecret("values.db.password", password, kms);
 *   Environment.builder().decrypter(kms).open("myapp/prod");
 * }
 * }</pre>
 *
 * <p>Payload (inside esc-core's {@code escx} envelope; see {@code io.esc4j.crypto}): {@code
 * format (1 byte) = 1 | scheme (1 byte) = 2 | key id length (2 bytes, big-endian) | key id (UTF-8)
 * | KMS ciphertext blob}. The key id recorded is the key ARN that KMS reports for the {@code
 * Encrypt} call (an alias is resolved once, at encryption), and decryption asks KMS to decrypt with
 * exactly that key. Every call carries the encryption context {@code {"esc4j": "fn::secret"}}, so
 * a blob made for another purpose under the same key is refused, and IAM policies can require it
 * ({@code kms:EncryptionContext:esc4j}).
 *
 * <p>KMS encrypts at most 4096 bytes per call; longer secrets are refused with a {@link
 * CryptoException}. Failures (a wrong, unknown, disabled or pending-deletion key, missing
 * permissions, a modified or truncated value, a key this keyring does not {@linkplain
 * Builder#allowKeys(String...) allow}) are {@link CryptoException}s naming the key id and the AWS
 * error code, never key material or plaintext.
 *
 * <p>Thread-safe. {@link #close()} closes the KMS client when this keyring built it.
 */
public final class KmsKeyring implements Encrypter, Decrypter, AutoCloseable {
  /** The scheme byte of KMS payloads. */
  public static final int SCHEME = 2;
  /** The encryption context key of every call. */
  public static final String CONTEXT_KEY = "esc4j";
  /** The encryption context value of every call. */
  public static final String CONTEXT_VALUE = "fn::secret";
  /** The most plaintext bytes KMS {@code Encrypt} accepts. */
  public static final int MAX_PLAINTEXT = 4096;

  private static final int FORMAT = 1;
  private static final int MAX_KEY_ID = 2048;
  private static final Map<String, String> CONTEXT = Map.of(CONTEXT_KEY, CONTEXT_VALUE);

  private final KmsClient client;
  private final boolean ownsClient;
  private final String keyId;
  private final Set<String> allowed;
  private final String region;

  private KmsKeyring(Builder b, KmsClient client, boolean owns) {
    this.client = client;
    this.ownsClient = owns;
    this.keyId = b.keyId;
    this.allowed = Set.copyOf(b.allowed);
    this.region = b.region;
  }

  /**
   * A builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The key that encrypts, as configured (an id, ARN, alias name or alias ARN).
   *
   * @return the key id, or empty for a keyring that only decrypts
   */
  public Optional<String> keyId() {
    return Optional.ofNullable(keyId);
  }

  /**
   * The key id recorded in a KMS payload.
   *
   * @param payload a payload made by {@link #encrypt(byte[])}
   * @return the key ARN, or empty when the payload is not a well-formed KMS payload
   */
  public static Optional<String> recordedKeyId(byte[] payload) {
    try {
      return Optional.of(parse(payload).keyId);
    } catch (CryptoException e) {
      return Optional.empty();
    }
  }

  /**
   * Encrypts with the configured key ({@code kms:Encrypt}).
   *
   * @param plaintext the plaintext bytes, at most {@value #MAX_PLAINTEXT}
   * @return the payload: {@code 1 | 2 | key id length | key ARN | KMS ciphertext blob}
   * @throws CryptoException when no key is configured, the plaintext is too long, or KMS refuses
   */
  @Override
  public byte[] encrypt(byte[] plaintext) throws CryptoException {
    if (keyId == null) {
      throw new CryptoException("this AWS KMS keyring only decrypts: configure a key id to encrypt");
    }
    if (plaintext.length > MAX_PLAINTEXT) {
      throw new CryptoException("AWS KMS encrypts at most " + MAX_PLAINTEXT + " bytes; this value has "
          + plaintext.length + " bytes (keep large secrets in Secrets Manager and read them with aws-secrets)");
    }
    EncryptResponse r;
    try {
      r = client.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromByteArrayUnsafe(plaintext))
          .encryptionContext(CONTEXT));
    } catch (SdkException e) {
      throw failure("Encrypt", keyId, e);
    }
    String arn = r.keyId() != null && !r.keyId().isEmpty() ? r.keyId() : keyId;
    byte[] id = arn.getBytes(StandardCharsets.UTF_8);
    if (id.length > MAX_KEY_ID) {
      throw new CryptoException("AWS KMS returned a key id of " + id.length + " bytes; at most " + MAX_KEY_ID);
    }
    byte[] blob = r.ciphertextBlob().asByteArray();
    ByteBuffer out = ByteBuffer.allocate(4 + id.length + blob.length);
    out.put((byte) FORMAT).put((byte) SCHEME).putShort((short) id.length).put(id).put(blob);
    return out.array();
  }

  /**
   * Decrypts a payload made by {@link #encrypt(byte[])} with the key recorded in it ({@code
   * kms:Decrypt} with that key id and the esc4j encryption context).
   *
   * @param payload the payload
   * @return the plaintext bytes
   * @throws CryptoException when the payload is not a KMS payload, is truncated or modified, names a
   *     key this keyring does not allow, or KMS refuses (unknown, disabled or inaccessible key)
   */
  @Override
  public byte[] decrypt(byte[] payload) throws CryptoException {
    Parsed p = parse(payload);
    if (!allowed.isEmpty() && !allowed.contains(p.keyId)) {
      throw new CryptoException("the value was encrypted with AWS KMS key " + p.keyId
          + ", which this keyring does not allow (allowed: " + String.join(", ", allowed) + ")");
    }
    DecryptResponse r;
    try {
      r = client.decrypt(b -> b.keyId(p.keyId).ciphertextBlob(SdkBytes.fromByteArrayUnsafe(p.blob))
          .encryptionContext(CONTEXT));
    } catch (SdkException e) {
      throw failure("Decrypt", p.keyId, e);
    }
    if (r.keyId() != null && p.keyId.startsWith("arn:") && !r.keyId().equals(p.keyId)) {
      // a KMS that ignores KeyId: the ciphertext was made with another key than the one recorded
      byte[] plain = r.plaintext().asByteArray();
      Arrays.fill(plain, (byte) 0);
      throw new CryptoException("the ciphertext was made with AWS KMS key " + r.keyId()
          + ", not the recorded key " + p.keyId + ": the value was modified");
    }
    return r.plaintext().asByteArray();
  }

  /**
   * A decrypter for stores with both kinds of ciphertext: KMS payloads (scheme 2) go to this
   * keyring, every other payload to {@code other} (for example a {@code LocalKeyring}).
   *
   * @param other the decrypter of non-KMS payloads
   * @return the combined decrypter
   */
  public Decrypter orElse(Decrypter other) {
    Objects.requireNonNull(other, "other");
    return payload -> payload.length >= 2 && (payload[0] & 0xff) == FORMAT && (payload[1] & 0xff) == SCHEME
        ? decrypt(payload) : other.decrypt(payload);
  }

  /** Closes the KMS client if this keyring created it. */
  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }

  /** Shows the key id and region, never key material. */
  @Override
  public String toString() {
    return "KmsKeyring[" + (keyId == null ? "decrypt only" : keyId)
        + (region == null ? "" : ", " + region)
        + (allowed.isEmpty() ? "" : ", allowed " + allowed) + "]";
  }

  private record Parsed(String keyId, byte[] blob) {}

  private static Parsed parse(byte[] payload) throws CryptoException {
    if (payload.length < 2 || (payload[0] & 0xff) != FORMAT) {
      throw new CryptoException("the value was not encrypted with an esc4j key"
          + " (unknown payload format; was it encrypted by another tool or cipher?)");
    }
    int scheme = payload[1] & 0xff;
    if (scheme != SCHEME) {
      throw new CryptoException("the value was encrypted with "
          + (scheme == 1 ? "a local AES-256-GCM key (scheme 1)" : "an unknown scheme " + scheme)
          + ", not AWS KMS");
    }
    if (payload.length < 4) {
      throw new CryptoException("the ciphertext is truncated: " + payload.length + " bytes, no key id");
    }
    int idLen = ((payload[2] & 0xff) << 8) | (payload[3] & 0xff);
    if (idLen == 0 || idLen > MAX_KEY_ID) {
      throw new CryptoException("the ciphertext is damaged: a key id of " + idLen + " bytes");
    }
    if (payload.length <= 4 + idLen) {
      throw new CryptoException("the ciphertext is truncated: " + payload.length + " bytes, the key id alone needs "
          + (4 + idLen) + " and the KMS ciphertext follows it");
    }
    String id = new String(payload, 4, idLen, StandardCharsets.UTF_8);
    if (!id.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new CryptoException("the ciphertext is damaged: the recorded key id is not printable");
    }
    return new Parsed(id, Arrays.copyOfRange(payload, 4 + idLen, payload.length));
  }

  private CryptoException failure(String op, String key, SdkException e) {
    String where = "AWS KMS " + op + " with key " + key;
    if (e instanceof KmsException k && k.awsErrorDetails() != null) {
      String code = k.awsErrorDetails().errorCode();
      String hint = switch (code == null ? "" : code) {
        case "NotFoundException" -> "the key does not exist" + (region == null ? "" : " in " + region)
            + " (check the key id and the region)";
        case "DisabledException" -> "the key is disabled (aws kms enable-key --key-id ...)";
        case "KMSInvalidStateException" -> "the key is not usable in its current state (pending deletion or import?)";
        case "InvalidCiphertextException" ->
            "the ciphertext failed authentication: it was modified or truncated, or made for another purpose";
        case "IncorrectKeyException" -> "the ciphertext was not made with this key: the value was modified";
        case "AccessDeniedException" -> "not allowed: grant kms:" + op + " on the key"
            + " (with the encryption context " + CONTEXT_KEY + "=" + CONTEXT_VALUE + ")";
        case "InvalidKeyUsageException" -> "the key cannot encrypt and decrypt (use a symmetric ENCRYPT_DECRYPT key)";
        case "KeyUnavailableException", "DependencyTimeoutException", "KMSInternalException" ->
            "KMS is unavailable; try again";
        default -> null;
      };
      String msg = k.awsErrorDetails().errorMessage();
      return new CryptoException(where + " failed: " + code + (hint != null ? ": " + hint : "")
          + (msg != null && !msg.isBlank() && hint == null ? ": " + msg : ""), e);
    }
    if (e instanceof SdkClientException) {
      return new CryptoException(where + " failed: cannot reach AWS KMS (" + e.getMessage()
          + "); check the network, region and AWS_ENDPOINT_URL", e);
    }
    return new CryptoException(where + " failed: " + e.getClass().getSimpleName(), e);
  }

  /** Builds a {@link KmsKeyring}. Not thread-safe. */
  public static final class Builder {
    private String keyId;
    private final Set<String> allowed = new LinkedHashSet<>();
    private KmsClient client;
    private String region;
    private URI endpoint;
    private AwsCredentialsProvider credentials;

    private Builder() {}

    /**
     * The key that encrypts: a key id, key ARN, alias name ({@code alias/esc4j}) or alias ARN.
     * Without it the keyring only decrypts.
     *
     * @param id the key
     * @return this builder
     */
    public Builder keyId(String id) {
      if (id == null || id.isBlank()) {
        throw new IllegalArgumentException("the KMS key id must not be blank");
      }
      this.keyId = id;
      return this;
    }

    /**
     * Restricts decryption to values encrypted with these key ARNs; a value recorded with another
     * key is refused before KMS is called. By default any key the caller may use decrypts.
     *
     * @param keyArns key ARNs
     * @return this builder
     */
    public Builder allowKeys(String... keyArns) {
      for (String k : keyArns) {
        allowed.add(Objects.requireNonNull(k, "key"));
      }
      return this;
    }

    /**
     * The KMS client to use (the keyring does not close it). Overrides {@link #region}, {@link
     * #endpoint} and {@link #credentials}.
     *
     * @param kms the client
     * @return this builder
     */
    public Builder client(KmsClient kms) {
      this.client = Objects.requireNonNull(kms, "client");
      return this;
    }

    /**
     * The region of the client this keyring builds (default: the SDK's region chain, {@code
     * AWS_REGION} and the profile).
     *
     * @param r the region, e.g. {@code eu-west-1}
     * @return this builder
     */
    public Builder region(String r) {
      this.region = Objects.requireNonNull(r, "region");
      return this;
    }

    /**
     * An endpoint override (default: the SDK's, which honours {@code AWS_ENDPOINT_URL_KMS} and
     * {@code AWS_ENDPOINT_URL}).
     *
     * @param uri the endpoint, e.g. a local emulator
     * @return this builder
     */
    public Builder endpoint(URI uri) {
      this.endpoint = Objects.requireNonNull(uri, "endpoint");
      return this;
    }

    /**
     * The credentials (default: the SDK's default credentials chain).
     *
     * @param provider the credentials provider, e.g. {@code EscAws.credentials(env, "aws.login")}
     * @return this builder
     */
    public Builder credentials(AwsCredentialsProvider provider) {
      this.credentials = Objects.requireNonNull(provider, "credentials");
      return this;
    }

    /**
     * Builds the keyring; the KMS client, unless one was given, is built now with the
     * url-connection HTTP client.
     *
     * @return the keyring
     */
    public KmsKeyring build() {
      if (client != null) {
        return new KmsKeyring(this, client, false);
      }
      KmsClientBuilder b = KmsClient.builder().httpClient(UrlConnectionHttpClient.builder().build());
      if (region != null) {
        b.region(Region.of(region));
      }
      if (endpoint != null) {
        b.endpointOverride(endpoint);
      }
      if (credentials != null) {
        b.credentialsProvider(credentials);
      }
      return new KmsKeyring(this, b.build(), true);
    }
  }
}
