package io.esc4j.aws.internal;

import io.esc4j.EscValue;
import io.esc4j.aws.AwsClientSettings;
import io.esc4j.spi.Provider;
import io.esc4j.spi.ProviderContext;
import io.esc4j.spi.ProviderException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What {@code aws-secrets} and {@code aws-parameter-store} share: reading {@code region}, {@code
 * login} and the {@code get} entries, looking up the (shared, credential-less) client, giving every
 * request the login's credentials and the open's deadline, and reporting all failed entries of one
 * open together, each naming its entry. A subclass says how to read one entry and how to fetch the
 * values.
 *
 * @param <E> one {@code get} entry
 * @param <C> the SDK client
 */
abstract class AwsValuesProvider<E, C> implements Provider {
  private final String name;
  private final String clientName;
  private final String entryKey;
  private final String entryExample;
  private final Function<E, String> key;
  private final ClientLookup<C> lookup;
  private final AwsClients clients;

  /** How a provider gets its client: {@code AwsClients::ssm}. */
  @FunctionalInterface
  interface ClientLookup<C> {
    /** The client for a region (it holds no credentials: every request carries the login's). */
    C client(AwsClients clients, AwsClientSettings settings, String region);
  }

  /**
   * A provider of values from one AWS service.
   *
   * @param name the provider name, such as {@code aws-secrets}
   * @param clientName the client in messages, such as {@code Secrets Manager}
   * @param entryKey the required key of an entry, such as {@code secretId}; also names an entry's
   *     value in error lines ({@code (secretId "x"): ...})
   * @param entryExample an example value of {@code entryKey} for fixes, such as {@code <name or ARN>}
   * @param key an entry's name under {@code get}
   * @param lookup how to get the client
   * @param clients the clients
   */
  AwsValuesProvider(String name, String clientName, String entryKey, String entryExample, Function<E, String> key,
      ClientLookup<C> lookup, AwsClients clients) {
    this.name = name;
    this.clientName = clientName;
    this.entryKey = entryKey;
    this.entryExample = entryExample;
    this.key = key;
    this.lookup = lookup;
    this.clients = clients;
  }

  /** What one secret id (or parameter name) produced: a value or an error line. */
  record Outcome(EscValue value, String error, boolean retryable, String fix) {
    static Outcome ok(EscValue v) {
      return new Outcome(v, null, false, "");
    }

    static Outcome failed(String error, boolean retryable, String fix) {
      return new Outcome(null, error, retryable, fix);
    }
  }

  /** The schema of one entry; its keys, in order, are the keys an entry may have. */
  abstract Map<String, EscValue> entrySchema();

  /**
   * Reads one entry whose keys have been checked.
   *
   * @param in the reader that names the provider in errors
   * @param key the entry's name under {@code get}
   * @param entry the entry
   * @param path the entry's input path ({@code get.<key>})
   * @return the entry
   * @throws ProviderException when a value is invalid
   */
  abstract E entry(Inputs in, String key, EscValue.Obj entry, String path) throws ProviderException;

  /**
   * Fetches the values of all entries, the calls in parallel, and returns once all have finished.
   *
   * @param client the client
   * @param entries the entries, at least one
   * @param region the region
   * @param perRequest the login's credentials and the call timeout, for every request
   * @return the outcome of each entry
   */
  abstract Function<E, Outcome> fetch(C client, List<E> entries, String region,
      AwsRequestOverrideConfiguration perRequest);

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final EscValue inputSchema() {
    Map<String, EscValue> top = new LinkedHashMap<>();
    top.put("region", Schema.string());
    top.put("login", Schema.login());
    top.put("get", Schema.mapOf(Schema.object(entrySchema(), List.of(entryKey))));
    return Schema.object(top, List.of("region", "login", "get"));
  }

  @Override
  public final EscValue open(EscValue.Obj inputs, ProviderContext context) throws ProviderException {
    Inputs in = new Inputs(name);
    in.onlyKeys(inputs, "", "region", "login", "get");
    String region = in.string(inputs, "region", "region");
    EscValue loginValue = inputs.properties().get("login");
    if (loginValue == null) {
      throw in.invalid("login", "missing; it is required", "add login: ${aws.login}");
    }
    AwsLogin login = AwsLogin.read(loginValue, in, "login");
    EscValue.Obj get = in.object(inputs, "get", "get");
    String[] entryKeys = entrySchema().keySet().toArray(String[]::new);
    List<E> entries = new ArrayList<>();
    for (Map.Entry<String, EscValue> e : get.properties().entrySet()) {
      String path = "get." + e.getKey();
      if (!(e.getValue() instanceof EscValue.Obj o)) {
        throw in.invalid(path, "must be an object with " + entryKey + ", not " + Inputs.kind(e.getValue()),
            "write " + e.getKey() + ": {" + entryKey + ": " + entryExample + "}");
      }
      in.onlyKeys(o, path, entryKeys);
      entries.add(entry(in, e.getKey(), o, path));
    }
    if (entries.isEmpty()) {
      return EscValue.Obj.of(Map.of());
    }
    AwsClientSettings settings = context.service(AwsClientSettings.class).orElse(AwsClientSettings.defaults());
    C client;
    try {
      client = lookup.client(clients, settings, region);
    } catch (IllegalArgumentException | SdkException e) {
      throw new ProviderException(name + ": could not create the " + clientName + " client: " + e.getMessage(), e,
          false, "check region \"" + region + "\" and AWS_ENDPOINT_URL*");
    }
    Function<E, Outcome> outcomes = fetch(client, entries, region, perRequest(login, context));

    Map<String, EscValue> out = new LinkedHashMap<>();
    Map<String, Outcome> failed = new TreeMap<>();
    for (E en : entries) {
      Outcome o = outcomes.apply(en);
      if (o.value() != null) {
        out.put(key.apply(en), o.value());
      } else {
        failed.put(key.apply(en), o);
      }
    }
    if (!failed.isEmpty()) {
      throw failure(failed, entries.size());
    }
    return EscValue.Obj.of(out);
  }

  /**
   * The override every request of one open carries: the login's credentials (the shared clients
   * have none, so no client outlives a login's credentials) and the time left before the deadline.
   */
  private static AwsRequestOverrideConfiguration perRequest(AwsLogin login, ProviderContext context) {
    Duration timeout = AwsErrors.remaining(context.deadline());
    return AwsRequestOverrideConfiguration.builder()
        .credentialsProvider(StaticCredentialsProvider.create(login.toSdk()))
        .apiCallTimeout(timeout)
        .build();
  }

  /** One exception for all failed entries, sorted by entry name. */
  ProviderException failure(Map<String, Outcome> failed, int total) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%s: %d of %d entries failed: ", name, failed.size(), total));
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

  /**
   * The outcomes of a call that failed as a whole: the same error line for each of its ids.
   *
   * @param operation the operation, such as {@code ssm:GetParameters}
   * @param e the failure
   * @param region the region
   * @param ids the secret ids (or parameter names) of the call
   * @return a failed outcome per id
   */
  Map<String, Outcome> failedCall(String operation, SdkException e, String region, List<String> ids) {
    ProviderException p = AwsErrors.of(name, operation, e, region, "", "");
    String error = p.getMessage().substring(name.length() + 2);
    Map<String, Outcome> result = new LinkedHashMap<>();
    for (String id : ids) {
      result.put(id, Outcome.failed("(" + entryKey + " \"" + id + "\"): " + error, p.retryable(), p.fix()));
    }
    return result;
  }
}
