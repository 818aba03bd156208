package io.esc4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code esc key init} and {@code esc env init/set/get/rm/encrypt/decrypt} through the real jar:
 * in-place edits, secrets from standard input, and a canary that the plaintext reaches neither
 * disk nor output unless {@code esc env decrypt} is asked for it.
 */
class EnvEditCommandTest {
  static final String CANARY = "CANARY-cli-secret-6a0f";

  static void assertNoCanaryOnDisk(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        assertThat(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1))
            .as("%s", p).doesNotContain("CANARY");
      }
    }
  }

  @Test
  void secretFromStdinIsEncryptedAndNeverPrinted(@TempDir Path tmp) throws IOException {
    Path keyFile = tmp.resolve("conf/esc4j/key");
    Map<String, String> env = Cli.env("XDG_CONFIG_HOME", tmp.resolve("conf").toString());
    Cli.Result key = Cli.run(env, null, "key", "init").assertCode(0);
    assertThat(key.out().strip()).matches("[0-9a-f]{16}");
    assertThat(keyFile).exists();
    String dir = tmp.resolve("envs").toString();

    Cli.run(env, null, "env", "init", "myapp/dev", "--dir", dir).assertCode(0);
    Path file = tmp.resolve("envs/myapp/dev.yaml");
    assertThat(file).hasContent("values: {}");
    Cli.run(env, null, "env", "init", "myapp/dev", "--dir", dir).assertCode(1);

    Cli.run(env, null, "env", "set", "myapp/dev", "region", "us-west-2", "--dir", dir).assertCode(0);
    Cli.Result set = Cli.run(env, CANARY + "\n", "env", "set", "--secret", "myapp/dev",
        "aws.creds.secretAccessKey", "-", "--dir", dir).assertCode(0);
    assertThat(set.out() + set.err()).doesNotContain("CANARY");
    String text = Files.readString(file);
    assertThat(text).startsWith("values:\n  region: us-west-2\n  aws:\n    creds:\n      secretAccessKey:\n"
        + "        fn::secret:\n          ciphertext: ZXNjeA");
    assertNoCanaryOnDisk(tmp);

    Cli.Result get = Cli.run(env, null, "env", "get", "myapp/dev", "aws.creds.secretAccessKey", "--dir", dir)
        .assertCode(0);
    assertThat(get.out()).startsWith("fn::secret:").doesNotContain("CANARY");

    // asked for: decrypt prints the plaintext to stdout (so this canary test can fail) and writes nothing
    Cli.Result dec = Cli.run(env, null, "env", "decrypt", "myapp/dev", "--dir", dir).assertCode(0);
    assertThat(dec.out()).contains("secretAccessKey:\n        fn::secret: " + CANARY + "\n");
    assertThat(dec.err()).doesNotContain("CANARY");
    assertThat(Files.readString(file)).isEqualTo(text);

    // the wrong key: a clear error naming both key ids, no plaintext
    Path other = tmp.resolve("other-key");
    Cli.run(env, null, "key", "init", "--file", other.toString()).assertCode(0);
    Cli.Result wrong = Cli.run(env, null, "env", "decrypt", "myapp/dev", "--dir", dir,
        "--key-file", other.toString()).assertCode(1);
    assertThat(wrong.err()).contains("values.aws.creds.secretAccessKey")
        .contains("encrypted with key " + key.out().strip()).doesNotContain("CANARY");
    assertThat(wrong.out()).isEmpty();

    // rotation: a new primary key, re-encrypt, and the old key alone no longer reads it
    Path old = tmp.resolve("old-key");
    Files.copy(keyFile, old);
    Cli.Result rot = Cli.run(env, null, "key", "init", "--rotate").assertCode(0);
    Cli.run(env, null, "env", "encrypt", "--rekey", "myapp/dev", "--dir", dir).assertCode(0);
    assertThat(Files.readString(file)).isNotEqualTo(text);
    assertThat(Cli.run(env, null, "env", "decrypt", "myapp/dev", "--dir", dir, "--key-file", old.toString())
        .assertCode(1).err()).contains(rot.out().strip());
    assertThat(Cli.run(env, null, "env", "decrypt", "myapp/dev", "--dir", dir).assertCode(0).out())
        .contains(CANARY);
    assertNoCanaryOnDisk(tmp);
  }

  @Test
  void editsKeepTheRestOfTheFile(@TempDir Path tmp) throws IOException {
    String doc = """
        # my environment
        imports:
          - base
        values:
          # the database
          db:
            host: "db.example.com"  # quoted

            port: 5432
          password: {fn::secret: CANARY-plain-1}
        """;
    Path file = Cli.write(tmp, "myapp/dev", doc.stripTrailing());
    Map<String, String> env = Cli.env("ESC_KEY_FILE", tmp.resolve("k").toString());
    Cli.run(env, null, "key", "init").assertCode(0);
    String dir = tmp.toString();
    Cli.run(env, null, "env", "set", "myapp/dev", "db.port", "6543", "--dir", dir).assertCode(0);
    Cli.run(env, null, "env", "set", "myapp/dev", "db.host", "db2.example.com", "--dir", dir).assertCode(0);
    Cli.run(env, null, "env", "set", "myapp/dev", "db.user", "42", "--string", "--dir", dir).assertCode(0);
    Cli.run(env, null, "env", "rm", "myapp/dev", "db.port", "--dir", dir).assertCode(0);
    assertThat(file).hasContent(doc.replace("\"db.example.com\"", "\"db2.example.com\"")
        .replace("    port: 5432\n", "    user: '42'\n").stripTrailing());
    Cli.run(env, null, "env", "rm", "myapp/dev", "db.nope", "--dir", dir).assertCode(1);
    Cli.run(env, null, "env", "set", "myapp/dev", "db.host.x", "1", "--dir", dir).assertCode(2);

    Cli.Result enc = Cli.run(env, null, "env", "encrypt", "myapp/dev", "--dir", dir).assertCode(0);
    assertThat(enc.err()).contains("Encrypted 1 secret");
    assertThat(Files.readString(file)).contains("password: {fn::secret: {ciphertext: ZXNjeA")
        .contains("# the database").doesNotContain("CANARY");
  }

  @Test
  void keysStayOutOfRepositoriesAndHelpMentionsStdin(@TempDir Path tmp) throws IOException {
    Files.createDirectories(tmp.resolve("repo/.git"));
    Cli.Result r = Cli.run(Map.of(), null, "key", "init", "--file", tmp.resolve("repo/keys/k").toString())
        .assertCode(2);
    assertThat(r.err()).contains("git work tree");
    assertThat(tmp.resolve("repo/keys/k")).doesNotExist();
    assertThat(Cli.run("env", "set", "--help").assertCode(0).out()).contains("standard input")
        .contains("shell history");
    assertThat(Cli.run("--help").assertCode(0).out()).contains("env").contains("key");
  }
}
