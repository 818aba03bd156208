package io.esc4j.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esc4j.spi.CryptoException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AES-256-GCM payloads: round trips, key ids, and clear failures instead of garbage. */
class LocalKeyringTest {
  static final byte[] PLAIN = "CANARY-aes-5e1f".getBytes(StandardCharsets.UTF_8);

  @Test
  void roundTripsWithAFreshNonceEachTime() throws Exception {
    LocalKeyring k = LocalKeyring.of(LocalKey.generate());
    byte[] a = k.encrypt(PLAIN);
    byte[] b = k.encrypt(PLAIN);
    assertThat(a).isNotEqualTo(b);
    assertThat(new String(a, StandardCharsets.ISO_8859_1)).doesNotContain("CANARY");
    assertThat(k.decrypt(a)).isEqualTo(PLAIN);
    assertThat(k.decrypt(b)).isEqualTo(PLAIN);
    assertThat(a.length).isEqualTo(2 + 8 + 12 + PLAIN.length + 16);
    assertThat(a[0]).isEqualTo((byte) 1);
    assertThat(a[1]).isEqualTo((byte) 1);
    assertThat(k.decrypt(k.encrypt(new byte[0]))).isEmpty();
  }

  @Test
  void everyFlippedBitIsDetected() throws Exception {
    LocalKeyring k = LocalKeyring.of(LocalKey.generate());
    byte[] ct = k.encrypt(PLAIN);
    for (int i = 0; i < ct.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] t = ct.clone();
        t[i] ^= (byte) (1 << bit);
        assertThatThrownBy(() -> k.decrypt(t)).as("byte %d bit %d", i, bit)
            .isInstanceOf(CryptoException.class)
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain("CANARY"));
      }
    }
  }

  @Test
  void tamperingTruncationAndWrongKeysSayWhat() throws Exception {
    LocalKey key = LocalKey.generate();
    LocalKey other = LocalKey.generate();
    LocalKeyring k = LocalKeyring.of(key);
    byte[] ct = k.encrypt(PLAIN);
    byte[] tampered = ct.clone();
    tampered[ct.length - 20] ^= 1;
    assertThatThrownBy(() -> k.decrypt(tampered)).hasMessageContaining("failed authentication")
        .hasMessageContaining(key.id());
    byte[] cut = java.util.Arrays.copyOf(ct, ct.length - 1);
    assertThatThrownBy(() -> k.decrypt(cut)).hasMessageContaining("failed authentication");
    assertThatThrownBy(() -> k.decrypt(java.util.Arrays.copyOf(ct, 20)))
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> LocalKeyring.of(other).decrypt(ct))
        .hasMessageContaining("encrypted with key " + key.id())
        .hasMessageContaining(other.id());
    byte[] rot = {(byte) 0xe8, (byte) 0xf5, (byte) 0xee, (byte) 0xf4};
    assertThatThrownBy(() -> k.decrypt(rot)).hasMessageContaining("not encrypted with an esc4j key");
    byte[] kms = ct.clone();
    kms[1] = 2;
    assertThatThrownBy(() -> k.decrypt(kms)).hasMessageContaining("AWS KMS");
  }

  @Test
  void olderKeysStillDecryptButOnlyThePrimaryEncrypts() throws Exception {
    LocalKey old = LocalKey.generate();
    LocalKey current = LocalKey.generate();
    byte[] byOld = LocalKeyring.of(old).encrypt(PLAIN);
    LocalKeyring ring = LocalKeyring.of(current, old);
    assertThat(ring.decrypt(byOld)).isEqualTo(PLAIN);
    assertThat(LocalKeyring.of(current).decrypt(ring.encrypt(PLAIN))).isEqualTo(PLAIN);
  }

  @Test
  void keysParseAndNeverPrintThemselves() {
    LocalKey k = LocalKey.generate();
    assertThat(LocalKey.parse(" " + k.encoded() + "\n")).isEqualTo(k);
    assertThat(LocalKey.parse(k.encoded()).id()).isEqualTo(k.id()).hasSize(16);
    assertThat(k.toString()).contains(k.id()).doesNotContain(k.encoded().substring(16));
    String body = k.encoded().substring(LocalKey.PREFIX.length());
    assertThat(LocalKeyring.of(k).toString()).doesNotContain(body);
    assertThatThrownBy(() -> LocalKey.parse("esc4j-aes256gcm:" + body.substring(4)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(body.substring(4, 20));
    assertThatThrownBy(() -> LocalKey.parse(body)).hasMessageContaining("must start with");
  }

  @Test
  void keyFilesAreOwnerOnlyAndRotate(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("conf/esc4j/key");
    LocalKey first = LocalKey.generate();
    LocalKeyring.writeKeyFile(f, first);
    if (Files.getFileAttributeView(f, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
    }
    assertThatThrownBy(() -> LocalKeyring.writeKeyFile(f, LocalKey.generate()))
        .hasMessageContaining("already exists");
    assertThat(LocalKeyring.read(f).primary()).isEqualTo(first);
    LocalKey second = LocalKey.generate();
    LocalKeyring ring = LocalKeyring.rotateKeyFile(f, second);
    assertThat(ring.keys()).containsExactly(second, first);
    assertThat(LocalKeyring.read(f).keys()).containsExactly(second, first);

    assertThat(LocalKeyring.fromEnvironment(Map.of("ESC_KEY_FILE", f.toString())).orElseThrow().primary())
        .isEqualTo(second);
    assertThat(LocalKeyring.fromEnvironment(Map.of("ESC_KEY", first.encoded())).orElseThrow().primary())
        .isEqualTo(first);
    assertThat(LocalKeyring.fromEnvironment(Map.of("XDG_CONFIG_HOME", dir.resolve("conf").toString()))
        .orElseThrow().keys()).containsExactly(second, first);
    assertThat(LocalKeyring.fromEnvironment(Map.of("XDG_CONFIG_HOME", dir.resolve("none").toString())))
        .isEmpty();
  }
}
