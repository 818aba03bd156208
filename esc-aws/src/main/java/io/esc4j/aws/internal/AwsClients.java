package io.esc4j.aws.internal;

import io.esc4j.aws.AwsClientSettings;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.IdpCommunicationErrorException;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * AWS SDK clients, built lazily and reused per (service, region, endpoint, settings, credentials).
 *
 * <p>All clients share one {@link UrlConnectionHttpClient} (the JDK's HTTP stack: no extra jars,
 * quick to load). Region and credentials are always explicit, so the SDK never walks its default
 * chains. The cache is a small LRU: STS credentials change at every refresh, so old clients are
 * evicted and closed after a grace period long enough for calls still in flight.
 */
public final class AwsClients {
  private static final int CAPACITY = 16;
  private static final long CLOSE_GRACE_SECONDS = 120;
  private static final AwsClients SHARED = new AwsClients();
  /**
   * One timer for the call timeouts of every client: without it each client builds its own
   * scheduled executor and starts its thread at its first call (every login brings new
   * credentials, so every open built two). Cancelled timeouts are removed at once.
   */
  private static final ScheduledExecutorService TIMER;

  static {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(2, r -> {
      Thread th = new Thread(r, "esc4j-aws-timer-" + n.incrementAndGet());
      th.setDaemon(true);
      return th;
    });
    t.setRemoveOnCancelPolicy(true);
    TIMER = t;
  }

  private final Map<Key, SdkAutoCloseable> clients =
      new LinkedHashMap<>(32, 0.75f, /* accessOrder= */ true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, SdkAutoCloseable> eldest) {
          if (size() > CAPACITY) {
            closeLater(eldest.getValue());
            return true;
          }
          return false;
        }
      };

  private volatile SdkHttpClient http;

  AwsClients() {}

  /**
   * The process-wide instance.
   *
   * @return the shared clients
   */
  public static AwsClients shared() {
    return SHARED;
  }

  /**
   * The anonymous STS client ({@code AssumeRoleWithWebIdentity} is not signed).
   *
   * @param settings the settings
   * @return the client
   */
  public StsClient sts(AwsClientSettings settings) {
    AwsClientSettings.Service svc = AwsClientSettings.Service.STS;
    String region = settings.stsRegion();
    Optional<URI> endpoint = settings.endpointFor(svc);
    RetryStrategy retry =
        AwsRetryStrategy.standardRetryStrategy().toBuilder()
            .retryOnException(IdpCommunicationErrorException.class)
            .maxAttempts(settings.maxAttempts())
            .build();
    return get(
        new Key(svc, region, endpoint.orElse(null), settings, null),
        () ->
            configure(StsClient.builder(), region, endpoint, AnonymousCredentialsProvider.create(), retry, settings)
                .build());
  }

  /**
   * A Secrets Manager client.
   *
   * @param settings the settings
   * @param region the region
   * @param login the credentials
   * @return the client
   */
  public SecretsManagerClient secretsManager(AwsClientSettings settings, String region, AwsLogin login) {
    AwsClientSettings.Service svc = AwsClientSettings.Service.SECRETS_MANAGER;
    Optional<URI> endpoint = settings.endpointFor(svc);
    return get(
        new Key(svc, region, endpoint.orElse(null), settings, login),
        () ->
            configure(SecretsManagerClient.builder(), region, endpoint,
                    StaticCredentialsProvider.create(login.toSdk()), standard(settings), settings)
                .build());
  }

  /**
   * An SSM client.
   *
   * @param settings the settings
   * @param region the region
   * @param login the credentials
   * @return the client
   */
  public SsmClient ssm(AwsClientSettings settings, String region, AwsLogin login) {
    AwsClientSettings.Service svc = AwsClientSettings.Service.SSM;
    Optional<URI> endpoint = settings.endpointFor(svc);
    return get(
        new Key(svc, region, endpoint.orElse(null), settings, login),
        () ->
            configure(SsmClient.builder(), region, endpoint,
                    StaticCredentialsProvider.create(login.toSdk()), standard(settings), settings)
                .build());
  }

  /**
   * How many clients are cached (for tests).
   *
   * @return the count
   */
  public synchronized int size() {
    return clients.size();
  }

  private static RetryStrategy standard(AwsClientSettings settings) {
    return AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(settings.maxAttempts()).build();
  }

  private <B extends AwsClientBuilder<B, ?>> B configure(
      B builder,
      String region,
      Optional<URI> endpoint,
      AwsCredentialsProvider credentials,
      RetryStrategy retry,
      AwsClientSettings settings) {
    builder.region(Region.of(region)).credentialsProvider(credentials);
    endpoint.ifPresent(builder::endpointOverride);
    ClientOverrideConfiguration.Builder o =
        ClientOverrideConfiguration.builder().retryStrategy(retry).scheduledExecutorService(TIMER);
    for (ExecutionInterceptor i : settings.interceptors()) {
      o.addExecutionInterceptor(i);
    }
    builder.overrideConfiguration(o.build());
    if (builder instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> sync) {
      sync.httpClient(http());
    }
    return builder;
  }

  @SuppressWarnings("unchecked")
  private synchronized <C extends SdkAutoCloseable> C get(Key key, Supplier<C> build) {
    SdkAutoCloseable c = clients.get(key);
    if (c == null) {
      c = build.get();
      clients.put(key, c);
    }
    return (C) c;
  }

  private SdkHttpClient http() {
    SdkHttpClient h = http;
    if (h == null) {
      synchronized (this) {
        h = http;
        if (h == null) {
          h = UrlConnectionHttpClient.builder().build();
          http = h;
        }
      }
    }
    return h;
  }

  private static void closeLater(SdkAutoCloseable client) {
    CompletableFuture.delayedExecutor(CLOSE_GRACE_SECONDS, TimeUnit.SECONDS).execute(client::close);
  }

  /** The cache key; its {@link #toString()} never shows a secret. */
  private static final class Key {
    private final AwsClientSettings.Service service;
    private final String region;
    private final URI endpoint;
    private final AwsClientSettings settings;
    private final String accessKeyId;
    private final String secretAccessKey;
    private final String sessionToken;

    Key(AwsClientSettings.Service service, String region, URI endpoint, AwsClientSettings settings, AwsLogin login) {
      this.service = service;
      this.region = region;
      this.endpoint = endpoint;
      this.settings = settings;
      this.accessKeyId = login == null ? null : login.accessKeyId();
      this.secretAccessKey = login == null ? null : login.secretAccessKey();
      this.sessionToken = login == null ? null : login.sessionToken();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && service == k.service
          && region.equals(k.region)
          && Objects.equals(endpoint, k.endpoint)
          && settings == k.settings
          && Objects.equals(accessKeyId, k.accessKeyId)
          && Objects.equals(secretAccessKey, k.secretAccessKey)
          && Objects.equals(sessionToken, k.sessionToken);
    }

    @Override
    public int hashCode() {
      return Objects.hash(service, region, endpoint, System.identityHashCode(settings), accessKeyId,
          secretAccessKey, sessionToken);
    }

    @Override
    public String toString() {
      return "Key[" + service + ", " + region + ", " + endpoint + ", " + accessKeyId + "]";
    }
  }
}
