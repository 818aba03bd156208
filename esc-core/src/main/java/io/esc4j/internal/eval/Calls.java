package io.esc4j.internal.eval;

import io.esc4j.EscValue;
import io.esc4j.Redaction;
import io.esc4j.spi.Provider;
import io.esc4j.spi.ProviderContext;
import io.esc4j.spi.ProviderException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The provider calls of one open. Each call site with the same inputs runs once. In concurrent
 * mode a call is started on first sight and reads as pending until it finishes, so that calls
 * that do not depend on each other run at the same time; the evaluator passes over the document
 * again once the pending calls are done. A provider that declares it does not block ({@link
 * Provider#mayBlock()}) is called on the evaluating thread instead and never reads as pending.
 */
final class Calls implements AutoCloseable {
  /**
   * The outcome of a call as one pass sees it.
   *
   * @param pending still running
   * @param value the output
   * @param error the error message, or {@code null}
   * @param fix the fix hint
   */
  record Outcome(boolean pending, EscValue value, String error, String fix, String inputPath, List<String> warnings) {}

  private record Done(EscValue value, String error, String fix, String inputPath, List<String> warnings) {
    Done(EscValue value, String error, String fix) {
      this(value, error, fix, "", List.of());
    }
  }

  private final boolean concurrent;
  private final Instant deadline;
  /** The deadline on the monotonic clock, for checks made here (the wall clock can jump). */
  private final long deadlineNanos;
  private final Duration timeout;
  private final Map<String, CompletableFuture<Done>> calls = new ConcurrentHashMap<>();
  private boolean sawPending;
  private int pendingReads;

  Calls(boolean concurrent, Duration timeout) {
    this.concurrent = concurrent;
    this.timeout = timeout;
    this.deadline = Instant.now().plus(timeout);
    this.deadlineNanos = System.nanoTime() + timeout.toNanos();
  }

  Instant deadline() {
    return deadline;
  }

  void startPass() {
    sawPending = false;
  }

  boolean sawPending() {
    return sawPending;
  }

  /**
   * How many times an unfinished call has been read (as unknown) in this open: an evaluation
   * during which this does not change did not depend on any call still running.
   *
   * @return the count
   */
  int pendingReads() {
    return pendingReads;
  }

  /**
   * Counts a read of a value that holds the unknowns of an unfinished call (an environment that
   * read one, reused in the same pass), as if the call itself had been read.
   */
  void readPendingAgain() {
    sawPending = true;
    pendingReads++;
  }

  Outcome open(Provider p, EscValue.Obj inputs, ProviderContext ctx, String env, String docPath) {
    String key = env + '\u0000' + docPath + '\u0000' + p.name() + '\u0000' + inputs.toJson(Redaction.REVEAL);
    CompletableFuture<Done> f = calls.get(key);
    if (f == null) {
      if (concurrent && p.mayBlock()) {
        f = CompletableFuture.supplyAsync(() -> call(p, inputs, ctx), pool());
      } else if (concurrent && Thread.currentThread().isInterrupted()) {
        // as a pooled call whose wait is interrupted: the flag stays set for the caller
        f = CompletableFuture.completedFuture(new Done(null, "interrupted before the provider was called", ""));
      } else {
        Done d = call(p, inputs, ctx);
        if (concurrent && System.nanoTime() - deadlineNanos > 0) {
          d = new Done(null, "the provider returned after the open timeout of " + timeoutText()
              + " (it runs on the opening thread: its mayBlock() is false)",
              "if it does I/O or waits, return true from mayBlock(); otherwise raise EvalLimits.timeout");
        }
        f = CompletableFuture.completedFuture(d);
      }
      calls.put(key, f);
    }
    if (!f.isDone()) {
      sawPending = true;
      pendingReads++;
      return new Outcome(true, null, null, "", "", List.of());
    }
    Done d;
    try {
      d = f.join();
    } catch (java.util.concurrent.CompletionException e) {
      // call() returns every exception as an error: what is left is an Error, thrown as itself
      // on both paths (inline calls throw it directly)
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
    return new Outcome(false, d.value(), d.error(), d.fix(), d.inputPath(), d.warnings());
  }

  private static Done call(Provider p, EscValue.Obj inputs, ProviderContext ctx) {
    List<String> warnings = java.util.Collections.synchronizedList(new ArrayList<>());
    ProviderContext mine = ctx instanceof Context c ? c.collecting(warnings) : ctx;
    try {
      EscValue out = p.open(inputs, mine);
      if (out == null) {
        return new Done(null, "provider \"" + p.name() + "\" returned no value", "this is a bug in the provider");
      }
      return new Done(out, null, "", "", List.copyOf(warnings));
    } catch (ProviderException e) {
      return new Done(null, e.getMessage() == null ? "provider \"" + p.name() + "\" failed" : e.getMessage(), e.fix(),
          e.inputPath(), List.copyOf(warnings));
    } catch (Exception e) {
      // unchecked, or checked but thrown undeclared (a Kotlin or Lombok provider): the message of
      // an unexpected exception may quote inputs, which may be secret, so it is left out
      return new Done(null, "provider \"" + p.name() + "\" failed unexpectedly: " + e.getClass().getName(),
          "this is a bug in the provider");
    }
  }

  /** One pool for every open: daemon threads, created on demand, gone after a minute idle. */
  private static final ExecutorService POOL = Executors.newCachedThreadPool(new java.util.concurrent.ThreadFactory() {
    private final AtomicInteger n = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "esc4j-provider-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  });

  private ExecutorService pool() {
    return POOL;
  }

  /** Waits for every pending call, up to the deadline; late calls fail with a timeout error. */
  void awaitPending() {
    List<CompletableFuture<Done>> pending = new ArrayList<>();
    for (CompletableFuture<Done> f : calls.values()) {
      if (!f.isDone()) {
        pending.add(f);
      }
    }
    if (pending.isEmpty()) {
      return;
    }
    long remaining = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    try {
      CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0]))
          .get(Math.max(remaining, 1), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      for (CompletableFuture<Done> f : pending) {
        f.complete(late());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      for (CompletableFuture<Done> f : pending) {
        f.complete(new Done(null, "interrupted while waiting for the provider", ""));
      }
    } catch (ExecutionException e) {
      // call() never throws; nothing to do
    }
  }

  private Done late() {
    return new Done(null, "the provider did not finish within the open timeout of " + timeoutText(),
        "raise EvalLimits.timeout, or check the provider's network access");
  }

  private String timeoutText() {
    return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
  }

  ProviderContext context(String root, String current, Session session, EscValue.Obj exec) {
    return new Context(root, current, session, exec, deadline, null);
  }

  /** Cancels calls still running when the open ends (after a timeout or an interrupt). */
  @Override
  public void close() {
    for (CompletableFuture<Done> f : calls.values()) {
      f.cancel(true);
    }
  }

  private record Context(String root, String current, Session session, EscValue.Obj exec, Instant deadline,
      List<String> warnings) implements ProviderContext {
    Context collecting(List<String> sink) {
      return new Context(root, current, session, exec, deadline, sink);
    }

    @Override
    public void warning(String message) {
      if (warnings != null && message != null) {
        warnings.add(message);
      }
    }

    @Override
    public String rootEnvironment() {
      return root;
    }

    @Override
    public String currentEnvironment() {
      return current;
    }

    @Override
    public Optional<String> organization() {
      return session.context().organizationName();
    }

    @Override
    public Optional<String> user() {
      String u = session.context().user();
      return u.isEmpty() ? Optional.empty() : Optional.of(u);
    }

    @Override
    public EscValue.Obj executionContext() {
      return exec;
    }

    @Override
    public <T> Optional<T> service(Class<T> type) {
      Object s = session.services().get(type);
      return s == null ? Optional.empty() : Optional.of(type.cast(s));
    }

    @Override
    public String toString() {
      return "ProviderContext[" + current + "]";
    }
  }
}
