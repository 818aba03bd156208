package io.esc4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.esc4j.CheckResult;
import io.esc4j.Diagnostic;
import io.esc4j.Redaction;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code esc check ENV}: a static check; no provider is called. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = {"Check an environment statically; exit 1 on errors.", "",
        "Checks ENV without calling any provider or decrypting anything: imports, references,"
            + " builtins and provider inputs are checked; every problem is printed as FILE:LINE:COLUMN:"
            + " severity: message. Exits 1 when there are errors."},
    footer = {"", "Example: esc check myapp/dev --format json"})
final class CheckCommand implements Callable<Integer> {
  @Mixin EnvOptions options;

  @Parameters(index = "0", paramLabel = "ENV", description = "The environment: project/env or org/project/env.")
  String env;

  @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  String format;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!format.equals("text") && !format.equals("json")) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--format must be text or json, was " + format);
    }
    EnvOptions.Opening o = options.prepare(env);
    CheckResult r = o.builder().check(o.name());
    var out = spec.commandLine().getOut();
    if (format.equals("json")) {
      ObjectMapper m = new ObjectMapper();
      ObjectNode root = m.createObjectNode();
      root.put("environment", r.environment());
      ArrayNode diags = root.putArray("diagnostics");
      for (Diagnostic d : r.diagnostics()) {
        ObjectNode n = diags.addObject();
        n.put("severity", d.isError() ? "error" : "warning");
        n.put("environment", d.environment());
        EnvOptions.location(d.environment()).ifPresent(f -> n.put("file", f));
        if (d.start().isKnown()) {
          n.put("line", d.start().line());
          n.put("column", d.start().column());
        }
        n.put("summary", d.summary());
        if (!d.path().isEmpty()) {
          n.put("path", d.path());
        }
        if (!d.fix().isEmpty()) {
          n.put("fix", d.fix());
        }
      }
      r.values().ifPresent(v -> {
        try {
          root.set("values", m.readTree(v.toJson(Redaction.REDACT)));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      out.println(m.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    } else if (r.diagnostics().isEmpty()) {
      out.println(r.environment() + ": ok");
    } else {
      out.println(EnvOptions.locate(r.rendered()));
    }
    out.flush();
    return r.hasErrors() ? Esc.ENVIRONMENT_ERROR : 0;
  }
}
