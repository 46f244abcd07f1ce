package io.jdaprd.errors;

import java.util.Locale;

/**
 * The languages jdaprd localizes error messages into: English, the default, and Chinese, the language of the
 * seed documents. Anything else falls back to English.
 */
public enum ErrorLocale {
  EN_US("en-US", Locale.ROOT),
  ZH_CN("zh-CN", Locale.SIMPLIFIED_CHINESE);

  private final String tag;
  private final Locale bundleLocale;

  ErrorLocale(String tag, Locale bundleLocale) {
    this.tag = tag;
    this.bundleLocale = bundleLocale;
  }

  /** The BCP 47 tag written into a {@code LocalizedMessage} detail, for example {@code zh-CN}. */
  public String tag() {
    return tag;
  }

  Locale bundleLocale() {
    return bundleLocale;
  }

  /**
   * Picks the language for an {@code Accept-Language} header (HTTP) or {@code accept-language} metadata (gRPC).
   *
   * @return {@code null} when the client sent no preference (then no {@code LocalizedMessage} is added), otherwise
   *     the supported language with the highest quality, English when none of the requested ones is supported
   */
  public static ErrorLocale fromAcceptLanguage(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    ErrorLocale best = null;
    double bestQuality = -1;
    for (String range : header.split(",")) {
      String[] parts = range.trim().split(";");
      String language = parts[0].trim().toLowerCase(Locale.ROOT);
      double quality = quality(parts);
      ErrorLocale candidate = language.equals("zh") || language.startsWith("zh-") ? ZH_CN
          : language.equals("en") || language.startsWith("en-") ? EN_US : null;
      if (candidate != null && quality > 0 && quality > bestQuality) {
        best = candidate;
        bestQuality = quality;
      }
    }
    return best == null ? EN_US : best;
  }

  private static double quality(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      if (p.startsWith("q=")) {
        try {
          return Double.parseDouble(p.substring(2));
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 1;
  }
}
