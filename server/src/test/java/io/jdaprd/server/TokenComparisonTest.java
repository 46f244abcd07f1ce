package io.jdaprd.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.jdaprd.core.runtime.ApiSettings;
import io.jdaprd.errors.ErrorRendering;
import java.security.MessageDigest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Security review (issue #15): the API token is compared in constant time on every path. The only code that reads
 * {@code DAPR_API_TOKEN}'s value back is {@link ApiSettings} itself, whose {@code tokenMatches} compares with
 * {@link MessageDigest#isEqual} (no early exit on the first differing byte), and both transports' checks call it.
 */
class TokenComparisonTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.jdaprd");
  }

  @Test
  void onlyApiSettingsReadsTheTokenBack() {
    noClasses().that().doNotHaveFullyQualifiedName(ApiSettings.class.getName())
        .should().callMethod(ApiSettings.class, "apiToken")
        .because("the token is compared only by ApiSettings.tokenMatches, in constant time").check(classes);
  }

  @Test
  void tokenMatchesComparesWithMessageDigestIsEqual() {
    JavaMethod matches = classes.get(ApiSettings.class).getMethod("tokenMatches", String.class);
    assertThat(matches.getMethodCallsFromSelf()).extracting(JavaCall::getTarget)
        .anySatisfy(t -> {
          assertThat(t.getOwner().getName()).isEqualTo(MessageDigest.class.getName());
          assertThat(t.getName()).isEqualTo("isEqual");
        })
        .noneSatisfy(t -> {
          assertThat(t.getOwner().getName()).isEqualTo(String.class.getName());
          assertThat(t.getName()).isIn("equals", "contentEquals", "compareTo", "equalsIgnoreCase");
        });
  }

  @Test
  void bothTransportsCheckThroughTokenMatches() {
    for (String checker : new String[] {"io.jdaprd.api.http.access.HttpApiPolicies",
        "io.jdaprd.api.grpc.ApiTokenInterceptor", "io.jdaprd.api.grpc.UnknownMethods"}) {
      assertThat(classes.get(checker).getMethodCallsFromSelf()).as(checker).extracting(JavaCall::getTarget)
          .anySatisfy(t -> {
            assertThat(t.getOwner().getName()).isEqualTo(ApiSettings.class.getName());
            assertThat(t.getName()).isEqualTo("tokenMatches");
          });
    }
  }

  @Test
  void tokenMatchesAnswersAsExpected() {
    ApiSettings s = new ApiSettings(ErrorRendering.DAPR, "s3cr\u00e9t", 0);
    assertThat(s.tokenMatches("s3cr\u00e9t")).isTrue();
    assertThat(s.tokenMatches("s3cr\u00e9")).as("a prefix").isFalse();
    assertThat(s.tokenMatches("s3cr\u00e9tt")).as("longer").isFalse();
    assertThat(s.tokenMatches("S3cr\u00e9t")).as("case").isFalse();
    assertThat(s.tokenMatches("")).isFalse();
    assertThat(s.tokenMatches(null)).isFalse();
    assertThat(new ApiSettings(ErrorRendering.DAPR, null, 0).tokenMatches(null)).as("no token required").isTrue();
  }
}
