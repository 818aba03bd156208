package io.esc4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Signal handling while {@code esc run} waits for its child, so that the child, not the JVM,
 * decides when the run ends and the temporary files are removed only after it has ended.
 *
 * <ul>
 *   <li>SIGINT (Ctrl-C): the terminal sends it to the whole foreground process group, child
 *       included; esc ignores it and waits for the child.
 *   <li>SIGTERM and SIGHUP: forwarded to the child as SIGTERM; a second one kills it.
 * </ul>
 *
 * <p>Where the JVM does not allow a handler (for example with {@code -Xrs}), the JVM default
 * stays, and the shutdown hook of {@code ChildRun} removes the files.
 */
final class Signals {
  private final List<Signal> signals = new ArrayList<>();
  private final List<SignalHandler> previous = new ArrayList<>();

  private Signals() {}

  static Signals forward(Process child) {
    Signals s = new Signals();
    AtomicInteger terms = new AtomicInteger();
    SignalHandler terminate = sig -> {
      if (terms.getAndIncrement() == 0) {
        child.destroy();
      } else {
        child.destroyForcibly();
      }
    };
    s.install("INT", sig -> { });
    s.install("TERM", terminate);
    s.install("HUP", terminate);
    return s;
  }

  private void install(String name, SignalHandler handler) {
    try {
      Signal sig = new Signal(name);
      SignalHandler old = Signal.handle(sig, handler);
      signals.add(sig);
      previous.add(old);
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      // unknown on this platform, or reserved by the JVM: keep the default
    }
  }

  /** Puts the previous handlers back. */
  void restore() {
    for (int i = 0; i < signals.size(); i++) {
      try {
        Signal.handle(signals.get(i), previous.get(i));
      } catch (IllegalArgumentException e) {
        // keep going
      }
    }
  }
}
