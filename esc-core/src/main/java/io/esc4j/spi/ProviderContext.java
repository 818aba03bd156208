package io.esc4j.spi;

import io.esc4j.EscValue;
import java.time.Instant;
import java.util.Optional;

/**
 * What a provider may know about the open it runs in. Implemented by the evaluator; immutable.
 */
public interface ProviderContext {
  /**
   * The name of the environment being opened ({@code myapp/dev}).
   *
   * @return the root environment name
   */
  String rootEnvironment();

  /**
   * The name of the environment that contains the {@code fn::open} (an import's name when the
   * call sits in an imported environment).
   *
   * @return the current environment name
   */
  String currentEnvironment();

  /**
   * The organization that opens, if known.
   *
   * @return the organization
   */
  Optional<String> organization();

  /**
   * The user that opens, if known.
   *
   * @return the user
   */
  Optional<String> user();

  /**
   * When the open must be finished; providers should bound their calls by it.
   *
   * @return the deadline
   */
  Instant deadline();

  /**
   * The {@code context} object a document sees.
   *
   * @return the execution context values
   */
  EscValue.Obj executionContext();

  /**
   * A shared service registered on the environment builder (for example the OIDC token source
   * of esc-aws), looked up by type.
   *
   * @param type the service type
   * @param <T> the service type
   * @return the service, if registered
   */
  <T> Optional<T> service(Class<T> type);

  /**
   * Reports a warning about this call (for example an input that works but is probably not what
   * the user meant). It becomes a warning diagnostic at the {@code fn::open} site. Never put a
   * secret in it.
   *
   * @param message the warning, lower-case, without a trailing period
   */
  default void warning(String message) {}
}
