package io.jdaprd.core.invoke.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Loading and checking {@code spec.accessControl} as daprd's {@code pkg/acl} does. */
class AccessControlTest {
  private static final YAMLMapper YAML = new YAMLMapper();

  /**
   * A list with a deny-all global action and policies of several shapes: a caller allowed by default with a denied
   * operation ({@code frontend}), one denied by default with allowed operations under wildcards ({@code billing},
   * {@code batch}), one without its own default ({@code audit}), and one app id in two namespaces.
   */
  private static final String POLICIES = """
      defaultAction: deny
      trustDomain: corp
      policies:
      - appId: frontend
        defaultAction: allow
        trustDomain: public
        namespace: shop
        operations:
        - name: /orders
          httpVerb: [POST, GET]
          action: allow
        - name: /admin
          httpVerb: ['*']
          action: deny
      - appId: billing
        defaultAction: deny
        trustDomain: eu
        namespace: money
        operations:
        - name: /invoices/pending/*
          httpVerb: [PUT, GET]
          action: allow
        - name: /refunds
          httpVerb: [POST]
          action: allow
      - appId: audit
        trustDomain: eu
        namespace: shop
        operations:
        - name: /logs
          httpVerb: [POST]
          action: allow
      - appId: batch
        defaultAction: deny
        trustDomain: eu
        namespace: money
        operations:
        - name: /jobs
          action: allow
        - name: /files/x/y/*
          action: allow
        - name: /files/x/y/z/keep
          action: allow
        - name: /files/x/y*
          action: allow
        - name: /tree/**
          action: allow
      - appId: frontend
        defaultAction: allow
        trustDomain: public
        namespace: staging
        operations:
        - name: /jobs
          httpVerb: ['*']
          action: allow
      """;

