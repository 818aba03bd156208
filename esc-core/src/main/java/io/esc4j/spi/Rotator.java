package io.esc4j.spi;

import io.esc4j.EscValue;

/**
 * A provider whose credentials can be rotated: what {@code fn::rotate::NAME} calls.
 *
 * <p>Opening an environment calls {@link #open(EscValue.Obj, EscValue, ProviderContext)} with the
 * stored state; rotation calls {@link #rotate} first and writes the new state back to the
 * document. Thread-safe, like {@link Provider}.
 */
public interface Rotator {
  /**
   * The name used after {@code fn::rotate::}.
   *
   * @return the rotator name
   */
  String name();

  /**
   * The JSON Schema of the inputs; it may list {@code rotateOnly} input names.
   *
   * @return the schema
   */
  default EscValue inputSchema() {
    return EscValue.Bool.TRUE;
  }

  /**
   * The JSON Schema of the state.
   *
   * @return the schema
   */
  default EscValue stateSchema() {
    return EscValue.Bool.TRUE;
  }

  /**
   * The JSON Schema of the output.
   *
   * @return the schema
   */
  default EscValue outputSchema() {
    return EscValue.Bool.TRUE;
  }

  /**
   * Computes the output from the inputs and the current state.
   *
   * @param inputs the evaluated inputs (rotate-only inputs may be unknown)
   * @param state the current state, or {@link EscValue.Null} when there is none
   * @param context the provider context
   * @return the output
   * @throws ProviderException on failure
   */
  EscValue open(EscValue.Obj inputs, EscValue state, ProviderContext context)
      throws ProviderException;

  /**
   * Rotates: returns the new state.
   *
   * @param inputs the evaluated inputs
   * @param state the current state, or {@link EscValue.Null}
   * @param context the provider context
   * @return the new state
   * @throws ProviderException on failure
   */
  EscValue rotate(EscValue.Obj inputs, EscValue state, ProviderContext context)
      throws ProviderException;
}
