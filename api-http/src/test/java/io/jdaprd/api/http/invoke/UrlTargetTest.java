package io.jdaprd.api.http.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** URL targets in the invoke path, as daprd's {@code findTargetIDAndMethod} reads them. */
class UrlTargetTest {

  @Test
  void aUrlWrittenAsItIsKeepsItsDoubleSlash() {
    String path = InvokeRoutes.pathForTarget("/v1.0/invoke/http:/127.0.0.1:9/method/a/b",
        "/v1.0/invoke/http://127.0.0.1:9/method/a/b?x=1");
    assertThat(path).isEqualTo("/v1.0/invoke/http://127.0.0.1:9/method/a/b");
    InvokeRoutes.Target target = InvokeRoutes.target(path, null, null);
    assertThat(target.appId()).isEqualTo("http://127.0.0.1:9");
    assertThat(target.method()).isEqualTo("a/b");
  }

  @Test
  void aUrlEncodedUrlIsDecoded() {
    String path = InvokeRoutes.pathForTarget("/v1.0/invoke/http%3A%2F%2F127.0.0.1%3A9/method/m",
        "/v1.0/invoke/http%3A%2F%2F127.0.0.1%3A9/method/m");
    InvokeRoutes.Target target = InvokeRoutes.target(path, null, null);
    assertThat(target.appId()).isEqualTo("http://127.0.0.1:9");
    assertThat(target.method()).isEqualTo("m");
  }

  @Test
  void otherPathsKeepTheNormalisedPath() {
    assertThat(InvokeRoutes.pathForTarget("/v1.0/invoke/app/method/a", "/v1.0/invoke/app/method//a"))
        .isEqualTo("/v1.0/invoke/app/method/a");
    assertThat(InvokeRoutes.pathForTarget("/other", "//other")).isEqualTo("/other");
    assertThat(InvokeRoutes.pathUnescape("a%2Fb+c%zz")).isNull();
    assertThat(InvokeRoutes.pathUnescape("a%2Fb+c%C3%A9")).isEqualTo("a/b+cé");
  }
}
