package io.esc4j.aws.internal;

import io.esc4j.EscValue;
import io.esc4j.spi.ProviderException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParametersRequest;
import software.amazon.awssdk.services.ssm.model.GetParametersResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * {@code fn::open::aws-parameter-store}: values from AWS Systems Manager Parameter Store.
 *
 * <p>Entries are grouped by {@code decrypt} ({@code WithDecryption} is one flag per request) and
 * fetched with {@code GetParameters}, 10 names per call, the calls in parallel. A name may carry a
 * selector, {@code name:3} for a version or {@code name:label} for a label. A {@code StringList}
 * comes out as an array (split on commas); every value is secret. Missing parameters are reported
 * together, each naming its entry.
 */
public final class AwsParameterStoreProvider
    extends AwsValuesProvider<AwsParameterStoreProvider.Entry, SsmClient> {
  static final String NAME = "aws-parameter-store";
  static final String OPERATION = "ssm:GetParameters";
  static final int BATCH = 10;
  private static final java.util.regex.Pattern VERSION_SELECTOR = java.util.regex.Pattern.compile(":[0-9]+");

  /** Creates the provider (the form {@link java.util.ServiceLoader} uses). */
  public AwsParameterStoreProvider() {
    this(AwsClients.shared());
  }

  AwsParameterStoreProvider(AwsClients clients) {
    super(NAME, "SSM", "name", "/path/to/parameter", Entry::key, AwsClients::ssm, clients);
  }

  @Override
  Map<String, EscValue> entrySchema() {
    Map<String, EscValue> entry = new LinkedHashMap<>();
    entry.put("name", Schema.string(1, 2048, null));
    entry.put("decrypt", Schema.bool());
    return entry;
  }

  /** One {@code get} entry. */
  record Entry(String key, String name, boolean decrypt) {}

  /** A parameter reference split into its name (or ARN) and selector ({@code ":3"}, {@code ":label"}, or empty). */
  record Ref(String base, String selector) {
    static Ref parse(String name) {
      int from = 0;
      if (name.startsWith("arn:")) {
        int p = name.indexOf(":parameter");
        if (p < 0) {
          return new Ref(name, "");
        }
        from = p + ":parameter".length();
      }
      int colon = name.indexOf(':', from);
      return colon < 0 ? new Ref(name, "") : new Ref(name.substring(0, colon), name.substring(colon));
    }

    boolean matches(Parameter p) {
      // AWS echoes the selector; some emulators leave it out (then the name alone decides, which is
      // safe because one call never holds two references to one parameter)
      if (p.selector() != null && !p.selector().equals(selector)) {
        return false;
      }
      if (p.selector() == null && VERSION_SELECTOR.matcher(selector).matches() && p.version() != null
          && !selector.equals(":" + p.version())) {
        return false;
      }
      String n = p.name() == null ? "" : p.name();
      if (base.equals(n) || base.equals(p.arn())) {
        return true;
      }
      return base.startsWith("arn:") && !n.isEmpty()
          && (base.endsWith(":parameter" + n) || base.endsWith(":parameter/" + n));
    }
  }

  @Override
  Entry entry(Inputs in, String key, EscValue.Obj o, String path) throws ProviderException {
    return new Entry(key, in.string(o, "name", path + ".name"),
        in.optionalBoolean(o, "decrypt", path + ".decrypt").orElse(false));
  }

  @Override
  Function<Entry, Outcome> fetch(SsmClient client, List<Entry> entries, String region,
      AwsRequestOverrideConfiguration perRequest) {
    // group by decrypt, dedupe names, 10 per call, all calls in parallel
    Map<Boolean, LinkedHashSet<String>> groups = new TreeMap<>();
    for (Entry en : entries) {
      groups.computeIfAbsent(en.decrypt(), k -> new LinkedHashSet<>()).add(en.name());
    }
    List<List<String>> chunks = new ArrayList<>();
    List<Boolean> callDecrypt = new ArrayList<>();
    for (Map.Entry<Boolean, LinkedHashSet<String>> g : groups.entrySet()) {
      for (List<String> chunk : chunks(g.getValue())) {
        chunks.add(chunk);
        callDecrypt.add(g.getKey());
      }
    }
    List<CompletableFuture<Map<String, Outcome>>> calls = new ArrayList<>();
    for (int i = 0; i < chunks.size(); i++) {
      List<String> chunk = chunks.get(i);
      boolean decrypt = callDecrypt.get(i);
      calls.add(Parallel.run(() -> call(client, chunk, decrypt, region, perRequest), i == chunks.size() - 1));
    }
    Map<Boolean, Map<String, Outcome>> results = new TreeMap<>();
    for (int i = 0; i < calls.size(); i++) {
      results.computeIfAbsent(callDecrypt.get(i), k -> new LinkedHashMap<>()).putAll(Parallel.join(calls.get(i)));
    }
    return en -> results.get(en.decrypt()).get(en.name());
  }

  /**
   * Splits names into calls of at most 10, never putting two references to the same parameter
   * ({@code /a}, {@code /a:1}, {@code /a:stable}) into one call, so that each result is matched to
   * its request by name alone even where the response's {@code Selector} is missing.
   */
  static List<List<String>> chunks(Iterable<String> names) {
    List<List<String>> chunks = new ArrayList<>();
    List<java.util.Set<String>> bases = new ArrayList<>();
    for (String n : names) {
      String base = Ref.parse(n).base();
      int i = 0;
      while (i < chunks.size() && (chunks.get(i).size() >= BATCH || bases.get(i).contains(base))) {
        i++;
      }
      if (i == chunks.size()) {
        chunks.add(new ArrayList<>());
        bases.add(new java.util.HashSet<>());
      }
      chunks.get(i).add(n);
      bases.get(i).add(base);
    }
    return chunks;
  }

  private Map<String, Outcome> call(SsmClient client, List<String> names, boolean decrypt, String region,
      AwsRequestOverrideConfiguration perRequest) {
    Map<String, Outcome> result = new LinkedHashMap<>();
    GetParametersResponse res;
    try {
      res = client.getParameters(GetParametersRequest.builder().names(names).withDecryption(decrypt)
          .overrideConfiguration(perRequest).build());
    } catch (SdkException e) {
      return failedCall(OPERATION, e, region, names);
    }
    for (String n : names) {
      Ref ref = Ref.parse(n);
      Optional<Parameter> p = res.parameters().stream().filter(ref::matches).findFirst();
      if (p.isPresent()) {
        result.put(n, Outcome.ok(value(p.get())));
      } else if (res.invalidParameters().contains(n)) {
        result.put(n, Outcome.failed(
            "(name \"" + n + "\"): " + OPERATION + ": ParameterNotFound: the parameter"
                + (ref.selector().isEmpty() ? "" : " version or label \"" + ref.selector().substring(1) + "\"")
                + " does not exist in region \"" + region + "\"",
            false,
            "check the name (it starts with / for a hierarchical name), the version or label after the colon, and"
                + " the region"));
      } else {
        result.put(n, Outcome.failed(
            "(name \"" + n + "\"): " + OPERATION + ": the parameter was not in the response", true, ""));
      }
    }
    return result;
  }

  private static EscValue value(Parameter p) {
    String v = p.value() == null ? "" : p.value();
    if (p.type() == ParameterType.STRING_LIST) {
      List<EscValue> items = new ArrayList<>();
      for (String s : v.split(",", -1)) {
        items.add(new EscValue.Str(s, true));
      }
      return new EscValue.Arr(items, true);
    }
    return new EscValue.Str(v, true);
  }
}
