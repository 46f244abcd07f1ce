package io.jdaprd.core.pubsub;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A recursive-descent parser for the subset of CEL that routing rules use: literals, variables, field selection,
 * indexing, function and method calls, the operators and the standard macros. Grammar and precedence follow the CEL
 * language definition, lowest first: {@code ?:}, {@code ||}, {@code &&}, relations ({@code == != < <= > >= in}),
 * {@code + -}, {@code * / %}, unary {@code ! -}, member access.
 *
 * <p>A syntax error throws {@link IllegalArgumentException} whose message names the column (1-based).
 */
final class CelParser {

  private static final Set<String> RESERVED = Set.of("as", "break", "const", "continue", "else", "for", "function",
      "if", "import", "let", "loop", "package", "namespace", "return", "var", "void", "while");
  private static final Set<String> COMPREHENSIONS = Set.of("exists", "all", "exists_one", "filter", "map");
  private static final int MAX_DEPTH = 100;

  private final String text;
  private int pos;
  private int depth;

  private CelParser(String text) {
    this.text = text;
  }

  /** Parses one expression; the whole text must be consumed. */
  static CelNode parse(String text) {
    CelParser parser = new CelParser(text);
    CelNode node = parser.expression();
    parser.skipSpace();
    if (parser.pos < text.length()) {
      throw parser.error("unexpected '" + parser.peekToken() + "'");
    }
    if (depth(node) > MAX_DEPTH) {
      throw new IllegalArgumentException("expression nested too deeply (more than " + MAX_DEPTH + " levels)");
    }
    return node;
  }

  private static int depth(CelNode node) {
    List<CelNode> children = switch (node) {
      case CelNode.Literal literal -> List.of();
      case CelNode.Ident ident -> List.of();
      case CelNode.Select select -> List.of(select.operand());
      case CelNode.Index index -> List.of(index.operand(), index.index());
      case CelNode.Call call -> call.target() == null ? call.args()
          : concat(List.of(call.target()), call.args());
      case CelNode.Unary unary -> List.of(unary.operand());
      case CelNode.Binary binary -> List.of(binary.left(), binary.right());
      case CelNode.Logical logical -> List.of(logical.left(), logical.right());
      case CelNode.Conditional c -> List.of(c.condition(), c.whenTrue(), c.whenFalse());
      case CelNode.ListLiteral list -> list.elements();
      case CelNode.MapLiteral map -> concat(map.keys(), map.values());
      case CelNode.Comprehension c -> c.filter() == null ? List.of(c.range(), c.body())
          : List.of(c.range(), c.body(), c.filter());
    };
    int deepest = 0;
    for (CelNode child : children) {
      deepest = Math.max(deepest, depth(child));
    }
    return deepest + 1;
  }

