package io.esc4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.esc4j.spi.CryptoException;
import io.esc4j.spi.Decrypter;
import io.esc4j.spi.EnvironmentStore;
import io.esc4j.spi.Provider;
import io.esc4j.spi.ProviderContext;
import io.esc4j.spi.ProviderException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Plants distinctive secret values (plaintext {@code fn::secret}, ciphertext decrypted by a test
 * {@link Decrypter}, provider outputs marked secret) and asserts that they show up in no {@code
 * toString()}, no exception message, no redacted JSON, no log record and nothing printed, on the
 * happy path and on the error paths; and that they do show up where the plaintext is asked for,
 * so that this test can fail.
 */
class SecretCanaryTest {
  /** Every canary contains this; nothing else in the documents does. */
  private static final String MARK = "CANARY";

  private static final String PLAIN = "CANARY-plain-7f3a9c";
  private static final String QUOTED = "CANARY-quoted-e51b07";
  private static final String BLOCK = "CANARY-block-2c6d88";
  private static final String CIPHER = "CANARY-cipher-41d2e8";
  private static final String VAULT_PASSWORD = "CANARY-vault-pw-93ab5e";
  private static final String VAULT_TOKEN = "CANARY-vault-token-d07c31";
  private static final String WHOLE = "CANARY-whole-6e2f94";

  /** The canaries and fragments of them that must never leak (the split parts, the base64 form). */
  private static final List<String> NEVER = List.of(MARK, "7f3a9c", "e51b07", "2c6d88", "41d2e8", "93ab5e", "d07c31",
      "6e2f94", base64(PLAIN).substring(0, 16), "Q0FOQVJZ");

  private static final String MAIN = """
      values:
        plain: {fn::secret: CANARY-plain-7f3a9c}
        quoted: {fn::secret: "CANARY-quoted-e51b07"}
        block:
          fn::secret: |
            CANARY-block-2c6d88
        cipher: {fn::secret: {ciphertext: %s}}
        vault: {fn::open::canary-vault: {key: db}}
        whole: {fn::open::canary-whole: {}}
        derived:
          url: "postgres://app:${plain}@db:5432/app"
          parts: {fn::split: ["-", "${cipher}"]}
          suffix: ${derived.parts[2]}
          encoded: {fn::toBase64: "${plain}"}
          json: {fn::toJSON: {p: "${vault.password}", w: "${whole}"}}
          parsed: {fn::fromJSON: '{"k": "${quoted}"}'}
          joined: {fn::join: [",", ["${block}", "${vault.token}"]]}
          text: {fn::toString: {b: "${block}"}}
          validated: {fn::validate: {schema: {type: string}, value: "${plain}"}}
          user: ${vault.user}
        environmentVariables:
          DB_PASSWORD: ${plain}
          API_TOKEN: ${vault.token}
          DB_URL: ${derived.url}
          NESTED: {a: "${cipher}"}
          PLAIN_USER: ${vault.user}
        files:
          KEY_FILE: ${cipher}
          BLOCK_FILE: ${block}
      """.formatted(ciphertext(CIPHER));

