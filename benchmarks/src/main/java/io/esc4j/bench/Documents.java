package io.esc4j.bench;

import io.esc4j.EscValue;
import io.esc4j.spi.Decrypter;
import io.esc4j.spi.Provider;
import io.esc4j.spi.ProviderContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** The documents the benchmarks open: the reference bench and generated environments. */
public final class Documents {
  private Documents() {}

  /** rot128, the reference suite's test cipher. */
  public static final Decrypter ROT128 = payload -> {
    byte[] out = payload.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) (out[i] + 128);
    }
    return out;
  };

  /**
   * The reference's {@code bench} provider with no delay: it returns a constant and says so
   * ({@link Provider#mayBlock()} is false), so esc4j calls it on the evaluating thread, as the
   * reference evaluator calls every provider.
   */
  public static final Provider BENCH = new Provider() {
    @Override
    public String name() {
      return "bench";
    }

    @Override
    public boolean mayBlock() {
      return false;
    }

    @Override
    public EscValue open(EscValue.Obj inputs, ProviderContext context) {
      return EscValue.Str.of("0s");
    }
  };

  /** {@link #BENCH} left to the default: every call on the provider threads. */
  public static final Provider BENCH_POOLED = new Provider() {
    @Override
    public String name() {
      return "bench";
    }

    @Override
    public EscValue open(EscValue.Obj inputs, ProviderContext context) {
      return EscValue.Str.of("0s");
    }
  };

  /**
   * The reference benchmark: env.yaml importing a.yaml ... z.yaml.
   *
   * @param shared the shared folder
   * @return name to YAML text, root under "env"
   */
  public static Map<String, String> referenceBench(Path shared) {
    Map<String, String> docs = new LinkedHashMap<>();
    try (Stream<Path> s = Files.list(shared.resolve("conformance/esc-eval/bench"))) {
      for (Path p : s.sorted().toList()) {
        String n = p.getFileName().toString();
        docs.put(n.substring(0, n.length() - ".yaml".length()), Files.readString(p, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return docs;
  }

  /**
   * A synthetic environment: {@code imports} documents of {@code values / imports} values each,
   * with interpolation, references across imports and builtins, and a root importing them all.
   *
   * @param values total values (about)
   * @param imports number of imported documents
   * @return name to YAML text, root under "root/env"
   */
  public static Map<String, String> synthetic(int values, int imports) {
    Map<String, String> docs = new LinkedHashMap<>();
    int per = Math.max(1, values / imports);
    for (int d = 0; d < imports; d++) {
      StringBuilder sb = new StringBuilder();
      if (d > 0) {
        sb.append("imports:\n  - gen/doc").append(d - 1).append('\n');
      }
      sb.append("values:\n");
      sb.append("  doc").append(d).append(":\n");
      for (int i = 0; i < per; i++) {
        String k = "k" + i;
        switch (i % 5) {
          case 0 -> sb.append("    ").append(k).append(": value-").append(d).append('-').append(i).append('\n');
          case 1 -> sb.append("    ").append(k).append(": ").append(i * 7).append('\n');
          case 2 -> sb.append("    ").append(k).append(": \"${doc").append(d).append(".k").append(i - 2)
              .append("}/${doc").append(d).append(".k").append(i - 1).append("}\"\n");
          case 3 -> sb.append("    ").append(k).append(": {fn::join: [\",\", [\"${doc").append(d).append(".k")
              .append(i - 3).append("}\", x, y]]}\n");
          default -> sb.append("    ").append(k).append(": {fn::secret: s3cr3t-").append(i).append("}\n");
        }
      }
      docs.put("gen/doc" + d, sb.toString());
    }
    StringBuilder root = new StringBuilder("imports:\n");
    for (int d = 0; d < imports; d++) {
      root.append("  - gen/doc").append(d).append('\n');
    }
    root.append("values:\n  summary:\n    fn::toJSON:\n      first: ${doc0.k0}\n      last: ${doc")
        .append(imports - 1).append(".k0}\n  environmentVariables:\n    FIRST: ${doc0.k2}\n");
    docs.put("root/env", root.toString());
    return docs;
  }

  /**
   * One big document with {@code values} values and no imports.
   *
   * @param values the number of values
   * @return name to YAML text, root under "root/env"
   */
  public static Map<String, String> flat(int values) {
    Map<String, String> docs = new LinkedHashMap<>();
    StringBuilder sb = new StringBuilder("values:\n  data:\n");
    for (int i = 0; i < values; i++) {
      if (i % 4 == 3) {
        sb.append("    k").append(i).append(": \"${data.k").append(i - 1).append("}-x\"\n");
      } else {
        sb.append("    k").append(i).append(": v").append(i).append('\n');
      }
    }
    docs.put("root/env", sb.toString());
    return docs;
  }
}
