package io.jdaprd.core.invoke.acl;

import java.util.ArrayList;
import java.util.List;

/**
 * The operations of one app policy, keyed by path segment, matched as daprd's ACL trie matches them. Each node is a
 * segment with its leading slash ({@code /op}, {@code /*}, {@code /**}, {@code /b*}); children are tried in the
 * order they were added and the first that fits is taken, with no backtracking:
 *
 * <ul>
 *   <li>a node whose segment equals the searched one fits;</li>
 *   <li>{@code /*} fits only the last searched segment;</li>
 *   <li>{@code /**} fits any segment;</li>
 *   <li>any other segment is a pattern in which {@code *} stands for any run of characters.</li>
 * </ul>
 *
 * <p>A node that carries an operation ends the search with it, unless it is a {@code /*} reached before the last
 * segment: so {@code /op} also covers {@code /op/x/y}, and {@code /**} covers everything below. A last segment that
 * reaches a node without operation takes its {@code /*} child's (so {@code /a/*} covers {@code /a}). When an
 * operation is added twice, the first one stays.
 */
final class OperationTrie<T> {
  private static final String ONE_SEGMENT = "/*";
  private static final String ANY_SEGMENTS = "/**";

  private final Node<T> root = new Node<>("/");

  private static final class Node<T> {
    final String segment;
    T value;
    final List<Node<T>> children = new ArrayList<>();

    Node(String segment) {
      this.segment = segment;
    }
  }

  /** Adds {@code value} for {@code operation}, a path starting with {@code /}; an operation already there stays. */
  void put(String operation, T value) {
    String[] parts = operation.split("/", -1);
    Node<T> node = root;
    for (int i = 1; i < parts.length; i++) {
      String segment = "/" + parts[i];
      boolean last = i == parts.length - 1;
      Node<T> child = null;
      for (Node<T> c : node.children) {
        if (c.segment.equals(segment)) {
          child = c;
          break;
        }
      }
      if (child == null) {
        child = new Node<>(segment);
        node.children.add(child);
        if (last) {
          child.value = value;
        }
      } else if (last && child.value == null) {
        child.value = value;
      }
      node = child;
    }
  }

  /** The value of the operation that covers {@code operation} (a path starting with {@code /}), or {@code null}. */
  T find(String operation) {
    String[] parts = operation.split("/", -1);
    Node<T> node = root;
    for (int i = 1; i < parts.length; i++) {
      boolean last = i == parts.length - 1;
      node = fittingChild(node, "/" + parts[i], last);
      if (node == null) {
        return null;
      }
      if (node.value != null) {
        if (!last && node.segment.endsWith(ONE_SEGMENT) && !node.segment.endsWith(ANY_SEGMENTS)) {
          continue;
        }
        return node.value;
      }
      if (last) {
        Node<T> wildcard = fittingChild(node, ONE_SEGMENT, true);
        return wildcard != null ? wildcard.value : null;
      }
    }
    return null;
  }

  private static <T> Node<T> fittingChild(Node<T> node, String segment, boolean last) {
    for (Node<T> child : node.children) {
      if (child.segment.equals(segment)) {
        return child;
      }
      if (child.segment.equals(ONE_SEGMENT)) {
        if (last) {
          return child;
        }
        continue;
      }
      if (child.segment.equals(ANY_SEGMENTS) || globMatches(child.segment, segment)) {
        return child;
      }
    }
    return null;
  }

  /** Whether {@code text} fits {@code pattern}, in which {@code *} matches any run of characters, even none. */
  static boolean globMatches(String pattern, String text) {
    int p = 0;
    int t = 0;
    int starAt = -1;
    int textAtStar = 0;
    while (t < text.length()) {
      if (p < pattern.length() && pattern.charAt(p) == '*') {
        starAt = p++;
        textAtStar = t;
      } else if (p < pattern.length() && pattern.charAt(p) == text.charAt(t)) {
        p++;
        t++;
      } else if (starAt >= 0) {
        p = starAt + 1;
        t = ++textAtStar;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }
}
