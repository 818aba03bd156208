package io.esc4j.aws;

import io.esc4j.OpenEnvironment;
import io.esc4j.aws.internal.AwsLoginProvider;
import io.esc4j.aws.internal.AwsParameterStoreProvider;
import io.esc4j.aws.internal.AwsSecretsProvider;
import io.esc4j.spi.Provider;
import java.util.List;

/**
 * The entry point of esc-aws.
 *
 * <p>The providers {@code aws-login}, {@code aws-secrets} and {@code aws-parameter-store} are
 * found by {@link java.util.ServiceLoader} when esc-aws is on the classpath; {@link #providers()}
 * returns them for explicit registration. {@link #credentials(OpenEnvironment, String)} turns an
 * {@code aws-login} value into a self-renewing {@code AwsCredentialsProvider} for the
 * application's own AWS SDK clients.
 *
 * <p>Configuration goes through services on the environment builder: an {@link OidcTokenSource}
 * (where OIDC tokens come from; {@link OidcTokenSource#detect()} otherwise) and {@link
 * AwsClientSettings} (endpoints, STS region, interceptors).
 */
public final class EscAws {
  private EscAws() {}

  /**
   * Credentials from an {@code aws-login} value, renewed before they expire.
   *
   * @param environment the open environment
   * @param path the property path of the {@code aws-login} value, such as {@code aws.login}
   * @return the provider
   * @throws IllegalArgumentException when the path holds no {@code aws-login} output
   */
  public static RefreshingCredentialsProvider credentials(OpenEnvironment environment, String path) {
    return RefreshingCredentialsProvider.builder(environment, path).build();
  }

  /**
   * New instances of the three providers, for {@code Environment.builder().provider(...)} when
   * provider discovery is off.
   *
   * @return {@code aws-login}, {@code aws-secrets}, {@code aws-parameter-store}
   */
  public static List<Provider> providers() {
    return List.of(new AwsLoginProvider(), new AwsSecretsProvider(), new AwsParameterStoreProvider());
  }
}
