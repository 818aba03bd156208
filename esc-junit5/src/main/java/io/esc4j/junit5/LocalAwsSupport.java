package io.esc4j.junit5;

import io.esc4j.Environment;
import io.esc4j.aws.AwsClientSettings;
import io.esc4j.aws.OidcTokenSource;
import io.esc4j.aws.SelfHostedIssuer;
import io.esc4j.testkit.LocalAwsServer;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Everything that touches esc-aws and esc-testkit, in one class that is loaded only when {@link
 * LocalAws} is used: both are optional dependencies.
 */
final class LocalAwsSupport {
  private LocalAwsSupport() {}

  /** Generating an RSA key costs about half a second: one per JVM. */
  private static final class Keys {
    static final java.security.KeyPair PAIR = SelfHostedIssuer.generateKeyPair();
  }

  /** A running server, its token issuer and the client settings pointing at it. */
  static final class State implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    final LocalAwsServer server;
    final SelfHostedIssuer issuer;
    final AwsClientSettings settings;

    State(LocalAwsServer server, SelfHostedIssuer issuer, AwsClientSettings settings) {
      this.server = server;
      this.issuer = issuer;
      this.settings = settings;
    }

    @Override
    public void close() {
      server.close();
    }
  }

  static Object start(LocalAws ann) {
    try {
      Class.forName("io.esc4j.testkit.LocalAwsServer");
      Class.forName("io.esc4j.aws.AwsClientSettings");
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalStateException("@LocalAws needs io.esc4j:esc-testkit and io.esc4j:esc-aws on the test"
          + " classpath: " + e, e);
    }
    return create(ann);
  }

  private static State create(LocalAws ann) {
    LocalAwsServer.Builder b = LocalAwsServer.builder();
    if (!ann.strictRoles()) {
      b.acceptAnyRole();
    }
    LocalAwsServer server = b.start();
    try {
      SelfHostedIssuer issuer = SelfHostedIssuer.builder().issuer(ann.issuer()).keyPair(Keys.PAIR).build();
      server.oidcProvider(ann.issuer(), issuer.jwks());
      AwsClientSettings settings = AwsClientSettings.builder().endpoint(server.endpoint()).environment(Map.of())
          .stsRegion(ann.stsRegion()).build();
      return new State(server, issuer, settings);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  static Object server(Object state) {
    return ((State) state).server;
  }

  static void configure(Environment.Builder builder, Object state) {
    State s = (State) state;
    builder.service(OidcTokenSource.class, s.issuer).service(AwsClientSettings.class, s.settings);
  }
}