  private static List<CelNode> concat(List<CelNode> first, List<CelNode> second) {
    List<CelNode> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  private CelNode expression() {
    if (++depth > MAX_DEPTH) {
      throw error("expression nested too deeply (more than " + MAX_DEPTH + " levels)");
    }
    CelNode condition = or();
    CelNode result = condition;
    if (accept("?")) {
      CelNode whenTrue = or();
      expect(":");
      result = new CelNode.Conditional(condition, whenTrue, expression());
    }
    depth--;
    return result;
  }

  private CelNode or() {
    CelNode left = and();
    while (accept("||")) {
      left = new CelNode.Logical(false, left, and());
    }
    return left;
  }

  private CelNode and() {
    CelNode left = relation();
    while (accept("&&")) {
      left = new CelNode.Logical(true, left, relation());
    }
    return left;
  }

  private CelNode relation() {
    CelNode left = addition();
    while (true) {
      String op = acceptAny("==", "!=", "<=", ">=", "<", ">");
      if (op == null && acceptKeyword("in")) {
        op = "in";
      }
      if (op == null) {
        return left;
      }
      left = new CelNode.Binary(op, left, addition());
    }
  }

  private CelNode addition() {
    CelNode left = multiplication();
    while (true) {
      String op = acceptAny("+", "-");
      if (op == null) {
        return left;
      }
      left = new CelNode.Binary(op, left, multiplication());
    }
  }

  private CelNode multiplication() {
    CelNode left = unary();
    while (true) {
      String op = acceptAny("*", "/", "%");
      if (op == null) {
        return left;
      }
      left = new CelNode.Binary(op, left, unary());
    }
  }

  private CelNode unary() {
    if (accept("!")) {
      return new CelNode.Unary("!", unary());
    }
    if (accept("-")) {
      skipSpace();
      if (pos < text.length() && isDigit(text.charAt(pos))) {
        return member(numberLiteral(true));
      }
      return new CelNode.Unary("-", unary());
    }
    return member();
  }

  private CelNode member() {
    return member(primary());
  }

  private CelNode member(CelNode node) {
    while (true) {
      if (accept(".")) {
        String name = identifier();
        if (accept("(")) {
          node = methodCall(node, name, arguments(")"));
        } else {
          node = new CelNode.Select(node, name, false);
        }
      } else if (accept("[")) {
        CelNode index = expression();
        expect("]");
        node = new CelNode.Index(node, index);
      } else {
        return node;
      }
    }
  }

  private CelNode methodCall(CelNode target, String name, List<CelNode> args) {
    if (!COMPREHENSIONS.contains(name)) {
      return new CelNode.Call(name, target, args);
    }
    int expected = name.equals("map") ? (args.size() == 3 ? 3 : 2) : 2;
    if (args.size() != expected || !(args.get(0) instanceof CelNode.Ident variable)) {
      throw error("invalid arguments to the " + name + "() macro (expected: a variable name and an expression)");
    }
    if (name.equals("map") && args.size() == 3) {
      return new CelNode.Comprehension(name, target, variable.name(), args.get(2), args.get(1));
    }
    return new CelNode.Comprehension(name, target, variable.name(), args.get(1), null);
  }

  private CelNode primary() {
    skipSpace();
    if (pos >= text.length()) {
      throw error("unexpected end of expression");
    }
    char c = text.charAt(pos);
    if (accept("(")) {
      CelNode inner = expression();
      expect(")");
      return inner;
    }
    if (accept("[")) {
      return new CelNode.ListLiteral(arguments("]"));
    }
    if (accept("{")) {
      return mapLiteral();
    }
    if (isDigit(c) || c == '.' && pos + 1 < text.length() && isDigit(text.charAt(pos + 1))) {
      return numberLiteral(false);
    }
    if (c == '"' || c == '\'') {
      return new CelNode.Literal(stringLiteral(false));
    }
    if ((c == 'r' || c == 'R') && pos + 1 < text.length() && isQuote(text.charAt(pos + 1))) {
      pos++;
      return new CelNode.Literal(stringLiteral(true));
    }
    if ((c == 'b' || c == 'B') && pos + 1 < text.length() && isQuote(text.charAt(pos + 1))) {
      throw error("bytes literals are not supported");
    }
    if (c == '.') {
      pos++;
    }
    String name = identifier();
    switch (name) {
      case "true":
        return new CelNode.Literal(Boolean.TRUE);
      case "false":
        return new CelNode.Literal(Boolean.FALSE);
      case "null":
        return new CelNode.Literal(null);
      default:
        break;
    }
    if (accept("(")) {
      List<CelNode> args = arguments(")");
      if (name.equals("has")) {
        if (args.size() != 1 || !(args.get(0) instanceof CelNode.Select select)) {
          throw error("invalid argument to has() macro (expected: a field selection such as event.data)");
        }
        return new CelNode.Select(select.operand(), select.field(), true);
      }
      return new CelNode.Call(name, null, args);
    }
    skipSpace();
    if (peek("{")) {
      throw error("message construction is not supported: " + name + "{...}");
    }
    return new CelNode.Ident(name);
  }

  private CelNode mapLiteral() {
    List<CelNode> keys = new ArrayList<>();
    List<CelNode> values = new ArrayList<>();
    if (accept("}")) {
      return new CelNode.MapLiteral(keys, values);
    }
    do {
      skipSpace();
      if (peek("}")) {
        break;
      }
      keys.add(expression());
      expect(":");
      values.add(expression());
    } while (accept(","));
    expect("}");
    return new CelNode.MapLiteral(keys, values);
  }

  private List<CelNode> arguments(String close) {
    List<CelNode> args = new ArrayList<>();
    if (accept(close)) {
      return args;
    }
    do {
      skipSpace();
      if (close.equals("]") && peek("]")) {
        break;
      }
      args.add(expression());
    } while (accept(","));
    expect(close);
    return args;
  }

  private CelNode numberLiteral(boolean negative) {
    int start = pos;
    String sign = negative ? "-" : "";
    if (text.startsWith("0x", pos) || text.startsWith("0X", pos)) {
      pos += 2;
      int digits = pos;
      while (pos < text.length() && Character.digit(text.charAt(pos), 16) >= 0) {
        pos++;
      }
      if (digits == pos) {
        throw error("invalid hexadecimal literal");
      }
      return integer(sign + text.substring(digits, pos), 16, start);
    }
    while (pos < text.length() && isDigit(text.charAt(pos))) {
      pos++;
    }
    boolean isDouble = false;
    if (pos + 1 < text.length() && text.charAt(pos) == '.' && isDigit(text.charAt(pos + 1))) {
      isDouble = true;
      pos++;
      while (pos < text.length() && isDigit(text.charAt(pos))) {
        pos++;
      }
    }
    if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
      int mark = pos;
      pos++;
      if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
        pos++;
      }
      if (pos < text.length() && isDigit(text.charAt(pos))) {
        isDouble = true;
        while (pos < text.length() && isDigit(text.charAt(pos))) {
          pos++;
        }
      } else {
        pos = mark;
      }
    }
    if (isDouble) {
      return new CelNode.Literal(Double.parseDouble(sign + text.substring(start, pos)));
    }
    return integer(sign + text.substring(start, pos), 10, start);
  }

  private CelNode integer(String digits, int radix, int start) {
    boolean unsigned = pos < text.length() && (text.charAt(pos) == 'u' || text.charAt(pos) == 'U');
    try {
      if (unsigned) {
        pos++;
        if (digits.startsWith("-")) {
          throw error("unsigned literal cannot be negative: " + digits + "u");
        }
        return new CelNode.Literal(new CelInterpreter.Uint(Long.parseUnsignedLong(digits, radix)));
      }
      return new CelNode.Literal(Long.parseLong(digits, radix));
    } catch (NumberFormatException e) {
      pos = start;
      throw error("integer literal out of range: " + digits);
    }
  }

  private String stringLiteral(boolean raw) {
    char quote = text.charAt(pos);
    boolean triple = text.startsWith(String.valueOf(quote).repeat(3), pos);
    String delimiter = triple ? String.valueOf(quote).repeat(3) : String.valueOf(quote);
    int start = pos;
    pos += delimiter.length();
    ByteArrayOutputStream utf8 = new ByteArrayOutputStream();
    while (true) {
      if (pos >= text.length()) {
        pos = start;
        throw error("unterminated string literal");
      }
      if (text.startsWith(delimiter, pos)) {
        pos += delimiter.length();
        return utf8.toString(StandardCharsets.UTF_8);
      }
      char c = text.charAt(pos);
      if (!triple && (c == '\n' || c == '\r')) {
        throw error("newline in string literal");
      }
      if (c == '\\' && !raw) {
        escape(utf8);
      } else {
        int codePoint = text.codePointAt(pos);
        pos += Character.charCount(codePoint);
        utf8.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private void escape(ByteArrayOutputStream utf8) {
    int start = pos;
    pos++;
    if (pos >= text.length()) {
      throw error("unterminated escape sequence");
    }
    char c = text.charAt(pos++);
    String simple = switch (c) {
      case 'a' -> "\u0007";
      case 'b' -> "\b";
      case 'f' -> "\f";
      case 'n' -> "\n";
      case 'r' -> "\r";
      case 't' -> "\t";
      case 'v' -> "\u000b";
      case '\\', '\'', '"', '`', '?' -> String.valueOf(c);
      default -> null;
    };
    if (simple != null) {
      utf8.writeBytes(simple.getBytes(StandardCharsets.UTF_8));
      return;
    }
    int digits = switch (c) {
      case 'x', 'X' -> 2;
      case 'u' -> 4;
      case 'U' -> 8;
      default -> c >= '0' && c <= '3' ? 2 : -1;
    };
    int radix = c >= '0' && c <= '3' ? 8 : 16;
    if (digits < 0 || pos + digits > text.length()) {
      pos = start;
      throw error("invalid escape sequence");
    }
    String number = (radix == 8 ? String.valueOf(c) : "") + text.substring(pos, pos + digits);
    int value;
    try {
      value = Integer.parseInt(number, radix);
    } catch (NumberFormatException e) {
      pos = start;
      throw error("invalid escape sequence");
    }
    pos += digits;
    if (!Character.isValidCodePoint(value) || value >= 0xD800 && value <= 0xDFFF) {
      pos = start;
      throw error("invalid code point in escape sequence");
    }
    utf8.writeBytes(new String(Character.toChars(value)).getBytes(StandardCharsets.UTF_8));
  }

  private String identifier() {
    skipSpace();
    int start = pos;
    if (pos < text.length() && isIdentifierStart(text.charAt(pos))) {
      pos++;
      while (pos < text.length() && (isIdentifierStart(text.charAt(pos)) || isDigit(text.charAt(pos)))) {
        pos++;
      }
    }
    if (start == pos) {
      throw error(pos >= text.length() ? "unexpected end of expression" : "unexpected '" + peekToken() + "'");
    }
    String name = text.substring(start, pos);
    if (RESERVED.contains(name) || name.equals("in")) {
      pos = start;
      throw error("reserved identifier: " + name);
    }
    return name;
  }

  private boolean accept(String token) {
    skipSpace();
    if (peek(token)) {
      pos += token.length();
      return true;
    }
    return false;
  }

  private String acceptAny(String... tokens) {
    skipSpace();
    for (String token : tokens) {
      if (peek(token) && !(token.equals("<") && peek("<=")) && !(token.equals(">") && peek(">="))) {
        pos += token.length();
        return token;
      }
    }
    return null;
  }

  private boolean acceptKeyword(String keyword) {
    skipSpace();
    int end = pos + keyword.length();
    if (text.startsWith(keyword, pos)
        && (end >= text.length() || !isIdentifierStart(text.charAt(end)) && !isDigit(text.charAt(end)))) {
      pos = end;
      return true;
    }
    return false;
  }

  private void expect(String token) {
    if (!accept(token)) {
      throw error(pos >= text.length() ? "unexpected end of expression (expected: '" + token + "')"
          : "unexpected '" + peekToken() + "' (expected: '" + token + "')");
    }
  }

  private boolean peek(String token) {
    return text.startsWith(token, pos);
  }

  private String peekToken() {
    int end = pos + 1;
    if (isIdentifierStart(text.charAt(pos)) || isDigit(text.charAt(pos))) {
      while (end < text.length() && (isIdentifierStart(text.charAt(end)) || isDigit(text.charAt(end)))) {
        end++;
      }
    }
    return text.substring(pos, end);
  }

  private void skipSpace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        pos++;
      } else if (text.startsWith("//", pos)) {
        while (pos < text.length() && text.charAt(pos) != '\n') {
          pos++;
        }
      } else {
        return;
      }
    }
  }

  private IllegalArgumentException error(String reason) {
    return new IllegalArgumentException("syntax error at column " + (pos + 1) + ": " + reason);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isQuote(char c) {
    return c == '"' || c == '\'';
  }

  private static boolean isIdentifierStart(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
  }
}
