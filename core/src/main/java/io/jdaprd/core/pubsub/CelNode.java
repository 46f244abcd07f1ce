package io.jdaprd.core.pubsub;

import java.util.List;

/** The syntax tree of a routing rule's CEL expression, as {@link CelParser} builds it. */
sealed interface CelNode {

  /** A literal: {@code Long} (int), {@link CelInterpreter.Uint}, {@code Double}, {@code String}, {@code Boolean}, {@code null}. */
  record Literal(Object value) implements CelNode {
  }

  /** A variable: {@code event}, or the iteration variable of a macro. */
  record Ident(String name) implements CelNode {
  }

  /** {@code operand.field}; with {@code testOnly}, the {@code has(operand.field)} macro. */
  record Select(CelNode operand, String field, boolean testOnly) implements CelNode {
  }

  /** {@code operand[index]}. */
  record Index(CelNode operand, CelNode index) implements CelNode {
  }

  /** A function call: {@code function(args)}, or {@code target.function(args)} when {@code target} is not null. */
  record Call(String function, CelNode target, List<CelNode> args) implements CelNode {
  }

  /** {@code !operand} or {@code -operand}. */
  record Unary(String operator, CelNode operand) implements CelNode {
  }

  /** A binary operator other than {@code &&} and {@code ||}: arithmetic, comparison, {@code in}. */
  record Binary(String operator, CelNode left, CelNode right) implements CelNode {
  }

  /** {@code &&} ({@code and} true) or {@code ||}, with CEL's error absorption. */
  record Logical(boolean and, CelNode left, CelNode right) implements CelNode {
  }

  /** {@code condition ? whenTrue : whenFalse}. */
  record Conditional(CelNode condition, CelNode whenTrue, CelNode whenFalse) implements CelNode {
  }

  /** {@code [a, b]}. */
  record ListLiteral(List<CelNode> elements) implements CelNode {
  }

  /** {@code {k: v}}. */
  record MapLiteral(List<CelNode> keys, List<CelNode> values) implements CelNode {
  }

  /**
   * A comprehension macro over a list (its elements) or a map (its keys): {@code exists}, {@code all},
   * {@code exists_one}, {@code filter}, or {@code map} (with an optional {@code filter} for its three-argument form).
   */
  record Comprehension(String macro, CelNode range, String variable, CelNode body, CelNode filter)
      implements CelNode {
  }
}
