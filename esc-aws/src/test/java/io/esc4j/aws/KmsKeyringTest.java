package io.esc4j.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.esc4j.Environment;
import io.esc4j.EnvironmentEditor;
import io.esc4j.EnvironmentException;
import io.esc4j.OpenEnvironment;
import io.esc4j.aws.testing.MotoServer;
import io.esc4j.crypto.LocalKey;
import io.esc4j.crypto.LocalKeyring;
import io.esc4j.spi.CryptoException;
import io.esc4j.spi.Decrypter;
import io.esc4j.spi.EnvironmentStore;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

/** {@link KmsKeyring} against {@code moto_server}. */
@ExtendWith(MotoServer.class)
class KmsKeyringTest {
  private static final String CANARY = "kms-canary-Zq81-plaintext";

  static KmsClient kms;
  static KeyMetadata key;
  static KeyMetadata other;

  @BeforeAll
  static void keys() {
    kms = KmsClient.builder().region(Region.of(MotoServer.REGION)).endpointOverride(MotoServer.endpoint())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.builder().build()).build();
    key = kms.createKey(b -> b.description("esc4j test")).keyMetadata();
    other = kms.createKey(b -> b.description("esc4j other")).keyMetadata();
    kms.createAlias(b -> b.aliasName("alias/esc4j-test-" + key.keyId().substring(0, 8)).targetKeyId(key.keyId()));
  }

  @AfterAll
  static void close() {
    kms.close();
  }

  private static KmsKeyring keyring(String keyId) {
    return KmsKeyring.builder().client(kms).keyId(keyId).build();
  }

  @Test
  void roundTripRecordsTheKeyArnBesideTheCiphertext() throws Exception {
    KmsKeyring k = keyring(key.keyId());
    byte[] plain = ("naïve ✓ " + CANARY).getBytes(StandardCharsets.UTF_8);
    byte[] payload = k.encrypt(plain);

    assertThat(payload[0]).isEqualTo((byte) 1);
    assertThat(payload[1]).isEqualTo((byte) KmsKeyring.SCHEME);
    int idLen = ((payload[2] & 0xff) << 8) | (payload[3] & 0xff);
    assertThat(new String(payload, 4, idLen, StandardCharsets.UTF_8)).isEqualTo(key.arn());
    assertThat(KmsKeyring.recordedKeyId(payload)).contains(key.arn());
    assertThat(new String(payload, StandardCharsets.ISO_8859_1)).doesNotContain(CANARY);

    assertThat(k.decrypt(payload)).isEqualTo(plain);
    // a keyring without an encrypting key decrypts with the recorded key
    assertThat(KmsKeyring.builder().client(kms).build().decrypt(payload)).isEqualTo(plain);
  }

  @Test
  void anAliasIsResolvedToTheKeyAtEncryption() throws Exception {
    String alias = "alias/esc4j-test-" + key.keyId().substring(0, 8);
    byte[] payload = keyring(alias).encrypt("v".getBytes(StandardCharsets.UTF_8));
    assertThat(KmsKeyring.recordedKeyId(payload)).contains(key.arn());
    assertThat(keyring(other.keyId()).decrypt(payload)).isEqualTo("v".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aTamperedCiphertextFailsAuthentication() throws Exception {
    byte[] payload = keyring(key.keyId()).encrypt(CANARY.getBytes(StandardCharsets.UTF_8));
    for (int i : new int[] {payload.length - 1, payload.length - 20, 4 + key.arn().length() + 40}) {
      byte[] bad = payload.clone();
      bad[i] ^= 0x01;
      CryptoException e = catchThrowableOfType(() -> keyring(key.keyId()).decrypt(bad), CryptoException.class);
      assertThat(e).as("flip at %d", i).isNotNull();
      assertThat(e.getMessage()).contains(key.arn()).doesNotContain(CANARY);
    }
  }

  @Test
  void aChangedRecordedKeyIdIsRefused() throws Exception {
    byte[] payload = keyring(key.keyId()).encrypt(CANARY.getBytes(StandardCharsets.UTF_8));
    byte[] swapped = withKeyId(payload, other.arn());
    assertThatThrownBy(() -> keyring(key.keyId()).decrypt(swapped))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining(other.arn())
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(CANARY));
  }

  @Test
  void aKeyTheKeyringDoesNotAllowIsRefusedBeforeKmsIsCalled() throws Exception {
    byte[] payload = keyring(key.keyId()).encrypt("x".getBytes(StandardCharsets.UTF_8));
    KmsKeyring strict = KmsKeyring.builder().client(kms).allowKeys(other.arn()).build();
    assertThatThrownBy(() -> strict.decrypt(payload))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("encrypted with AWS KMS key " + key.arn())
        .hasMessageContaining("does not allow");
    assertThat(KmsKeyring.builder().client(kms).allowKeys(key.arn()).build().decrypt(payload))
        .isEqualTo("x".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anUnknownKeyIsAClearError() {
    String missing = "arn:aws:kms:" + MotoServer.REGION + ":123456789012:key/00000000-0000-0000-0000-000000000000";
    assertThatThrownBy(() -> keyring(missing).encrypt("x".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("AWS KMS Encrypt with key " + missing)
        .hasMessageContaining("NotFoundException");
  }

  @Test
  void aDisabledKeyIsAClearError() throws Exception {
    // moto does not check the key state; AWS answers DisabledException (400, JSON 1.1): a stub says it
    KeyMetadata k = kms.createKey(b -> b.description("to disable")).keyMetadata();
    byte[] payload = keyring(k.keyId()).encrypt(CANARY.getBytes(StandardCharsets.UTF_8));
    HttpServer stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    stub.createContext("/", ex -> {
      ex.getRequestBody().readAllBytes();
      byte[] body = ("{\"__type\":\"DisabledException\",\"message\":\"" + k.arn() + " is disabled.\"}")
          .getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
      ex.sendResponseHeaders(400, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    stub.start();
    try (KmsClient disabled = KmsClient.builder().region(Region.of(MotoServer.REGION))
        .endpointOverride(URI.create("http://127.0.0.1:" + stub.getAddress().getPort()))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.builder().build()).build()) {
      KmsKeyring ring = KmsKeyring.builder().client(disabled).keyId(k.keyId()).build();
      assertThatThrownBy(() -> ring.encrypt("x".getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(CryptoException.class)
          .hasMessage("AWS KMS Encrypt with key " + k.keyId()
              + " failed: DisabledException: the key is disabled (aws kms enable-key --key-id ...)");
      assertThatThrownBy(() -> ring.decrypt(payload))
          .isInstanceOf(CryptoException.class)
          .hasMessageContaining("AWS KMS Decrypt with key " + k.arn() + " failed: DisabledException")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(CANARY));
    } finally {
      stub.stop(0);
    }
  }

  @Test
  void malformedPayloadsAreNamedNotDecrypted() throws Exception {
    KmsKeyring k = keyring(key.keyId());
    byte[] good = k.encrypt("x".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> k.decrypt(new byte[0])).hasMessageContaining("unknown payload format");
    assertThatThrownBy(() -> k.decrypt(new byte[] {1, 2, 0})).hasMessageContaining("truncated");
    assertThatThrownBy(() -> k.decrypt(Arrays.copyOf(good, 4 + key.arn().length())))
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> k.decrypt(new byte[] {1, 2, 0, 0, 5})).hasMessageContaining("damaged");
    byte[] local = LocalKeyring.of(LocalKey.generate()).encrypt("x".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> k.decrypt(local))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("local AES-256-GCM key (scheme 1), not AWS KMS");
  }

  @Test
  void limitsAndDecryptOnlyKeyrings() {
    assertThatThrownBy(() -> keyring(key.keyId()).encrypt(new byte[KmsKeyring.MAX_PLAINTEXT + 1]))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("at most 4096 bytes");
    assertThatThrownBy(() -> KmsKeyring.builder().client(kms).build().encrypt(new byte[1]))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("only decrypts");
    assertThat(keyring("alias/x").toString()).isEqualTo("KmsKeyring[alias/x]");
  }

  @Test
  void orElseSendsOtherSchemesToTheOtherDecrypter() throws Exception {
    LocalKeyring local = LocalKeyring.of(LocalKey.generate());
    Decrypter both = keyring(key.keyId()).orElse(local);
    byte[] fromKms = keyring(key.keyId()).encrypt("kms".getBytes(StandardCharsets.UTF_8));
    byte[] fromLocal = local.encrypt("local".getBytes(StandardCharsets.UTF_8));
    assertThat(new String(both.decrypt(fromKms), StandardCharsets.UTF_8)).isEqualTo("kms");
    assertThat(new String(both.decrypt(fromLocal), StandardCharsets.UTF_8)).isEqualTo("local");
  }

  @Test
  void anEnvironmentEncryptedWithKmsOpensAndReportsDamageAtTheValue() throws Exception {
    KmsKeyring k = keyring(key.keyId());
    EnvironmentEditor ed = EnvironmentEditor.of("app/prod", "values:\n  db:\n    host: db.example\n");
    ed.setSecret("values.db.password", CANARY, k);
    String text = ed.text();
    assertThat(text).contains("ciphertext:").doesNotContain(CANARY);

    try (OpenEnvironment env = Environment.builder().store(store("app/prod", text)).decrypter(k).open("app/prod")) {
      assertThat(env.getSecret("db.password").reveal()).isEqualTo(CANARY);
      assertThat(env.getSecret("db.password").toString()).isEqualTo("[secret]");
    }

    // damage one base64 character inside the ciphertext: reported at the value, never decrypted to garbage
    int at = text.indexOf("ciphertext: ") + "ciphertext: ".length() + 60;
    char c = text.charAt(at);
    String damaged = text.substring(0, at) + (c == 'A' ? 'B' : 'A') + text.substring(at + 1);
    assertThatThrownBy(() -> Environment.builder().store(store("app/prod", damaged)).decrypter(k).open("app/prod"))
        .isInstanceOf(EnvironmentException.class)
        .hasMessageContaining("app/prod:5:7: error: invalid ciphertext")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(CANARY));
  }

  private static EnvironmentStore store(String name, String text) {
    return EnvironmentStore.inMemory(Map.of(name, text));
  }

  private static byte[] withKeyId(byte[] payload, String id) {
    int idLen = ((payload[2] & 0xff) << 8) | (payload[3] & 0xff);
    byte[] blob = Arrays.copyOfRange(payload, 4 + idLen, payload.length);
    byte[] nid = id.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(4 + nid.length + blob.length)
        .put((byte) 1).put((byte) 2).putShort((short) nid.length).put(nid).put(blob).array();
  }
}
