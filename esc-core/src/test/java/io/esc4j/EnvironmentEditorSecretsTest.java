package io.esc4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esc4j.crypto.LocalKey;
import io.esc4j.crypto.LocalKeyring;
import io.esc4j.spi.CryptoException;
import io.esc4j.spi.Decrypter;
import io.esc4j.spi.Encrypter;
import io.esc4j.spi.EnvironmentStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Secrets at rest through {@link EnvironmentEditor}: the esc-crypt twins under rot128 and under
 * a real AES-256-GCM key, re-encryption with a new key, and canaries that a plaintext secret
 * never reaches the document, an exception message or a {@code toString()}.
 */
class EnvironmentEditorSecretsTest {
  static final Path CRYPT = Path.of(System.getProperty("esc.shared", "../../shared"), "conformance/esc-crypt");

  static final Encrypter ROT128_ENC = EnvironmentEditorSecretsTest::rot;
  static final Decrypter ROT128_DEC = EnvironmentEditorSecretsTest::rot;

  static byte[] rot(byte[] in) {
    byte[] out = in.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) (out[i] + 128);
    }
    return out;
  }

  static Stream<String> cases() throws IOException {
    try (Stream<Path> s = Files.list(CRYPT)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".plaintext.yaml"))
          .map(n -> n.substring(0, n.length() - ".plaintext.yaml".length())).sorted().toList().stream();
    }
  }

  static String read(String file) throws IOException {
    return Files.readString(CRYPT.resolve(file));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rot128EncryptAndDecryptGiveTheTwinsByteForByte(String name) throws Exception {
    String plain = read(name + ".plaintext.yaml");
    String cipher = read(name + ".ciphertext.yaml");
    EnvironmentEditor ed = EnvironmentEditor.of(name, plain);
    assertThat(ed.encryptAll(ROT128_ENC)).isPositive();
    assertThat(ed.text()).isEqualTo(cipher);
    assertThat(EnvironmentEditor.of(name, cipher).decryptAll(ROT128_DEC)).isEqualTo(plain);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aesRoundTripsEveryCase(String name) throws Exception {
    String plain = read(name + ".plaintext.yaml");
    LocalKeyring key = LocalKeyring.of(LocalKey.generate());
    EnvironmentEditor ed = EnvironmentEditor.of(name, plain);
    int n = ed.encryptAll(key);
    assertThat(n).isPositive();
    String encrypted = ed.text();
    assertThat(encrypted).doesNotContain("hunter2").doesNotContain(": secretAccessKey}");
    assertThat(Pattern.compile("ciphertext: ZXNjeA").matcher(encrypted).results().count()).isEqualTo(n);
    assertThat(EnvironmentEditor.of(name, encrypted).decryptAll(key)).isEqualTo(plain);
    // the rot128 twin decrypts to the same document after re-encryption with the AES key
    EnvironmentEditor twin = EnvironmentEditor.of(name, read(name + ".ciphertext.yaml"));
    assertThat(twin.reencryptAll(ROT128_DEC, key)).isEqualTo(n);
    assertThat(twin.decryptAll(key)).isEqualTo(plain);
    LocalKeyring other = LocalKeyring.of(LocalKey.generate());
    assertThatThrownBy(() -> twin.decryptAll(other)).isInstanceOf(CryptoException.class)
        .hasMessageContaining(key.primary().id()).hasMessageNotContaining("hunter2");
  }

  @Test
  void aesCiphertextOpensWithTheKeyAndFailsClearlyWithAnother() throws Exception {
    LocalKey k1 = LocalKey.generate();
    LocalKey k2 = LocalKey.generate();
    String doc = EnvironmentEditor.of("app/dev", "values:\n  db:\n    user: admin\n")
        .setSecret("values.db.password", "CANARY-pw-81c2", LocalKeyring.of(k1)).text();
    assertThat(doc).startsWith("values:\n  db:\n    user: admin\n    password:\n      fn::secret:\n        ciphertext: ZXNjeA")
        .doesNotContain("CANARY");
    EnvironmentStore store = EnvironmentStore.inMemory(Map.of("app/dev", doc));
    try (OpenEnvironment env = Environment.builder().store(store).noProviderDiscovery()
        .decrypter(LocalKeyring.of(k1)).open("app/dev")) {
      assertThat(env.getSecret("db.password").reveal()).isEqualTo("CANARY-pw-81c2");
      assertThat(env.toString()).doesNotContain("CANARY");
    }
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> Environment.builder()
        .store(store).noProviderDiscovery().decrypter(LocalKeyring.of(k2)).open("app/dev"));
    assertThat(t).isInstanceOf(EnvironmentException.class)
        .hasMessageContaining("encrypted with key " + k1.id()).hasMessageNotContaining("CANARY");
    // check does not decrypt: no key needed
    assertThat(Environment.builder().store(store).noProviderDiscovery().check("app/dev").hasErrors()).isFalse();

    // tamper with the ciphertext and fix up the envelope's CRC: authentication still catches it
    Matcher m = Pattern.compile("ciphertext: (\\S+)").matcher(doc);
    assertThat(m.find()).isTrue();
    byte[] env = java.util.Base64.getDecoder().decode(m.group(1));
    env[env.length - 6] ^= 0x10;
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(env, 0, env.length - 4);
    java.nio.ByteBuffer.wrap(env).putInt(env.length - 4, (int) crc.getValue());
    String tampered = doc.replace(m.group(1), java.util.Base64.getEncoder().encodeToString(env));
    assertThatThrownBy(() -> Environment.builder().store(EnvironmentStore.inMemory(Map.of("app/dev", tampered)))
        .noProviderDiscovery().decrypter(LocalKeyring.of(k1)).open("app/dev"))
        .hasMessageContaining("failed authentication").hasMessageContaining("app/dev:5:7");
    assertThatThrownBy(() -> EnvironmentEditor.of("app/dev", tampered).decryptAll(LocalKeyring.of(k1)))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("values.db.password").hasMessageContaining("failed authentication");
    // a truncated value fails at the envelope
    String cut = doc.replace(m.group(1), m.group(1).substring(0, 12));
    assertThatThrownBy(() -> EnvironmentEditor.of("app/dev", cut).decryptAll(LocalKeyring.of(k1)))
        .hasMessageContaining("invalid ciphertext");
  }

  @Test
  void rotationReencryptsOnlyTheBase64(@TempDir Path dir) throws Exception {
    LocalKey old = LocalKey.generate();
    String doc = "values:\n  # keep me\n  a: {fn::secret: CANARY-a}\n  b:\n    fn::secret: CANARY-b # and me\n";
    EnvironmentEditor ed = EnvironmentEditor.of("x", doc);
    assertThat(ed.encryptAll(LocalKeyring.of(old))).isEqualTo(2);
    String encrypted = ed.text();
    LocalKey fresh = LocalKey.generate();
    assertThat(ed.reencryptAll(LocalKeyring.of(fresh, old), LocalKeyring.of(fresh))).isEqualTo(2);
    assertThat(ed.text().replaceAll("ZXNjeA[A-Za-z0-9+/=]+", "B64"))
        .isEqualTo(encrypted.replaceAll("ZXNjeA[A-Za-z0-9+/=]+", "B64"))
        .isEqualTo("values:\n  # keep me\n  a: {fn::secret: {ciphertext: B64}}\n  b:\n    fn::secret:\n      ciphertext: B64 # and me\n");
    assertThat(ed.decryptAll(LocalKeyring.of(fresh))).isEqualTo(doc);
    assertThatThrownBy(() -> ed.decryptAll(LocalKeyring.of(old))).hasMessageContaining(fresh.id());
  }

  @Test
  void canaryPlaintextNeverReachesTheFileOrMessages(@TempDir Path dir) throws Exception {
    String canary = "CANARY-set-secret-0b9d";
    LocalKeyring key = LocalKeyring.of(LocalKey.generate());
    Path file = dir.resolve("dev.yaml");
    Files.writeString(file, "values:\n  aws:\n    creds:\n      accessKeyId: AKIA\n");
    EnvironmentEditor ed = EnvironmentEditor.of("dev", Files.readAllBytes(file));
    ed.setSecret("values.aws.creds.secretAccessKey", canary, key);
    Files.writeString(file, ed.text());
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        assertThat(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1)).doesNotContain("CANARY");
      }
    }
    assertThat(ed.toString()).doesNotContain("CANARY");
    // failures name paths, not values
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(
        () -> ed.setSecret("values.aws.creds.accessKeyId.x", canary, key));
    assertThat(t).isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("CANARY");
    Throwable enc = org.assertj.core.api.Assertions.catchThrowable(() -> ed.setSecret("values.s", canary,
        p -> {
          throw new CryptoException("key service unavailable");
        }));
    assertThat(enc).hasMessageNotContaining("CANARY");
    assertThat(ed.text()).doesNotContain("CANARY");
    // decryptAll is the one place the plaintext is asked for, so this test can fail
    assertThat(ed.decryptAll(key)).contains("secretAccessKey:\n        fn::secret: " + canary);
    assertThat(ed.text()).doesNotContain("CANARY");
  }

  @Test
  void setYamlAndGet() {
    EnvironmentEditor ed = EnvironmentEditor.of("x", EnvironmentEditor.emptyDocument());
    ed.setYaml("values.num", "42").setYaml("values.s", "\"42\"").setYaml("values.l", "[a, b]");
    assertThat(ed.text()).isEqualTo("values:\n  num: 42\n  s: '42'\n  l:\n    - a\n    - b\n");
    assertThat(ed.get("values.l[1]")).contains("b");
    assertThat(ed.remove("values.l")).isTrue();
    assertThat(ed.get("values.l")).isEmpty();
  }
}
