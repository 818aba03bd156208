package io.esc4j.spi;

import io.esc4j.EscValue;

/**
 * A provider: what {@code fn::open::NAME} (or {@code fn::open: {provider: NAME, ...}}) calls to
 * produce a value at open time, such as cloud credentials or secrets fetched from a vault.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader} (declare them in {@code
 * META-INF/services/io.esc4j.spi.Provider}) or registered on {@code Environment.builder()}. They
 * must be thread-safe: the providers of one open run concurrently, and one instance serves every
 * open. Each {@code fn::open} call site runs at most once per open.
 *
 * <p>By default a call runs on esc4j's provider threads, so that an open keeps its timeout ({@code
 * EvalLimits.timeout}) whatever the provider does and independent calls overlap. A provider whose
 * {@link #open} neither blocks nor takes long can say so with {@link #mayBlock()}.
 *
 * <p>Schemas are JSON Schema documents (the subset ESC supports) expressed as {@link EscValue}s;
 * {@code true} accepts anything. Inputs are validated against {@link #inputSchema()} before {@link
 * #open} is called, and a static check ({@code esc check}) types the unknown output with {@link
 * #outputSchema()}.
 */
public interface Provider {
  /**
   * The name used after {@code fn::open::}, e.g. {@code aws-login}.
   *
   * @return the provider name
   */
  String name();

  /**
   * The JSON Schema of the inputs.
   *
   * @return the schema; the default, {@code true}, accepts anything
   */
  default EscValue inputSchema() {
    return EscValue.Bool.TRUE;
  }

  /**
   * The JSON Schema of the output.
   *
   * @return the schema; the default, {@code true}, promises nothing
   */
  default EscValue outputSchema() {
    return EscValue.Bool.TRUE;
  }

  /**
   * Whether {@link #open} may block or take long: network or file I/O, locks, sleeps, large
   * computations. The default is {@code true}, and such calls run on esc4j's provider threads,
   * concurrently with the rest of the open and bounded by its timeout.
   *
   * <p>Return {@code false} only when {@code open} computes its output from its inputs in memory
   * (it returns its inputs reshaped, a constant, a hash). esc4j then calls it on the thread that
   * evaluates the document, in the same evaluation pass: no thread hand-off, and no further pass
   * over the document on its account, which for a trivial provider is most of its cost (about
   * 20 µs per call, measured on the reference benchmark). The open's timeout cannot interrupt such
   * a call: one that returns after the deadline fails with a timeout error, but only once it
   * returns; and an open whose thread is interrupted does not call it.
   *
   * @return {@code true} (the default) when calls must run on the provider threads
   */
  default boolean mayBlock() {
    return true;
  }

  /**
   * Opens the provider: computes its output from the evaluated inputs.
   *
   * <p>Inputs never contain unknown values. Inputs that are secret arrive flagged secret; mark
   * secret outputs with {@link EscValue#withSecret(boolean)} (a top-level secret output makes the
   * whole tree secret). Never put a secret into a {@link ProviderException} message.
   *
   * @param inputs the evaluated inputs
   * @param context who opens, where, until when, and shared services
   * @return the output
   * @throws ProviderException when the provider fails; it becomes a diagnostic at the call site
   */
  EscValue open(EscValue.Obj inputs, ProviderContext context) throws ProviderException;
}
