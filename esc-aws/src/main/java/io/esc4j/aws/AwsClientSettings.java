package io.esc4j.aws;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * How esc-aws builds its AWS SDK clients: endpoint overrides, the STS region, extra interceptors
 * and the attempt count. Register it on the environment builder to change the defaults:
 *
 * <pre>{@code
 * Environment.builder()
 *     .service(AwsClientSettings.class,
 *         AwsClientSettings.builder().endpoint(URI.create("http://127.0.0.1:5000")).build())
 *     .open("myapp/dev");
 * }</pre>
 *
 * <p>Endpoints are chosen as the AWS SDKs define them, explicit settings first: a per-service
 * endpoint set here, then {@link Builder#endpoint(URI)}, then the variables {@code
 * AWS_ENDPOINT_URL_STS} / {@code AWS_ENDPOINT_URL_SECRETS_MANAGER} / {@code AWS_ENDPOINT_URL_SSM},
 * then {@code AWS_ENDPOINT_URL}; the variables are ignored when {@code
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS} is {@code true}. Without any, the SDK's regional endpoint is
 * used.
 *
 * <p>The STS region (for {@code aws-login}, which has no region input) is the one set here, else
 * {@code AWS_REGION}, else {@code AWS_DEFAULT_REGION}, else {@code us-east-1}.
 *
 * <p>Immutable and thread-safe.
 */
public final class AwsClientSettings {
  /** The AWS services esc-aws calls. */
  public enum Service {
    /** AWS Security Token Service. */
    STS("STS"),
    /** AWS Secrets Manager. */
    SECRETS_MANAGER("SECRETS_MANAGER"),
    /** AWS Systems Manager (Parameter Store). */
    SSM("SSM");

    private final String variableSuffix;

    Service(String variableSuffix) {
      this.variableSuffix = variableSuffix;
    }

    /**
     * The service's endpoint variable.
     *
     * @return for example {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}
     */
    public String endpointVariable() {
      return "AWS_ENDPOINT_URL_" + variableSuffix;
    }
  }

  private static final AwsClientSettings DEFAULTS = builder().build();

  private final Map<Service, URI> endpoints;
  private final URI endpoint;
  private final Map<String, String> environment;
  private final String stsRegion;
  private final List<ExecutionInterceptor> interceptors;
  private final int maxAttempts;
  private final boolean loginCache;

  private AwsClientSettings(Builder b) {
    this.endpoints = Map.copyOf(b.endpoints);
    this.endpoint = b.endpoint;
    this.environment = b.environment;
    this.stsRegion = b.stsRegion;
    this.interceptors = List.copyOf(b.interceptors);
    this.maxAttempts = b.maxAttempts;
    this.loginCache = b.loginCache;
  }

