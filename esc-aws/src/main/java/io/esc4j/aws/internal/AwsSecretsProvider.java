package io.esc4j.aws.internal;

import io.esc4j.EscValue;
import io.esc4j.aws.AwsClientSettings;
import io.esc4j.spi.Provider;
import io.esc4j.spi.ProviderContext;
import io.esc4j.spi.ProviderException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.APIErrorType;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretValueEntry;

/**
 * {@code fn::open::aws-secrets}: values from AWS Secrets Manager.
 *
 * <p>Entries without {@code versionId}/{@code versionStage} are fetched with {@code
 * BatchGetSecretValue}, 20 secret ids per call, the calls in parallel; versioned entries with one
 * {@code GetSecretValue} each, also in parallel. Every value comes out as a secret string (the
 * {@code SecretString} as is, JSON not parsed: use {@code fn::fromJSON}; a {@code SecretBinary} as
 * base64). All failures of one open are reported together, each naming its entry. When {@code
 * BatchGetSecretValue} is denied (a role allowed only {@code GetSecretValue}), the batch falls back
 * to one {@code GetSecretValue} per secret.
 */
public final class AwsSecretsProvider implements Provider {
  static final String NAME = "aws-secrets";
  static final int BATCH = 20;

  private final AwsClients clients;

  /** Creates the provider (the form {@link java.util.ServiceLoader} uses). */
  public AwsSecretsProvider() {
    this(AwsClients.shared());
  }

