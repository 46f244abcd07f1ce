package io.jdaprd.errors;

import io.jdaprd.errors.details.ErrorDetail;
import io.jdaprd.errors.details.ErrorInfo;
import io.jdaprd.errors.details.Help;
import io.jdaprd.errors.details.LocalizedMessage;
import io.jdaprd.errors.details.ResourceInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * How an error is rendered beyond daprd's bytes. {@link #DAPR} renders exactly what daprd sends. On top of that,
 * without breaking it: {@code rich} adds to every error the ErrorInfo, ResourceInfo and Help link it lacks, and a
 * {@code locale} appends a {@code LocalizedMessage}. A detail type already present is never added twice, because
 * the Java SDK keeps only one detail per type.
 *
 * @param rich whether to add the details daprd leaves out ({@code --error-details rich})
 * @param locale the client's language, or {@code null} when the client asked for none
 * @param helpBaseUrl the URL of the generated error reference; an entry's link is this plus {@code #anchor}
 * @param publishedCodes whether to answer with the codes of Dapr's published error table where today's daprd
 *     uses newer ones ({@code --error-codes published}), for clients written against that table
 */
public record ErrorRendering(boolean rich, ErrorLocale locale, String helpBaseUrl, boolean publishedCodes) {
  /** The reference that Help links point at unless configured otherwise. */
  public static final String DEFAULT_HELP_BASE_URL = "https://github.com/jdaprd/jdaprd/blob/main/docs/errors.md";

  /** Exactly what daprd sends. */
  public static final ErrorRendering DAPR = new ErrorRendering(false, null, DEFAULT_HELP_BASE_URL, false);

  /** Rich details on every error, no localization. */
  public static final ErrorRendering RICH = new ErrorRendering(true, null, DEFAULT_HELP_BASE_URL, false);

  /** The same rendering for a client that asked for {@code locale} ({@code null}: asked for none). */
  public ErrorRendering withLocale(ErrorLocale locale) {
    return locale == this.locale ? this : new ErrorRendering(rich, locale, helpBaseUrl, publishedCodes);
  }

  /** The same rendering with or without the published table's codes. */
  public ErrorRendering withPublishedCodes(boolean published) {
    return published == publishedCodes ? this : new ErrorRendering(rich, locale, helpBaseUrl, published);
  }

  /** The form of {@code e} to render: its published-table form when {@link #publishedCodes} asks for it. */
  public DaprException select(DaprException e) {
    return publishedCodes ? e.published() : e;
  }

  /** The link to an entry of the generated reference. */
  public String helpUrl(ErrorCode code) {
    return helpBaseUrl + "#" + code.anchor();
  }

  /** The details to send for {@code e}: its own, then what this rendering adds, in that order. */
  public List<ErrorDetail> details(DaprException e) {
    if (!rich && locale == null) {
      return e.details();
    }
    List<ErrorDetail> out = new ArrayList<>(e.details());
    if (rich) {
      ErrorCode code = e.code();
      if (e.resource().isPresent() && absent(out, ResourceInfo.class)) {
        DaprException.ResourceRef r = e.resource().get();
        out.add(new ResourceInfo(r.type(), r.name(), "", ""));
      }
      if (absent(out, ErrorInfo.class)) {
        out.add(ErrorInfo.dapr(code.richReason(), null));
      }
      if (absent(out, Help.class)) {
        out.add(Help.of(helpUrl(code), code.code() + ": " + code.description(ErrorLocale.EN_US)));
      }
    }
    if (locale != null && absent(out, LocalizedMessage.class)) {
      out.add(new LocalizedMessage(locale.tag(), e.localizedMessage(locale)));
    }
    return out;
  }

  private static boolean absent(List<ErrorDetail> details, Class<? extends ErrorDetail> type) {
    for (ErrorDetail d : details) {
      if (type.isInstance(d)) {
        return false;
      }
    }
    return true;
  }
}
