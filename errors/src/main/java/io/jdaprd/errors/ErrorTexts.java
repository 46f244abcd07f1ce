package io.jdaprd.errors;

import java.util.EnumMap;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The human texts of the catalog, kept in the {@code io.jdaprd.errors.texts} resource bundles: per entry an
 * English and a Chinese description, and a Chinese message template taking the English template's arguments.
 */
final class ErrorTexts {
  private static final String BUNDLE = "io.jdaprd.errors.texts";
  private static final Map<ErrorLocale, ResourceBundle> BUNDLES = new EnumMap<>(ErrorLocale.class);

  static {
    ResourceBundle.Control noFallback =
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
    for (ErrorLocale locale : ErrorLocale.values()) {
      BUNDLES.put(locale, ResourceBundle.getBundle(BUNDLE, locale.bundleLocale(), noFallback));
    }
  }

  private ErrorTexts() {
  }

  static String description(ErrorCode code, ErrorLocale locale) {
    return text(locale, code.name() + ".description");
  }

  static String template(ErrorCode code, ErrorLocale locale) {
    return text(locale, code.name() + ".message");
  }

  private static String text(ErrorLocale locale, String key) {
    try {
      return BUNDLES.get(locale).getString(key);
    } catch (MissingResourceException e) {
      throw new IllegalStateException("no text " + key + " for " + locale.tag(), e);
    }
  }
}