  AwsSecretsProvider(AwsClients clients) {
    this.clients = clients;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public EscValue inputSchema() {
    Map<String, EscValue> entry = new LinkedHashMap<>();
    entry.put("secretId", Schema.string(1, 2048, null));
    entry.put("versionId", Schema.string(1, 64, null));
    entry.put("versionStage", Schema.string(1, 256, null));
    Map<String, EscValue> top = new LinkedHashMap<>();
    top.put("region", Schema.string());
    top.put("login", Schema.login());
    top.put("get", Schema.mapOf(Schema.object(entry, List.of("secretId"))));
    return Schema.object(top, List.of("region", "login", "get"));
  }

  @Override
  public EscValue outputSchema() {
    return Schema.mapOf(Schema.string());
  }

  /** One {@code get} entry. */
  record Entry(String name, String secretId, String versionId, String versionStage) {
    boolean versioned() {
      return versionId != null || versionStage != null;
    }
  }

  /** What one secret id produced: a value or an error line. */
  record Outcome(EscValue value, String error, boolean retryable, String fix) {
    static Outcome ok(EscValue v) {
      return new Outcome(v, null, false, "");
    }

    static Outcome failed(String error, boolean retryable, String fix) {
      return new Outcome(null, error, retryable, fix);
    }
  }

  @Override
  public EscValue open(EscValue.Obj inputs, ProviderContext context) throws ProviderException {
    Inputs in = new Inputs(NAME);
    in.onlyKeys(inputs, "", "region", "login", "get");
    String region = in.string(inputs, "region", "region");
    EscValue loginValue = inputs.properties().get("login");
    if (loginValue == null) {
      throw in.invalid("login", "missing; it is required", "add login: ${aws.login}");
    }
    AwsLogin login = AwsLogin.read(loginValue, in, "login");
    EscValue.Obj get = in.object(inputs, "get", "get");
    List<Entry> entries = new ArrayList<>();
    for (Map.Entry<String, EscValue> e : get.properties().entrySet()) {
      String path = "get." + e.getKey();
      if (!(e.getValue() instanceof EscValue.Obj o)) {
        throw in.invalid(path, "must be an object with secretId, not " + Inputs.kind(e.getValue()),
            "write " + e.getKey() + ": {secretId: <name or ARN>}");
      }
      in.onlyKeys(o, path, "secretId", "versionId", "versionStage");
      entries.add(new Entry(e.getKey(), in.string(o, "secretId", path + ".secretId"),
          in.optionalString(o, "versionId", path + ".versionId").orElse(null),
          in.optionalString(o, "versionStage", path + ".versionStage").orElse(null)));
    }
    if (entries.isEmpty()) {
      return EscValue.Obj.of(Map.of());
    }
    AwsClientSettings settings = context.service(AwsClientSettings.class).orElse(AwsClientSettings.defaults());
    SecretsManagerClient client;
    try {
      client = clients.secretsManager(settings, region, login);
    } catch (IllegalArgumentException | SdkException e) {
      throw new ProviderException(NAME + ": could not create the Secrets Manager client: " + e.getMessage(), e,
          false, "check region \"" + region + "\" and AWS_ENDPOINT_URL*");
    }
    var timeout = AwsErrors.remaining(context.deadline());

    LinkedHashSet<String> unversioned = new LinkedHashSet<>();
    List<Entry> versioned = new ArrayList<>();
    for (Entry en : entries) {
      if (en.versioned()) {
        versioned.add(en);
      } else {
        unversioned.add(en.secretId());
      }
    }
    List<String> ids = new ArrayList<>(unversioned);
    List<CompletableFuture<Map<String, Outcome>>> batches = new ArrayList<>();
    for (int i = 0; i < ids.size(); i += BATCH) {
      List<String> chunk = ids.subList(i, Math.min(ids.size(), i + BATCH));
      batches.add(Parallel.run(() -> batch(client, chunk, region, timeout)));
    }
    Map<Entry, CompletableFuture<Outcome>> singles = new LinkedHashMap<>();
    for (Entry en : versioned) {
      singles.put(en, Parallel.run(() -> single(client, en, region, timeout)));
    }

    Map<String, Outcome> byId = new LinkedHashMap<>();
    for (CompletableFuture<Map<String, Outcome>> f : batches) {
      byId.putAll(join(f));
    }
    Map<String, EscValue> out = new LinkedHashMap<>();
    Map<String, Outcome> failed = new TreeMap<>();
    for (Entry en : entries) {
      Outcome o = en.versioned() ? join(singles.get(en)) : byId.get(en.secretId());
      if (o.value() != null) {
        out.put(en.name(), o.value());
      } else {
        failed.put(en.name(), o);
      }
    }
    if (!failed.isEmpty()) {
      throw failure(failed, entries.size());
    }
    return EscValue.Obj.of(out);
  }

  static ProviderException failure(Map<String, Outcome> failed, int total) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%s: %d of %d entries failed: ", NAME, failed.size(), total));
    boolean retryable = true;
    LinkedHashSet<String> fixes = new LinkedHashSet<>();
    boolean first = true;
    for (Map.Entry<String, Outcome> f : failed.entrySet()) {
      sb.append(first ? "" : "; ").append('"').append(f.getKey()).append("\" ").append(f.getValue().error());
      first = false;
      retryable &= f.getValue().retryable();
      if (!f.getValue().fix().isEmpty()) {
        fixes.add(f.getValue().fix());
      }
    }
    return new ProviderException(sb.toString(), null, retryable, String.join("; ", fixes));
  }

