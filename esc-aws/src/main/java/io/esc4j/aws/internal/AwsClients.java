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
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
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
 * AWS SDK clients, built lazily and reused per (service, region, endpoint, settings).
 *
 * <p>All clients share one {@link UrlConnectionHttpClient} (the JDK's HTTP stack: no extra jars,
 * quick to load). Region and credentials are always explicit, so the SDK never walks its default
 * chains. The Secrets Manager and SSM clients hold no credentials: every request carries the
 * login's own ({@code AwsRequestOverrideConfiguration.credentialsProvider}), so one client serves
 * every login and every renewal, and no client keeps credentials after they expired. A request
 * without credentials fails; it never falls back to the environment's. The cache is a small LRU;
 * evicted clients are closed after a grace period long enough for calls still in flight.
 */
public final class AwsClients {
  private static final int CAPACITY = 16;
  private static final long CLOSE_GRACE_SECONDS = 120;
  private static final AwsClients SHARED = new AwsClients();
  /**
   * The client-level credentials of the Secrets Manager and SSM clients: none. Each request
   * carries its login's credentials, which take precedence; a request without them fails here
   * instead of signing with anything else.
   */
  private static final AwsCredentialsProvider PER_REQUEST = new AwsCredentialsProvider() {
    @Override
    public AwsCredentials resolveCredentials() {
      throw SdkClientException.create(
          "esc-aws: this client has no credentials; each request must carry the login's");
    }

    @Override
    public String toString() {
      return "PerRequestCredentials";
    }
  };
  /**
   * One timer for the call timeouts of every client: without it each client builds its own
   * scheduled executor and starts its thread at its first call (when clients were cached per
   * credentials, every open built two). Cancelled timeouts are removed at once.
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
    return get(AwsClientSettings.Service.STS, settings, settings.stsRegion(), StsClient::builder,
        AnonymousCredentialsProvider.create(),
        () -> AwsRetryStrategy.standardRetryStrategy().toBuilder()
            .retryOnException(IdpCommunicationErrorException.class));
  }

  /**
   * A Secrets Manager client without credentials: give each request the login's ({@code
   * overrideConfiguration(o -> o.credentialsProvider(...))}).
   *
   * @param settings the settings
   * @param region the region
   * @return the client
   */
  public SecretsManagerClient secretsManager(AwsClientSettings settings, String region) {
    return get(AwsClientSettings.Service.SECRETS_MANAGER, settings, region, SecretsManagerClient::builder,
        PER_REQUEST, () -> AwsRetryStrategy.standardRetryStrategy().toBuilder());
  }

  /**
   * An SSM client without credentials: give each request the login's ({@code
   * overrideConfiguration(o -> o.credentialsProvider(...))}).
   *
   * @param settings the settings
   * @param region the region
   * @return the client
   */
  public SsmClient ssm(AwsClientSettings settings, String region) {
    return get(AwsClientSettings.Service.SSM, settings, region, SsmClient::builder, PER_REQUEST,
        () -> AwsRetryStrategy.standardRetryStrategy().toBuilder());
  }

  /**
   * How many clients are cached (for tests).
   *
   * @return the count
   */
  public synchronized int size() {
    return clients.size();
  }

  /** The cached client of (service, region, endpoint, settings), built on first use. */
  @SuppressWarnings("unchecked")
  private <C extends SdkAutoCloseable, B extends AwsClientBuilder<B, C>> C get(
      AwsClientSettings.Service service,
      AwsClientSettings settings,
      String region,
      Supplier<B> builder,
      AwsCredentialsProvider credentials,
      Supplier<RetryStrategy.Builder<?, ?>> retry) {
    Optional<URI> endpoint = settings.endpointFor(service);
    Key key = new Key(service, region, endpoint.orElse(null), settings);
    synchronized (this) {
      SdkAutoCloseable c = clients.get(key);
      if (c != null) {
        return (C) c;
      }
      B b = builder.get().region(Region.of(region)).credentialsProvider(credentials);
      endpoint.ifPresent(b::endpointOverride);
      ClientOverrideConfiguration.Builder o =
          ClientOverrideConfiguration.builder()
              .retryStrategy(retry.get().maxAttempts(settings.maxAttempts()).build())
              .scheduledExecutorService(TIMER);
      for (ExecutionInterceptor i : settings.interceptors()) {
        o.addExecutionInterceptor(i);
      }
      b.overrideConfiguration(o.build());
      if (b instanceof AwsSyncClientBuilder<?, ?> sync) {
        sync.httpClient(http());
      }
      C built = b.build();
      clients.put(key, built);
      return built;
    }
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

  /** The cache key: no credentials, the clients have none. */
  private record Key(AwsClientSettings.Service service, String region, URI endpoint, AwsClientSettings settings) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && service == k.service
          && region.equals(k.region)
          && Objects.equals(endpoint, k.endpoint)
          && settings == k.settings;
    }

    @Override
    public int hashCode() {
      return Objects.hash(service, region, endpoint, System.identityHashCode(settings));
    }

    @Override
    public String toString() {
      return "Key[" + service + ", " + region + ", " + endpoint + "]";
    }
  }
}