  private final List<LogRecord> records = new ArrayList<>();
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      synchronized (records) {
        records.add(record);
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private Level rootLevel;
  private PrintStream out;
  private PrintStream err;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  @BeforeEach
  void capture() {
    Logger root = Logger.getLogger("");
    rootLevel = root.getLevel();
    root.setLevel(Level.ALL);
    root.addHandler(handler);
    out = System.out;
    err = System.err;
    PrintStream both = new PrintStream(printed, true, StandardCharsets.UTF_8);
    System.setOut(both);
    System.setErr(both);
  }

  @AfterEach
  void noLogRecordOrOutputHoldsACanary() {
    Logger root = Logger.getLogger("");
    root.removeHandler(handler);
    root.setLevel(rootLevel);
    System.setOut(out);
    System.setErr(err);
    SimpleFormatter f = new SimpleFormatter();
    synchronized (records) {
      for (LogRecord r : records) {
        assertNoCanary("log record " + r.getLoggerName(), f.format(r));
        assertNoCanary("log record parameters", String.valueOf(r.getParameters() == null ? "" : List.of(r.getParameters())));
      }
    }
    assertNoCanary("System.out/System.err", printed.toString(StandardCharsets.UTF_8));
  }

  // ---------------------------------------------------------------- the happy path

  @Test
  void anOpenEnvironmentShowsSecretsOnlyWhenAskedTo() {
    try (OpenEnvironment env = open(Map.of("app/prod", MAIN), "app/prod")) {
      // the plaintext is there when asked for: this test can fail
      String revealed = env.toJson(Redaction.REVEAL);
      for (String canary : List.of(PLAIN, QUOTED, BLOCK, CIPHER, VAULT_PASSWORD, VAULT_TOKEN, WHOLE, base64(PLAIN))) {
        assertThat(revealed).contains(canary);
      }
      assertThat(env.getSecret("plain").reveal()).isEqualTo(PLAIN);
      assertThat(env.getSecret("cipher").reveal()).isEqualTo(CIPHER);
      assertThat(env.getSecret("vault.password").reveal()).isEqualTo(VAULT_PASSWORD);
      assertThat(env.getSecret("whole").reveal()).isEqualTo(WHOLE);
      assertThat(env.getSecret("block").reveal()).isEqualTo(BLOCK + "\n");
      assertThat(env.environmentVariables().get("DB_PASSWORD").reveal()).isEqualTo(PLAIN);
      assertThat(env.environmentVariables().get("NESTED").reveal()).contains(CIPHER);
      assertThat(env.files().get("KEY_FILE").reveal()).isEqualTo(CIPHER);
      assertThat(env.get("derived.suffix").toJson(Redaction.REVEAL)).contains("41d2e8");

      // ... and nowhere else
      assertNoCanary("toJson(REDACT)", env.toJson(Redaction.REDACT));
      assertNoCanary("OpenEnvironment.toString", env.toString());
      assertNoCanary("values().toString", env.values().toString());
      assertNoCanary("warnings", env.warnings().toString());
      walk(env.values(), "values");
      assertNoCanary("environmentVariables", env.environmentVariables().toString());
      env.environmentVariables().forEach((k, v) -> {
        assertNoCanary("Variable " + k, v.toString());
        if (v.reveal().contains(MARK)) {
          assertThat(v.secret()).as("variable %s holds a secret", k).isTrue();
        }
      });
      assertThat(env.environmentVariables().get("PLAIN_USER").secret()).isFalse();
      assertNoCanary("files", env.files().toString());
      env.files().forEach((k, v) -> assertThat(v.secret()).as("file %s", k).isTrue());
      for (String path : List.of("plain", "quoted", "block", "cipher", "vault.password", "vault.token", "whole",
          "derived.url", "derived.parts", "derived.suffix", "derived.encoded", "derived.json", "derived.parsed",
          "derived.parsed.k", "derived.joined", "derived.text", "derived.validated")) {
        EscValue v = env.get(path);
        assertThat(v.containsSecrets()).as("%s is secret", path).isTrue();
        assertNoCanary("get(" + path + ").toString", v.toString());
        assertNoCanary("get(" + path + ").toJson(REDACT)", v.toJson(Redaction.REDACT));
        assertNoCanary("find(" + path + ")", env.find(path).toString());
      }
      Secret<String> s = env.getSecret("plain");
      assertThat(s.toString()).isEqualTo("[secret]");
      assertNoCanary("Secret.map", s.map(String::length).toString());
      assertNoCanary("Secret.map", s.map(x -> x + "!").toString());
    }
  }

  @Test
  void aStaticCheckShowsNoSecret() {
    CheckResult r = builder(Map.of("app/prod", MAIN)).check("app/prod");
    assertThat(r.hasErrors()).as(r.rendered()).isFalse();
    assertNoCanary("CheckResult.toString", r.toString());
    assertNoCanary("CheckResult.rendered", r.rendered());
    r.values().ifPresent(v -> {
      assertNoCanary("check values", v.toJson(Redaction.REDACT));
      walk(v, "check");
    });
    // in a check the plaintext secret is known, ciphertext and providers are not
    assertThat(r.values().orElseThrow().toJson(Redaction.REVEAL)).contains(PLAIN).doesNotContain(CIPHER);
  }

  // ---------------------------------------------------------------- error paths

  @Test
  void anErrorOnTheLineOfAPlaintextSecretMasksIt() {
    String doc = """
        values:
          a: {s: {fn::secret: CANARY-plain-7f3a9c}, bad: "${nope}"}
          b: {s: {fn::secret: "CANARY-quoted-e51b07"}, bad: "${nope}"}
          c: {s: {fn::secret: 'CANARY-quoted-e51b07'}, bad: "${nope}"}
          d: {s: {fn::secret: "CANARY-quoted-\\u0065\\u0035\\u0031b07"}, bad: "${nope}"}
          e: {s: {fn::secret: "CANARY-quoted-
            e51b07"}, bad: "${nope}"}
          f: {fn::secret: "CANARY-block-2c6d88 ${nope}"}
          g: {fn::secret: [CANARY-block-2c6d88]}
          h: {fn::secret: CANARY-plain-7f3a9c}
          h: duplicate
        """;
    EnvironmentException e = openFails(Map.of("app/err", doc), "app/err");
    assertThat(e.errors()).hasSizeGreaterThanOrEqualTo(8);
    assertThat(e.getMessage()).contains("app/err:2:").contains("app/err:7:").contains("****");
    assertNoCanary(e);
  }

  @Test
  void aYamlSyntaxErrorOnTheLineOfAPlaintextSecretMasksIt() {
    assertNoCanary(openFails(Map.of("app/err", "values:\n  a: {fn::secret: CANARY-plain-7f3a9c, b: [}\n"), "app/err"));
    assertNoCanary(openFails(Map.of("app/err", "values:\n  a: {\"fn::secret\": \"CANARY-plain-7f3a9c\"}}\n"), "app/err"));
    assertNoCanary(openFails(Map.of("app/err", """
        values:
          a:
            fn::secret: CANARY-plain-7f3a9c
              CANARY-block-2c6d88: oops
        """), "app/err"));
    assertNoCanary(openFails(Map.of("app/err", """
        values:
          a:
            fn::secret: |
              CANARY-block-2c6d88
             CANARY-plain-7f3a9c: oops
        """), "app/err"));
    assertNoCanary(openFails(Map.of("app/err", "values:\n  a: {fn::secret: CANARY-plain-7f3a9c}\n\tb: 1\n"), "app/err"));
  }

  @Test
  void aStructuralErrorAroundAPlaintextSecretMasksIt() {
    assertNoCanary(openFails(Map.of("app/err", "values: [{fn::secret: CANARY-plain-7f3a9c}]\n"), "app/err"));
    assertNoCanary(openFails(Map.of("app/err", "imports: [{fn::secret: CANARY-plain-7f3a9c}]\n"), "app/err"));
    Map<String, String> docs = new LinkedHashMap<>();
    docs.put("app/root", "imports:\n  - app/base\nvalues:\n  a: 1\n");
    docs.put("app/base", "values:\n  plain: {fn::secret: CANARY-plain-7f3a9c, x: \"${nope}\"}\n");
    assertNoCanary(openFails(docs, "app/root"));
  }

  @Test
  void aMalformedSecretCallStaysSecretInACheck() {
    assertNoCanary(openFails(Map.of("app/err", "values:\n  fn::secret: CANARY-plain-7f3a9c\n"), "app/err"));
    assertNoCanary(openFails(Map.of("app/err", "values:\n  a: {fn::secret: CANARY-plain-7f3a9c, other: 1}\n"),
        "app/err"));
  }

  @Test
  void anErrorInAnImportedEnvironmentMasksItsSecrets() {
    Map<String, String> docs = new LinkedHashMap<>();
    docs.put("app/root", "imports:\n  - app/base\nvalues:\n  a: ${plain}\n");
    docs.put("app/base", "values:\n  plain: {fn::secret: CANARY-plain-7f3a9c}\n"
        + "  other: {s: {fn::secret: CANARY-block-2c6d88}, x: \"${nope}\"}\n");
    EnvironmentException e = openFails(docs, "app/root");
    assertThat(e.getMessage()).startsWith("cannot open app/root: ").contains("app/base:3:");
    assertNoCanary(e);
  }

  @Test
  void errorsAboutSecretValuesDoNotQuoteThem() {
    String doc = """
        values:
          s: {fn::secret: CANARY-plain-7f3a9c}
          c: {fn::secret: {ciphertext: %s}}
          v1: {fn::validate: {schema: {type: string, maxLength: 3}, value: "${s}"}}
          v2: {fn::validate: {schema: {type: string, enum: [a, b]}, value: "${s}"}}
          v3: {fn::validate: {schema: {type: string, pattern: "^x$"}, value: "${c}"}}
          v4: {fn::validate: {schema: {type: string, const: x}, value: "${s}"}}
          v5: {fn::validate: {schema: {type: number}, value: "${c}"}}
          v6: {fn::validate: {schema: {type: object, properties: {k: {type: number}}}, value: {k: "${s}"}}}
          b1: {fn::fromBase64: "${s}"}
          a1: ${s.field}
          a2: ${c[0]}
          j1: {fn::join: ["${s}", [1]]}
          o1: {fn::open::canary-vault: {key: "${s}"}}
        """.formatted(ciphertext(CIPHER));
    EnvironmentException e = openFails(Map.of("app/err", doc), "app/err");
    assertThat(e.errors()).hasSizeGreaterThanOrEqualTo(10);
    assertNoCanary(e);
  }

  @Test
  void fromJsonOfASecretThatIsNotJsonDoesNotQuoteIt() {
    String doc = "values:\n  s: {fn::secret: CANARY-plain-7f3a9c}\n  j: {fn::fromJSON: \"${s}\"}\n";
    assertNoCanary(openFails(Map.of("app/err", doc), "app/err"));
  }

  @Test
  void providerFailuresDoNotShowSecretInputs() {
    String doc = """
        values:
          s: {fn::secret: CANARY-plain-7f3a9c}
          c: {fn::secret: {ciphertext: %s}}
          f1: {fn::open::canary-fail: {password: "${s}"}}
          f2: {fn::open::canary-crash: {password: "${c}"}}
          f3: {fn::open::canary-vault: {key: "${s}"}}
        """.formatted(ciphertext(CIPHER));
    EnvironmentException e = openFails(Map.of("app/err", doc), "app/err");
    assertThat(e.getMessage()).contains("vault refused the request").contains("canary-crash");
    assertNoCanary(e);
  }

  @Test
  void decryptionFailuresDoNotShowSecrets() {
    String tampered = ciphertext(CIPHER).replace('A', 'B');
    String doc = "values:\n  a: {fn::secret: {ciphertext: " + tampered + "}}\n  b: {fn::secret: {ciphertext: "
        + ciphertext("CANARY-x") + "}}\n  p: {fn::secret: CANARY-plain-7f3a9c}\n";
    Decrypter refusing = payload -> {
      throw new CryptoException("key \"test-key\" is disabled");
    };
    Throwable t = catchThrowable(() -> Environment.builder().noProviderDiscovery()
        .store(EnvironmentStore.inMemory(Map.of("app/err", doc))).decrypter(refusing).open("app/err"));
    assertThat(t).isInstanceOf(EnvironmentException.class);
    assertThat(t.getMessage()).contains("decrypting: key \"test-key\" is disabled");
    assertNoCanary((EnvironmentException) t);
  }

  @Test
  void wrongGettersOnSecretValuesDoNotShowThem() {
    try (OpenEnvironment env = open(Map.of("app/prod", MAIN), "app/prod")) {
      List<Throwable> failures = new ArrayList<>();
      failures.add(catchThrowable(() -> env.getString("plain")));
      failures.add(catchThrowable(() -> env.getString("vault.password")));
      failures.add(catchThrowable(() -> env.getString("derived.url")));
      failures.add(catchThrowable(() -> env.getInt("plain")));
      failures.add(catchThrowable(() -> env.getLong("cipher")));
      failures.add(catchThrowable(() -> env.getDecimal("vault.token")));
      failures.add(catchThrowable(() -> env.getBoolean("whole")));
      failures.add(catchThrowable(() -> env.get("plain.nested")));
      failures.add(catchThrowable(() -> env.get("vault.missing")));
      failures.add(catchThrowable(() -> env.get("derived.parts[7]")));
      failures.add(catchThrowable(() -> env.getSecret("vault")));
      failures.add(catchThrowable(() -> env.getSecret("derived.parts")));
      failures.add(catchThrowable(() -> env.get("plain[")));
      assertThat(failures).allSatisfy(f -> assertThat(f).isInstanceOfAny(EnvironmentException.class,
          IllegalArgumentException.class));
      for (Throwable f : failures) {
        assertNoCanary("getter failure", stackTrace(f));
      }
    }
  }

  @Test
  void aFinalOverrideWarningDoesNotShowTheSecret() {
    Map<String, String> docs = new LinkedHashMap<>();
    docs.put("app/root", "imports:\n  - app/base\nvalues:\n  s: {fn::secret: CANARY-block-2c6d88}\n");
    docs.put("app/base", "values:\n  s: {fn::final: {fn::secret: CANARY-plain-7f3a9c}}\n");
    try (OpenEnvironment env = open(docs, "app/root")) {
      assertThat(env.getSecret("s").reveal()).isEqualTo(PLAIN); // the final value stays
      assertThat(env.warnings()).isNotEmpty();
      for (Diagnostic d : env.warnings()) {
        assertNoCanary(d);
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  private static Environment.Builder builder(Map<String, String> docs) {
    return Environment.builder()
        .noProviderDiscovery()
        .store(EnvironmentStore.inMemory(docs))
        .decrypter(SecretCanaryTest::rot128)
        .provider(new Vault())
        .provider(new Whole())
        .provider(new Failing())
        .provider(new Crashing());
  }

  private static OpenEnvironment open(Map<String, String> docs, String name) {
    return builder(docs).open(name);
  }

  private static EnvironmentException openFails(Map<String, String> docs, String name) {
    Throwable t = catchThrowable(() -> open(docs, name));
    assertThat(t).isInstanceOf(EnvironmentException.class);
    // the check of the same documents renders the same diagnostics
    CheckResult r = builder(docs).check(name);
    assertNoCanary("CheckResult.rendered", r.rendered());
    assertNoCanary("CheckResult.toString", r.toString());
    return (EnvironmentException) t;
  }

  private static void assertNoCanary(EnvironmentException e) {
    assertThat(e.getMessage()).contains(e.environment());
    assertNoCanary("exception", stackTrace(e));
    assertNoCanary("exception toString", e.toString());
    for (Diagnostic d : e.diagnostics()) {
      assertNoCanary(d);
    }
  }

  private static void assertNoCanary(Diagnostic d) {
    assertNoCanary("Diagnostic.toString", d.toString());
    assertNoCanary("Diagnostic.headline", d.headline());
    assertNoCanary("Diagnostic.summary", d.summary());
    assertNoCanary("Diagnostic.path", d.path());
    assertNoCanary("Diagnostic.fix", d.fix());
  }

  private static void assertNoCanary(String where, String text) {
    for (String canary : NEVER) {
      assertThat(text).as("%s must not contain \"%s\"", where, canary).doesNotContain(canary);
    }
  }

  /** Checks every node's toString and redacted JSON. */
  private static void walk(EscValue v, String path) {
    assertNoCanary(path + " toString", v.toString());
    assertNoCanary(path + " toJson(REDACT)", v.toJson(Redaction.REDACT));
    if (v instanceof EscValue.Arr a) {
      for (int i = 0; i < a.items().size(); i++) {
        walk(a.items().get(i), path + "[" + i + "]");
      }
    } else if (v instanceof EscValue.Obj o) {
      assertNoCanary(path + " properties", o.properties().toString());
      o.properties().forEach((k, x) -> walk(x, path + "." + k));
    }
  }

  private static String stackTrace(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w.toString();
  }

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** The test cipher of the format spec (10.2): flip the top bit of every byte. */
  private static byte[] rot128(byte[] in) {
    byte[] out = new byte[in.length];
    for (int i = 0; i < in.length; i++) {
      out[i] = (byte) (in[i] + 128);
    }
    return out;
  }

  /** The ESC envelope of the format spec (10.1) around rot128 of the plaintext. */
  private static String ciphertext(String plaintext) {
    byte[] payload = rot128(plaintext.getBytes(StandardCharsets.UTF_8));
    ByteBuffer b = ByteBuffer.allocate(payload.length + 12);
    b.put("escx".getBytes(StandardCharsets.US_ASCII)).putInt(1).put(payload);
    CRC32 crc = new CRC32();
    crc.update(b.array(), 0, payload.length + 8);
    b.putInt((int) crc.getValue());
    return Base64.getEncoder().encodeToString(b.array());
  }

  /** A vault: secret password and token, a public user name; its input key must be short. */
  private static final class Vault implements Provider {
    @Override
    public String name() {
      return "canary-vault";
    }

    @Override
    public EscValue inputSchema() {
      Map<String, EscValue> key = Map.of("type", EscValue.Str.of("string"), "maxLength", new EscValue.Num("4", false));
      return EscValue.Obj.of(Map.of(
          "type", EscValue.Str.of("object"),
          "properties", EscValue.Obj.of(Map.of("key", EscValue.Obj.of(key)))));
    }

    @Override
    public EscValue open(EscValue.Obj inputs, ProviderContext context) {
      Map<String, EscValue> out = new LinkedHashMap<>();
      out.put("password", new EscValue.Str(VAULT_PASSWORD, true));
      out.put("token", new EscValue.Str(VAULT_TOKEN, true));
      out.put("user", EscValue.Str.of("app"));
      return EscValue.Obj.of(out);
    }
  }

  /** A provider whose whole output is marked secret. */
  private static final class Whole implements Provider {
    @Override
    public String name() {
      return "canary-whole";
    }

    @Override
    public EscValue open(EscValue.Obj inputs, ProviderContext context) {
      return EscValue.Str.of(WHOLE).withSecret(true);
    }
  }

  /** Fails as a well-behaved provider does. */
  private static final class Failing implements Provider {
    @Override
    public String name() {
      return "canary-fail";
    }

    @Override
    public EscValue open(EscValue.Obj inputs, ProviderContext context) throws ProviderException {
      throw new ProviderException("vault refused the request",
          new IllegalStateException("status 403"), false, "check the vault policy");
    }
  }

  /** Fails as a careless provider does: the exception quotes its (secret) input. */
  private static final class Crashing implements Provider {
    @Override
    public String name() {
      return "canary-crash";
    }

    @Override
    public EscValue open(EscValue.Obj inputs, ProviderContext context) {
      throw new IllegalStateException("cannot use password " + inputs.toJson(Redaction.REVEAL));
    }
  }
}