  static JsonNode yaml(String text) {
    try {
      return YAML.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static AccessControl policies(boolean httpApp) throws InvalidAccessControlException {
    return AccessControl.parse(yaml(POLICIES), httpApp);
  }

  private static CallerIdentity caller(String trustDomain, String namespace, String appId) {
    return new CallerIdentity(trustDomain, namespace, appId);
  }

  @Nested
  class Loading {
    @Test
    void noAccessControlIsDaprdsDefaultListWhichAllowsEveryCall() throws Exception {
      AccessControl acl = AccessControl.parse((JsonNode) null, true);
      assertThat(acl.enforced()).isTrue();
      assertThat(acl.defaultAction()).isEqualTo("allow");
      assertThat(acl.trustDomain()).isEqualTo("public");
      assertThat(acl.check(null, "anything", "GET", true).allowed()).isTrue();
      assertThat(acl.check(caller("x", "y", "z"), "anything", "GET", true))
          .isEqualTo(new Decision(true, Decision.Scope.GLOBAL));
      assertThat(AccessControl.parse(yaml("{}").path("accessControl"), false).defaultAction()).isEqualTo("allow");
    }

    @Test
    void anExplicitNullRemovesTheList() throws Exception {
      AccessControl acl = AccessControl.parse(yaml("accessControl: null").get("accessControl"), true);
      assertThat(acl.enforced()).isFalse();
      assertThat(acl.trustDomain()).isEqualTo("public");
      assertThat(acl.check(caller("x", "y", "z"), "op", "GET", true))
          .isEqualTo(new Decision(true, Decision.Scope.NONE));
    }

    @Test
    void policiesWithoutGlobalActionKeepTheDefaultAllow() throws Exception {
      AccessControl acl = AccessControl.parse(yaml("""
          policies:
          - {appId: a, trustDomain: public, namespace: ns, defaultAction: deny}
          """), true);
      assertThat(acl.defaultAction()).isEqualTo("allow");
      assertThat(acl.check(caller("public", "ns", "other"), "op", "GET", true).allowed()).isTrue();
      assertThat(acl.check(caller("public", "ns", "a"), "op", "GET", true).allowed()).isFalse();
    }

    @Test
    void anEmptyGlobalActionWithPoliciesIsDeny() throws Exception {
      AccessControl acl = AccessControl.parse(yaml("""
          defaultAction: ''
          policies:
          - {appId: a, trustDomain: public, namespace: ns}
          """), true);
      assertThat(acl.defaultAction()).isEqualTo("deny");
      assertThat(acl.check(null, "op", "GET", true).allowed()).isFalse();
    }

    @Test
    void anEmptyGlobalActionWithAnEmptyListOfPoliciesIsAllow() throws Exception {
      AccessControl acl = AccessControl.parse(yaml("{defaultAction: '', policies: []}"), true);
      assertThat(acl.defaultAction()).isEqualTo("allow");
    }

    @Test
    void everythingEmptyIsNoList() throws Exception {
      AccessControl acl = AccessControl.parse(yaml("{defaultAction: '', trustDomain: '', policies: []}"), true);
      assertThat(acl.enforced()).isFalse();
    }

    @Test
    void anEmptyTrustDomainIsPublic() throws Exception {
      AccessControl acl = AccessControl.parse(yaml("{trustDomain: '', defaultAction: deny}"), true);
      assertThat(acl.trustDomain()).isEqualTo("public");
      assertThat(AccessControl.parse(yaml(POLICIES), true).trustDomain()).isEqualTo("corp");
    }

    @Test
    void theGlobalActionIsLowerCasedAndAnyOtherWordDenies() throws Exception {
      assertThat(AccessControl.parse(yaml("defaultAction: ALLOW"), true).defaultAction()).isEqualTo("allow");
      assertThat(AccessControl.parse(yaml("defaultAction: Allow"), true).check(null, "x", null, true).allowed())
          .isTrue();
      AccessControl typo = AccessControl.parse(yaml("defaultAction: alow"), true);
      assertThat(typo.defaultAction()).isEqualTo("alow");
      assertThat(typo.check(null, "x", null, true).allowed()).isFalse();
    }

    @Test
    void laterConfigurationsOverrideEarlierOnesFieldByField() throws Exception {
      AccessControl acl = AccessControl.parseAll(List.of(yaml("{defaultAction: deny, trustDomain: corp}"),
          yaml("{trustDomain: other}")), true);
      assertThat(acl.defaultAction()).isEqualTo("deny");
      assertThat(acl.trustDomain()).isEqualTo("other");
      AccessControl afterNull = AccessControl.parseAll(List.of(yaml("null"),
          yaml("{policies: [{appId: a, trustDomain: t, namespace: n}]}")), true);
      assertThat(afterNull.defaultAction()).as("a list decoded afresh after null has no default").isEqualTo("deny");
      assertThat(afterNull.trustDomain()).isEqualTo("public");
    }

    @Test
    void aNullFieldKeepsTheEarlierValue() throws Exception {
      assertThat(AccessControl.parse(yaml("{defaultAction: null}"), true).defaultAction()).isEqualTo("allow");
    }

    @Test
    void policiesMissingTheirTrustDomainNamespaceOrAppIdAreRefusedInOneLine() {
      assertThatThrownBy(() -> AccessControl.parse(yaml("""
          defaultAction: deny
          trustDomain: public
          policies:
          - {appId: app1, namespace: ns1, defaultAction: allow}
          - {appId: app2, trustDomain: domain1, defaultAction: deny}
          - {trustDomain: domain1, namespace: ns3}
          """), true)).isInstanceOf(InvalidAccessControlException.class)
          .hasMessage("invalid access control spec. missing trustdomain for apps: [app1], missing namespace for "
              + "apps: [app2], missing app name on at least one of the app policies: true");
    }

    @Test
    void aMissingAppIdAloneIsReported() {
      assertThatThrownBy(() -> AccessControl.parse(yaml("policies: [{trustDomain: t, namespace: n}]"), false))
          .hasMessage("invalid access control spec. missing trustdomain for apps: [], missing namespace for apps: "
              + "[], missing app name on at least one of the app policies: true");
    }

    @Test
    void policiesWithNeitherTrustDomainNorNamespaceAreListedTwice() {
      assertThatThrownBy(() -> AccessControl.parse(yaml("policies: [{appId: a}, {appId: b, trustDomain: t}]"),
          false)).hasMessage("invalid access control spec. missing trustdomain for apps: [a], missing namespace "
              + "for apps: [a b], missing app name on at least one of the app policies: false");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "defaultAction: [a]|accessControl.defaultAction: expected a string",
        "policies: {appId: a}|accessControl.policies: expected a list",
        "policies: [x]|accessControl.policies[0]: expected a mapping",
        "policies: [{appId: a, trustDomain: t, namespace: n, operations: [{name: x, httpVerb: GET}]}]"
            + "|accessControl.policies[0].operations[0].httpVerb: expected a list",
        "policies: [{appId: {x: y}}]|accessControl.policies[0].appId: expected a string",
    })
    void valuesOfTheWrongShapeAreRefused(String yaml, String message) {
      assertThatThrownBy(() -> AccessControl.parse(yaml(yaml), true))
          .isInstanceOf(InvalidAccessControlException.class).hasMessage(message);
    }

    @Test
    void theWholeResourceMustBeAMapping() {
      assertThatThrownBy(() -> AccessControl.parse(yaml("[a]"), true)).hasMessage("accessControl: expected a mapping");
    }

    @Test
    void scalarsOfOtherTypesAreTakenAsText() throws Exception {
      AccessControl acl = AccessControl.parse(yaml("""
          defaultAction: deny
          policies: [{appId: 42, trustDomain: t, namespace: n, defaultAction: allow}]
          """), true);
      assertThat(acl.check(caller("t", "n", "42"), "x", "GET", true).allowed()).isTrue();
    }

    @Test
    void theLastPolicyForAnAppAndNamespaceWins() throws Exception {
      AccessControl acl = AccessControl.parse(yaml("""
          defaultAction: deny
          policies:
          - {appId: a, trustDomain: t, namespace: n, defaultAction: allow}
          - {appId: a, trustDomain: t, namespace: n, defaultAction: deny}
          """), true);
      assertThat(acl.check(caller("t", "n", "a"), "x", "GET", true).allowed()).isFalse();
    }

    @Test
    void theFirstOfTwoEqualOperationsWins() throws Exception {
      AccessControl acl = AccessControl.parse(yaml("""
          defaultAction: deny
          policies:
          - appId: a
            trustDomain: t
            namespace: n
            operations:
            - {name: /x, action: allow}
            - {name: x, action: deny}
          """), false);
      assertThat(acl.check(caller("t", "n", "a"), "x", null, false).allowed()).isTrue();
    }
  }

  @Nested
  class Checking {
    @Test
    void aCallerWithoutPolicyGetsTheGlobalAction() throws Exception {
      assertThat(policies(true).check(caller("public", "shop", "unknown"), "orders", "POST", true))
          .isEqualTo(new Decision(false, Decision.Scope.GLOBAL));
    }

    @Test
    void aCallerFromAnotherTrustDomainGetsTheGlobalAction() throws Exception {
      assertThat(policies(true).check(caller("private", "shop", "frontend"), "orders", "POST", true))
          .isEqualTo(new Decision(false, Decision.Scope.GLOBAL));
    }

    @Test
    void aCallerFromAnotherNamespaceGetsTheGlobalAction() throws Exception {
      assertThat(policies(true).check(caller("public", "elsewhere", "frontend"), "orders", "POST", true).allowed())
          .isFalse();
    }

    @Test
    void aCallerWithoutIdentityGetsTheGlobalAction() throws Exception {
      assertThat(policies(true).check(null, "orders", "POST", true))
          .isEqualTo(new Decision(false, Decision.Scope.GLOBAL));
    }

    @Test
    void anOperationWithoutRuleGetsTheAppsDefault() throws Exception {
      assertThat(policies(true).check(caller("public", "shop", "frontend"), "unlisted", "POST", true))
          .isEqualTo(new Decision(true, Decision.Scope.APP));
    }

    @Test
    void httpOperationsAreMatchedInLowerCase() throws Exception {
      assertThat(policies(true).check(caller("public", "shop", "frontend"), "ADMIN", "POST", true).allowed())
          .isFalse();
      assertThat(policies(true).check(caller("public", "shop", "frontend"), "Orders", "PUT", true).allowed())
          .as("no verb of the operation fits: the app's default allow").isTrue();
    }

    @Test
    void grpcOperationsAreMatchedAsWritten() throws Exception {
      CallerIdentity billing = caller("eu", "money", "billing");
      assertThat(policies(false).check(billing, "/REFUNDS", null, false).allowed()).isFalse();
      assertThat(policies(false).check(billing, "refunds", null, false).allowed()).isTrue();
    }

    @Test
    void aVerbNotListedKeepsTheAppsDefault() throws Exception {
      assertThat(policies(true).check(caller("eu", "money", "billing"), "refunds", "PUT", true))
          .isEqualTo(new Decision(false, Decision.Scope.APP));
    }

    @Test
    void aVerbNotListedWithoutAppDefaultKeepsTheGlobalAction() throws Exception {
      assertThat(policies(true).check(caller("eu", "shop", "audit"), "logs", "PUT", true))
          .isEqualTo(new Decision(false, Decision.Scope.GLOBAL));
      assertThat(policies(true).check(caller("eu", "shop", "audit"), "logs", "POST", true))
          .as("a listed verb decides, though the scope stays global without an app default")
          .isEqualTo(new Decision(true, Decision.Scope.GLOBAL));
    }

    @Test
    void theStarVerbCoversEveryVerb() throws Exception {
      assertThat(policies(true).check(caller("public", "shop", "frontend"), "admin", "PATCH", true).allowed())
          .isFalse();
    }

    @Test
    void aListedVerbDecides() throws Exception {
      assertThat(policies(true).check(caller("eu", "money", "billing"), "refunds", "POST", true).allowed()).isTrue();
      assertThat(policies(true).check(caller("eu", "money", "billing"), "/refunds", "POST", true).allowed())
          .as("with a leading slash too").isTrue();
    }

    @Test
    void verbsAreMatchedAsDaprdNamesThem() throws Exception {
      assertThat(policies(true).check(caller("eu", "money", "billing"), "refunds", "post", true).allowed())
          .isFalse();
    }

    @Test
    void anHttpCallWithoutVerbOnACoveredOperationGetsTheAppsOwnDefault() throws Exception {
      assertThat(policies(true).check(caller("eu", "money", "billing"), "refunds", null, true).allowed()).isFalse();
      assertThat(policies(true).check(caller("eu", "money", "billing"), "refunds", "NONE", true).allowed()).isFalse();
      assertThat(policies(true).check(caller("public", "shop", "frontend"), "orders", "NONE", true).allowed())
          .isTrue();
      assertThat(policies(true).check(caller("eu", "shop", "audit"), "logs", null, true).allowed())
          .as("an app without default denies then, whatever the global action").isFalse();
    }

    @Test
    void aTrailingStarCoversTheParentAndOneLastSegment() throws Exception {
      CallerIdentity billing = caller("eu", "money", "billing");
      assertThat(policies(true).check(billing, "/invoices/pending", "PUT", true).allowed()).isTrue();
      assertThat(policies(true).check(billing, "/invoices/pending/7", "PUT", true).allowed()).isTrue();
      assertThat(policies(true).check(billing, "/invoices/paid/7", "PUT", true).allowed()).isFalse();
    }

    @Test
    void aGrpcCallUsesTheOperationsActionWhateverTheVerbs() throws Exception {
      assertThat(policies(false).check(caller("eu", "money", "billing"), "refunds", null, false).allowed()).isTrue();
      assertThat(policies(false).check(caller("eu", "money", "batch"), "jobs", null, false).allowed()).isTrue();
    }

    @Test
    void oneStarIsOneLastSegmentAndLongerRulesStillMatch() throws Exception {
      CallerIdentity batch = caller("eu", "money", "batch");
      AccessControl acl = policies(false);
      assertThat(acl.check(batch, "files/x/y/z", null, false).allowed()).isTrue();
      assertThat(acl.check(batch, "files/x/y/z/other", null, false).allowed()).isFalse();
      assertThat(acl.check(batch, "files/x/y/z/keep", null, false).allowed()).isTrue();
    }

    @Test
    void aStarInsideASegmentMatchesAnyCharacters() throws Exception {
      assertThat(policies(false).check(caller("eu", "money", "batch"), "files/x/yes", null, false).allowed())
          .isTrue();
    }

    @Test
    void twoStarsCoverEverythingBelow() throws Exception {
      assertThat(policies(false).check(caller("eu", "money", "batch"), "tree/a/b/c", null, false).allowed())
          .isTrue();
    }

    @Test
    void anOperationCoversItsSubPaths() throws Exception {
      assertThat(policies(false).check(caller("eu", "money", "batch"), "jobs/1/run", null, false).allowed())
          .isTrue();
    }

    @Test
    void theSameAppIdInAnotherNamespaceHasItsOwnPolicy() throws Exception {
      assertThat(policies(true).check(caller("public", "staging", "frontend"), "jobs", "DELETE", true))
          .isEqualTo(new Decision(true, Decision.Scope.APP));
      assertThat(policies(true).check(caller("public", "staging", "frontend"), "admin", "GET", true).allowed())
          .as("staging's policy has no /admin rule: its default allow").isTrue();
    }

    @Test
    void aDenyAllListWithoutMtlsDeniesEveryCall() throws Exception {
      AccessControl acl = AccessControl.parse(yaml("defaultAction: deny"), false);
      assertThat(acl.check(null, "/dapr.proto.Service/Method", null, false))
          .isEqualTo(new Decision(false, Decision.Scope.GLOBAL));
    }
  }
}