  private static <T> T join(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  private static Map<String, Outcome> batch(SecretsManagerClient client, List<String> ids, String region,
      java.time.Duration timeout) {
    String op = "secretsmanager:BatchGetSecretValue";
    Map<String, Outcome> result = new LinkedHashMap<>();
    List<SecretValueEntry> values = new ArrayList<>();
    List<APIErrorType> errors = new ArrayList<>();
    try {
      String next = null;
      do {
        BatchGetSecretValueRequest.Builder req =
            BatchGetSecretValueRequest.builder().secretIdList(ids)
                .overrideConfiguration(c -> c.apiCallTimeout(timeout));
        if (next != null) {
          req.nextToken(next);
        }
        BatchGetSecretValueResponse res = client.batchGetSecretValue(req.build());
        values.addAll(res.secretValues());
        errors.addAll(res.errors());
        next = res.nextToken();
      } while (next != null && !next.isEmpty());
    } catch (SdkException e) {
      if (AwsErrors.code(e).startsWith("AccessDenied")) {
        // BatchGetSecretValue needs its own permission besides GetSecretValue; a role granted only
        // GetSecretValue (enough for Pulumi ESC) still works, one call per secret, in parallel
        Map<String, CompletableFuture<Outcome>> singles = new LinkedHashMap<>();
        for (String id : ids) {
          singles.put(id, Parallel.run(() -> single(client, new Entry(id, id, null, null), region, timeout)));
        }
        singles.forEach((id, f) -> result.put(id, join(f)));
        return result;
      }
      ProviderException p = AwsErrors.of(NAME, op, e, region, "", "");
      for (String id : ids) {
        result.put(id, Outcome.failed("(secretId \"" + id + "\"): " + p.getMessage().substring(NAME.length() + 2),
            p.retryable(), p.fix()));
      }
      return result;
    }
    for (String id : ids) {
      Optional<SecretValueEntry> v = values.stream().filter(s -> matches(id, s.name(), s.arn())).findFirst();
      if (v.isPresent()) {
        result.put(id, Outcome.ok(value(v.get().secretString(), v.get().secretBinary())));
        continue;
      }
      Optional<APIErrorType> err = errors.stream().filter(x -> id.equals(x.secretId())).findFirst();
      if (err.isPresent()) {
        String code = err.get().errorCode() == null ? "Error" : err.get().errorCode();
        result.put(id, Outcome.failed(
            "(secretId \"" + id + "\"): " + op + ": " + code + ": " + nullToEmpty(err.get().message()),
            code.contains("Throttl") || code.startsWith("Internal"), fixFor(code, region)));
      } else {
        result.put(id, Outcome.failed("(secretId \"" + id + "\"): " + op + ": the secret was not in the response",
            true, ""));
      }
    }
    return result;
  }

  private static Outcome single(SecretsManagerClient client, Entry en, String region, java.time.Duration timeout) {
    String op = "secretsmanager:GetSecretValue";
    try {
      GetSecretValueRequest.Builder req = GetSecretValueRequest.builder().secretId(en.secretId())
          .overrideConfiguration(c -> c.apiCallTimeout(timeout));
      if (en.versionId() != null) {
        req.versionId(en.versionId());
      }
      if (en.versionStage() != null) {
        req.versionStage(en.versionStage());
      }
      GetSecretValueResponse res = client.getSecretValue(req.build());
      return Outcome.ok(value(res.secretString(), res.secretBinary()));
    } catch (SdkException e) {
      String code = AwsErrors.code(e);
      String version = (en.versionId() != null ? ", versionId \"" + en.versionId() + "\"" : "")
          + (en.versionStage() != null ? ", versionStage \"" + en.versionStage() + "\"" : "");
      String fix = fixFor(code, region);
      return Outcome.failed("(secretId \"" + en.secretId() + "\"" + version + "): " + op + ": " + code + ": "
          + AwsErrors.message(e), AwsErrors.retryable(e),
          fix.isEmpty() ? AwsErrors.commonFix(code, op, region) : fix);
    }
  }

  private static String fixFor(String code, String region) {
    switch (code) {
      case "ResourceNotFoundException":
        return "check the secretId (a name or an ARN), the version, and that the secret is in region \"" + region
            + "\"";
      case "DecryptionFailure":
      case "DecryptionFailureException":
        return "allow kms:Decrypt on the secret's KMS key for the login's role";
      case "AccessDeniedException":
        return "allow secretsmanager:GetSecretValue (and secretsmanager:BatchGetSecretValue) on the secret for"
            + " the login's role";
      default:
        return "";
    }
  }

  static boolean matches(String requested, String name, String arn) {
    if (requested.equals(name) || requested.equals(arn)) {
      return true;
    }
    // a partial ARN (without the random suffix) matches the full ARN it starts
    return requested.startsWith("arn:") && arn != null && arn.startsWith(requested + "-");
  }

  private static EscValue value(String string, software.amazon.awssdk.core.SdkBytes binary) {
    if (string != null) {
      return new EscValue.Str(string, true);
    }
    if (binary != null) {
      return new EscValue.Str(Base64.getEncoder().encodeToString(binary.asByteArray()), true);
    }
    return new EscValue.Str("", true);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