  /**
   * The settings used when none are registered: everything from the process environment.
   *
   * @return the default settings
   */
  public static AwsClientSettings defaults() {
    return DEFAULTS;
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
   * The endpoint override for a service, chosen as the class description says.
   *
   * @param service the service
   * @return the endpoint, or empty for the SDK's default
   * @throws IllegalArgumentException when an endpoint variable is not a URL
   */
  public Optional<URI> endpointFor(Service service) {
    URI explicit = endpoints.get(service);
    if (explicit != null) {
      return Optional.of(explicit);
    }
    if (endpoint != null) {
      return Optional.of(endpoint);
    }
    if ("true".equalsIgnoreCase(environment.getOrDefault("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", ""))) {
      return Optional.empty();
    }
    for (String var : List.of(service.endpointVariable(), "AWS_ENDPOINT_URL")) {
      String v = environment.get(var);
      if (v != null && !v.isBlank()) {
        try {
          return Optional.of(checkedEndpoint(URI.create(v.trim())));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(var + " is not an http(s) URL: \"" + v + "\"");
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The region of the STS client.
   *
   * @return the region name
   */
  public String stsRegion() {
    if (stsRegion != null) {
      return stsRegion;
    }
    for (String var : List.of("AWS_REGION", "AWS_DEFAULT_REGION")) {
      String v = environment.get(var);
      if (v != null && !v.isBlank()) {
        return v.trim();
      }
    }
    return "us-east-1";
  }

  /**
   * Interceptors added to every client (for metrics, logging or tests).
   *
   * @return the interceptors
   */
  public List<ExecutionInterceptor> interceptors() {
    return interceptors;
  }

  /**
   * Attempts per AWS call, first try included.
   *
   * @return the attempt count (default 3)
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * Whether {@code aws-login} reuses the credentials of an earlier identical OIDC login in this
   * process while they stay valid (default {@code true}); see {@link Builder#loginCache(boolean)}.
   *
   * @return whether the login cache is on
   */
  public boolean loginCache() {
    return loginCache;
  }

  @Override
  public String toString() {
    return "AwsClientSettings[endpoints=" + endpoints + ", endpoint=" + endpoint + ", stsRegion="
        + stsRegion() + ", maxAttempts=" + maxAttempts + ", loginCache=" + loginCache + "]";
  }

  private static URI checkedEndpoint(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new IllegalArgumentException("endpoint must be an http(s) URL with a host, was " + uri);
    }
    return uri;
  }

  /** Builds {@link AwsClientSettings}. Not thread-safe. */
  public static final class Builder {
    private final Map<Service, URI> endpoints = new java.util.EnumMap<>(Service.class);
    private URI endpoint;
    private Map<String, String> environment = System.getenv();
    private String stsRegion;
    private final List<ExecutionInterceptor> interceptors = new ArrayList<>();
    private int maxAttempts = 3;
    private boolean loginCache = true;

    private Builder() {}

    /**
     * One endpoint for every service (a local emulator).
     *
     * @param uri the endpoint
     * @return this builder
     */
    public Builder endpoint(URI uri) {
      this.endpoint = checkedEndpoint(Objects.requireNonNull(uri, "uri"));
      return this;
    }

    /**
     * The endpoint of one service.
     *
     * @param service the service
     * @param uri the endpoint
     * @return this builder
     */
    public Builder endpoint(Service service, URI uri) {
      endpoints.put(Objects.requireNonNull(service, "service"), checkedEndpoint(Objects.requireNonNull(uri, "uri")));
      return this;
    }

    /**
     * Reads {@code AWS_ENDPOINT_URL*} and the region variables from this map instead of {@link
     * System#getenv()}.
     *
     * @param variables the variables
     * @return this builder
     */
    public Builder environment(Map<String, String> variables) {
      this.environment = Map.copyOf(variables);
      return this;
    }

    /**
     * The region of the STS client.
     *
     * @param region a region name such as {@code eu-west-1}
     * @return this builder
     */
    public Builder stsRegion(String region) {
      this.stsRegion = Objects.requireNonNull(region, "region");
      return this;
    }

    /**
     * Adds an interceptor to every client.
     *
     * @param interceptor the interceptor
     * @return this builder
     */
    public Builder addInterceptor(ExecutionInterceptor interceptor) {
      interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
      return this;
    }

    /**
     * Attempts per AWS call, first try included.
     *
     * @param attempts between 1 and 10
     * @return this builder
     */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1 || attempts > 10) {
        throw new IllegalArgumentException("maxAttempts must be between 1 and 10, was " + attempts);
      }
      this.maxAttempts = attempts;
      return this;
    }

    /**
     * Whether {@code aws-login} reuses credentials (default {@code true}). With it on, a second
     * OIDC login with the same role ARN, session name, duration, session policies, token issuer,
     * audience, subject and other claims, against the same STS region and endpoint, gets the
     * credentials of the first from a process-wide cache (bounded, thread-safe) and makes no STS
     * call, as long as they stay valid for at least 10 more minutes; closer to their expiration
     * the next open logs in again. {@code EscAws.credentials} drops the entry before it renews,
     * so a renewal always gets new credentials. Off: every open calls STS.
     *
     * @param on whether to cache
     * @return this builder
     */
    public Builder loginCache(boolean on) {
      this.loginCache = on;
      return this;
    }

    /**
     * Builds the settings.
     *
     * @return the settings
     */
    public AwsClientSettings build() {
      return new AwsClientSettings(this);
    }
  }
}
