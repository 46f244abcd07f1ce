package io.jdaprd.middleware.http;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.RequestContext;
import io.jdaprd.middleware.HttpMiddleware;
import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * components-contrib's {@code middleware.http.routerchecker}: a request whose URI (the escaped path, then
 * {@code ?} and the query when there is one) the metadata {@code rule} regular expression does not match anywhere
 * is answered {@code 400} with the plain-text body {@code invalid router}; an empty rule matches every request. The
 * rule is compiled by the JDK, whose syntax covers Go's RE2 for the rules routes are checked with.
 */
public final class RouterChecker implements HttpMiddleware {
  /** The component type. */
  public static final String TYPE = "middleware.http.routerchecker";

  private Pattern rule;

  @Override
  public void init(ComponentMetadata metadata) throws ComponentException {
    String text = metadata.get("rule", "");
    try {
      rule = Pattern.compile(text);
    } catch (PatternSyntaxException e) {
      throw new ComponentException("failed to compile rule regexp: " + e.getDescription() + ": `" + text + "`");
    }
  }

  @Override
  public HttpResponse handle(RequestContext ctx, HttpRequest req, Next next) throws Exception {
    if (!rule.matcher(requestUri(ctx)).find()) {
      return PlainText.of(400, "invalid router");
    }
    return next.handle(req);
  }

  /** contrib's {@code RequestURI}: the path ({@code /} when empty), then {@code ?query} when there is a query. */
  static String requestUri(RequestContext ctx) {
    String path = ctx.path().isEmpty() ? "/" : ctx.path();
    String query = ctx.query();
    return query == null ? path : path + "?" + query;
  }
}
