package io.esc4j.aws.internal;

import io.esc4j.EscValue;
import io.esc4j.spi.ProviderException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
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
public final class AwsSecretsProvider
    extends AwsValuesProvider<AwsSecretsProvider.Entry, SecretsManagerClient> {
  static final String NAME = "aws-secrets";
  static final int BATCH = 20;

  /** Creates the provider (the form {@link java.util.ServiceLoader} uses). */
  public AwsSecretsProvider() {
    this(AwsClients.shared());
  }

  AwsSecretsProvider(AwsClients clients) {
    super(NAME, "Secrets Manager", "secretId", "<name or ARN>", Entry::name, AwsClients::secretsManager, clients);
  }

  @Override
  Map<String, EscValue> entrySchema() {
    Map<String, EscValue> entry = new LinkedHashMap<>();
    entry.put("secretId", Schema.string(1, 2048, null));
    entry.put("versionId", Schema.string(1, 64, null));
    entry.put("versionStage", Schema.string(1, 256, null));
    return entry;
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

  @Override
  Entry entry(Inputs in, String key, EscValue.Obj o, String path) throws ProviderException {
    return new Entry(key, in.string(o, "secretId", path + ".secretId"),
        in.optionalString(o, "versionId", path + ".versionId").orElse(null),
        in.optionalString(o, "versionStage", path + ".versionStage").orElse(null));
  }

  @Override
  Function<Entry, Outcome> fetch(SecretsManagerClient client, List<Entry> entries, String region,
      AwsRequestOverrideConfiguration perRequest) {
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
    int calls = (ids.size() + BATCH - 1) / BATCH + versioned.size();
    int started = 0;
    List<CompletableFuture<Map<String, Outcome>>> batches = new ArrayList<>();
    for (int i = 0; i < ids.size(); i += BATCH) {
      List<String> chunk = ids.subList(i, Math.min(ids.size(), i + BATCH));
      batches.add(Parallel.run(() -> batch(client, chunk, region, perRequest), ++started == calls));
    }
    Map<Entry, CompletableFuture<Outcome>> singles = new LinkedHashMap<>();
    for (Entry en : versioned) {
      singles.put(en, Parallel.run(() -> single(client, en, region, perRequest), ++started == calls));
    }

    Map<String, Outcome> byId = new LinkedHashMap<>();
    for (CompletableFuture<Map<String, Outcome>> f : batches) {
      byId.putAll(Parallel.join(f));
    }
    Map<Entry, Outcome> bySingle = new LinkedHashMap<>();
    singles.forEach((en, f) -> bySingle.put(en, Parallel.join(f)));
    return en -> en.versioned() ? bySingle.get(en) : byId.get(en.secretId());
  }

  private Map<String, Outcome> batch(SecretsManagerClient client, List<String> ids, String region,
      AwsRequestOverrideConfiguration perRequest) {
    String op = "secretsmanager:BatchGetSecretValue";
    Map<String, Outcome> result = new LinkedHashMap<>();
    List<SecretValueEntry> values = new ArrayList<>();
    List<APIErrorType> errors = new ArrayList<>();
    try {
      String next = null;
      do {
        BatchGetSecretValueRequest.Builder req =
            BatchGetSecretValueRequest.builder().secretIdList(ids).overrideConfiguration(perRequest);
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
          singles.put(id, Parallel.run(() -> single(client, new Entry(id, id, null, null), region, perRequest),
              singles.size() == ids.size() - 1));
        }
        singles.forEach((id, f) -> result.put(id, Parallel.join(f)));
        return result;
      }
      return failedCall(op, e, region, ids);
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

  private static Outcome single(SecretsManagerClient client, Entry en, String region,
      AwsRequestOverrideConfiguration perRequest) {
    String op = "secretsmanager:GetSecretValue";
    try {
      GetSecretValueRequest.Builder req =
          GetSecretValueRequest.builder().secretId(en.secretId()).overrideConfiguration(perRequest);
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
