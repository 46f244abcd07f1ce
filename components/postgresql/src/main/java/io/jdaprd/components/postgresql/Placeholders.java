package io.jdaprd.components.postgresql;

import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL's numbered parameters ({@code $1}, {@code $2}), which Dapr's binding (on pgx) takes, rewritten into
 * pgjdbc's positional {@code ?}: each {@code $n} outside string literals, quoted identifiers, dollar-quoted strings
 * and comments becomes one {@code ?} bound to parameter {@code n} (so a parameter may be used twice, or out of
 * order), and a literal {@code ?} (the {@code jsonb ?} operator) becomes pgjdbc's escape {@code ??}.
 *
 * @param sql the statement for pgjdbc
 * @param order for each {@code ?} in turn, the 0-based index of the parameter it stands for
 * @param highest the highest {@code n} of a {@code $n} in the statement (0 when there is none)
 */
record Placeholders(String sql, List<Integer> order, int highest) {

  /** Rewrites {@code sql}; a {@code $n} beyond {@code available} parameters is left for the server to refuse. */
  static Placeholders rewrite(String sql, int available) {
    StringBuilder out = new StringBuilder(sql.length() + 8);
    List<Integer> order = new ArrayList<>();
    int highest = 0;
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'') {
        boolean backslashes = i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e')
            && (i < 2 || !isIdentifierChar(sql.charAt(i - 2)));
        int end = endOfQuoted(sql, i, '\'', backslashes);
        out.append(sql, i, end);
        i = end;
      } else if (c == '"') {
        int end = endOfQuoted(sql, i, '"', false);
        out.append(sql, i, end);
        i = end;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        end = end < 0 ? n : end;
        out.append(sql, i, end);
        i = end;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = endOfBlockComment(sql, i);
        out.append(sql, i, end);
        i = end;
      } else if (c == '?') {
        out.append("??");
        i++;
      } else if (c == '$' && (i == 0 || !isIdentifierChar(sql.charAt(i - 1)))) {
        int digits = i + 1;
        while (digits < n && Character.isDigit(sql.charAt(digits))) {
          digits++;
        }
        if (digits > i + 1) {
          int number = parse(sql.substring(i + 1, digits));
          highest = Math.max(highest, number);
          if (number >= 1 && number <= available) {
            out.append('?');
            order.add(number - 1);
          } else {
            out.append(sql, i, digits);
          }
          i = digits;
          continue;
        }
        int tagEnd = dollarTagEnd(sql, i);
        if (tagEnd < 0) {
          out.append(c);
          i++;
          continue;
        }
        String tag = sql.substring(i, tagEnd);
        int close = sql.indexOf(tag, tagEnd);
        int end = close < 0 ? n : close + tag.length();
        out.append(sql, i, end);
        i = end;
      } else {
        out.append(c);
        i++;
      }
    }
    return new Placeholders(out.toString(), List.copyOf(order), highest);
  }

  private static int parse(String digits) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }

  private static boolean isIdentifierChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  /** The index after the quoted text that starts at {@code start}; a doubled quote stays inside. */
  private static int endOfQuoted(String sql, int start, char quote, boolean backslashes) {
    int i = start + 1;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (backslashes && c == '\\') {
        i += 2;
      } else if (c == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    return sql.length();
  }

  private static int endOfBlockComment(String sql, int start) {
    int depth = 0;
    int i = start;
    while (i + 1 < sql.length()) {
      if (sql.charAt(i) == '/' && sql.charAt(i + 1) == '*') {
        depth++;
        i += 2;
      } else if (sql.charAt(i) == '*' && sql.charAt(i + 1) == '/') {
        depth--;
        i += 2;
        if (depth == 0) {
          return i;
        }
      } else {
        i++;
      }
    }
    return sql.length();
  }

  /** The index after the tag {@code $name$} or {@code $$} that starts at {@code start}, or -1 when there is none. */
  private static int dollarTagEnd(String sql, int start) {
    int i = start + 1;
    if (i < sql.length() && sql.charAt(i) == '$') {
      return i + 1;
    }
    if (i >= sql.length() || !(Character.isLetter(sql.charAt(i)) || sql.charAt(i) == '_')) {
      return -1;
    }
    while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
      i++;
    }
    return i < sql.length() && sql.charAt(i) == '$' ? i + 1 : -1;
  }
}
