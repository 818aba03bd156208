package io.esc4j.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OidcTokenRequestTest {
  @Test
  void defaultSubjectAndAudience() {
    OidcTokenRequest r = new OidcTokenRequest("contoso", "personA", "project/development", "project/app", List.of());
    assertThat(r.audience()).isEqualTo("aws:contoso");
    assertThat(r.subject()).isEqualTo("pulumi:environments:org:contoso:env:project/development");
    assertThat(r.extraClaims())
        .containsEntry("current_env", "project/development")
        .containsEntry("root_env", "project/app")
        .containsEntry("trigger_user", "personA");
  }

  @Test
  void customizedSubjectFollowsTheListedOrder() {
    // the example of ESC's "OpenID subject customization" docs
    OidcTokenRequest r = new OidcTokenRequest("contoso", "personA", "project/development", "project/app",
        List.of("currentEnvironment.name", "pulumi.user.login"));
    assertThat(r.subject()).isEqualTo(
        "pulumi:environments:pulumi.organization.login:contoso:currentEnvironment.name:project/development"
            + ":pulumi.user.login:personA");
    OidcTokenRequest all = new OidcTokenRequest("contoso", "personA", "project/development", "project/app",
        List.of("rootEnvironment.name", "pulumi.organization.login"));
    assertThat(all.subject()).isEqualTo("pulumi:environments:pulumi.organization.login:contoso"
        + ":rootEnvironment.name:project/app:pulumi.organization.login:contoso");
  }

  @Test
  void legacyDefaultProjectDropsTheProjectAndThePrefix() {
    OidcTokenRequest r = new OidcTokenRequest("contoso", "", "default/dev", "default/dev", List.of());
    assertThat(r.legacyProject()).isTrue();
    assertThat(r.audience()).isEqualTo("contoso");
    assertThat(r.subject()).isEqualTo("pulumi:environments:org:contoso:env:dev");
    assertThat(new OidcTokenRequest("contoso", "", "dev", "dev", List.of()).subject())
        .isEqualTo("pulumi:environments:org:contoso:env:dev");
    assertThat(r.extraClaims()).doesNotContainKey("trigger_user");
  }

  @Test
  void unknownAttributeAndMissingFactsAreErrors() {
    assertThatThrownBy(() -> new OidcTokenRequest("o", "", "p/e", "p/e", List.of("pulumi.user.teams")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pulumi.user.teams");
    assertThatThrownBy(() -> new OidcTokenRequest("", "", "p/e", "p/e", List.of()).audience())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("EvalContext.organization");
    assertThatThrownBy(() -> new OidcTokenRequest("o", "", "p/e", "p/e", List.of("pulumi.user.login")).subject())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("EvalContext.user");
  }
}
