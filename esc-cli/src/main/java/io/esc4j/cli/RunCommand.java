package io.esc4j.cli;

import java.util.Map;
import picocli.CommandLine.Command;

/** {@code esc run ENV [--] CMD ARGS...}. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run CMD with the environment's variables and files.",
      "",
      "Opens ENV and runs CMD with its environmentVariables, and each entry of its files written to a"
          + " private temporary file (mode 0600) whose path is in the variable of that name. The files are"
          + " removed when CMD ends, also on Ctrl-C (CMD gets the signal and esc waits for it) and when esc"
          + " gets SIGTERM or SIGHUP (forwarded to CMD). CMD's exit code is esc's; stdin is passed through.",
      "",
      "Secret values in CMD's output print as [secret] unless -i is given. $${path} in ARGS is replaced"
          + " by that value of the environment. '--' before CMD is needed only when CMD's first argument"
          + " could be taken for an option of esc run."
    },
    footer = {
      "",
      "OIDC for aws-login: --oidc-token-file FILE, else $AWS_WEB_IDENTITY_TOKEN_FILE, else GitHub Actions"
          + " ($ACTIONS_ID_TOKEN_REQUEST_URL and $ACTIONS_ID_TOKEN_REQUEST_TOKEN), else a self-hosted"
          + " issuer ($ESC_OIDC_PRIVATE_KEY_FILE and $ESC_OIDC_ISSUER). The organization (org/project/env,"
          + " --org, $ESC_ORGANIZATION) sets the token audience aws:ORG. AWS endpoints: $AWS_ENDPOINT_URL"
          + " and per-service variants ($AWS_ENDPOINT_URL_STS, ...); STS region: $AWS_REGION.",
      "",
      "Examples:",
      "  esc run acme/myapp/dev -- aws s3 sync ./site s3://bucket/",
      "  esc run myapp/dev -- sh -c 'echo $APP_NAME; cat \"$APP_CONFIG\"'",
      "  esc run myapp/dev -- psql $${db.url}"
    })
final class RunCommand extends ChildRun {
  @Override
  public Integer call() throws Exception {
    EnvOptions.Opening o = options.prepare(env);
    return runChild(o.builder().open(o.name()), Map.of(), () -> { });
  }
}
