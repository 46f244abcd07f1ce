package io.jdaprd.core.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One metric with daprd's name, help, type and label keys, and its series by label values. The constant labels
 * ({@code app_id}, and {@code namespace} where daprd has it) are given once; a series is found by the other label
 * values through a tree of maps, one level per value, so a recording allocates nothing once its series exists. The
 * Configuration's label rules ({@link LabelRules}) rewrite the values when a series is created; raw values that
 * rewrite to the same labels share one series. A {@code null} value is recorded as empty, as daprd drops an empty tag.
 *
 * <p>The label values a family keeps are bounded, so that values without limit (daprd's legacy HTTP path label
 * keeps an actor method's or reminder's name, one per reminder an app creates) cannot fill the heap: past
 * {@value #MAX_SERIES} series, or {@value #MAX_RAW_VALUES} distinct raw values in the lookup tree, a new set of values is
 * recorded in the family's overflow series, whose variable labels are empty (exported with the constant labels only,
 * as OpenTelemetry's cardinality limit does), and a warning is logged once. The series kept are exact.
 *
 * @param <S> the kind of series
 */
public final class Family<S extends Series> {
  /** The exposition type. */
  public enum Type {
    COUNTER, GAUGE, HISTOGRAM
  }

  private final String name;
  private final String help;
  private final Type type;
  private final String[] labelNames;
  private final String[] constantValues;
  private final LabelRules rules;
  private final Function<String[], S> create;
  /** The most series a family keeps (OpenTelemetry's default cardinality limit). */
  static final int MAX_SERIES = 2000;
  /** The most lookup-tree nodes (raw label values) a family keeps. */
  static final int MAX_RAW_VALUES = 4 * MAX_SERIES;
  private static final Logger LOG = LoggerFactory.getLogger(Family.class);

  private final AtomicInteger nodes = new AtomicInteger();
  private final Node<S> root = new Node<>(this, null, null);
  /** Where values past the limits go: every lookup below it ends in it. */
  private final Node<S> overflow = new Node<>(this, null, null);
  private final ConcurrentHashMap<List<String>, S> byLabels = new ConcurrentHashMap<>();
  private volatile boolean warned;

  Family(String name, String help, Type type, List<String> labelNames, List<String> constantValues, LabelRules rules,
      Function<String[], S> create) {
    if (constantValues.size() > labelNames.size()) {
      throw new IllegalArgumentException("more constant values than labels for " + name);
    }
    this.name = name;
    this.help = help;
    this.type = type;
    this.labelNames = labelNames.toArray(String[]::new);
    this.constantValues = constantValues.toArray(String[]::new);
    this.rules = rules;
    this.create = create;
  }

  /** The exported name, for example {@code dapr_http_server_request_count}. */
  public String name() {
    return name;
  }

  String help() {
    return help;
  }

  Type type() {
    return type;
  }

  /** The label keys, constant ones first, in daprd's order. */
  public List<String> labelNames() {
    return List.of(labelNames);
  }

  /** The series with only the constant labels. */
  public S series() {
    return leaf(root);
  }

  /** The series with one label value after the constant ones. */
  public S series(String a) {
    return leaf(root.next(a));
  }

  /** The series with two label values after the constant ones. */
  public S series(String a, String b) {
    return leaf(root.next(a).next(b));
  }

  /** The series with three label values after the constant ones. */
  public S series(String a, String b, String c) {
    return leaf(root.next(a).next(b).next(c));
  }

  /** The series with four label values after the constant ones. */
  public S series(String a, String b, String c, String d) {
    return leaf(root.next(a).next(b).next(c).next(d));
  }

  /** The series with five label values after the constant ones. */
  public S series(String a, String b, String c, String d, String e) {
    return leaf(root.next(a).next(b).next(c).next(d).next(e));
  }

  /** Every series, for the exposition. */
  Collection<S> all() {
    return byLabels.values();
  }

  private S leaf(Node<S> node) {
    S s = node.leaf;
    if (s == null) {
      s = create(node);
    }
    return s;
  }

  private synchronized S create(Node<S> node) {
    if (node.leaf != null) {
      return node.leaf;
    }
    if (node == overflow) {
      S s = byLabels.computeIfAbsent(overflowLabels(), k -> create.apply(k.toArray(String[]::new)));
      node.leaf = s;
      return s;
    }
    List<String> raw = new ArrayList<>();
    for (Node<S> n = node; n.parent != null; n = n.parent) {
      raw.add(0, n.value);
    }
    int variable = labelNames.length - constantValues.length;
    if (raw.size() != variable) {
      throw new IllegalArgumentException(name + " takes " + variable + " label value(s) besides the constant ones, "
          + "not " + raw.size());
    }
    String[] values = Arrays.copyOf(constantValues, labelNames.length);
    for (int i = 0; i < raw.size(); i++) {
      values[constantValues.length + i] = raw.get(i);
    }
    for (int i = 0; i < values.length; i++) {
      values[i] = rules.apply(name, labelNames[i], values[i]);
    }
    List<String> labels = List.of(values);
    S s = byLabels.get(labels);
    if (s == null && byLabels.size() >= MAX_SERIES) {
      overflowed();
      s = leaf(overflow);
      node.leaf = s;
      return s;
    }
    if (s == null) {
      s = create.apply(values);
      byLabels.put(labels, s);
    }
    node.leaf = s;
    return s;
  }

  private List<String> overflowLabels() {
    String[] values = Arrays.copyOf(constantValues, labelNames.length);
    Arrays.fill(values, constantValues.length, values.length, "");
    return List.of(values);
  }

  private void overflowed() {
    if (!warned) {
      warned = true;
      LOG.warn("metric {} has more than {} series or {} label values: new label values are counted without them",
          name, MAX_SERIES, MAX_RAW_VALUES);
    }
  }

  /** One level of the lookup tree. */
  private static final class Node<S extends Series> {
    private final Family<S> family;
    private final Node<S> parent;
    private final String value;
    private final ConcurrentHashMap<String, Node<S>> children = new ConcurrentHashMap<>(4);
    private volatile S leaf;

    private Node(Family<S> family, Node<S> parent, String value) {
      this.family = family;
      this.parent = parent;
      this.value = value;
    }

    Node<S> next(String v) {
      if (this == family.overflow) {
        return this;
      }
      String key = v == null ? "" : v;
      Node<S> n = children.get(key);
      if (n != null) {
        return n;
      }
      if (family.nodes.get() >= MAX_RAW_VALUES) {
        family.overflowed();
        return family.overflow;
      }
      return children.computeIfAbsent(key, k -> {
        family.nodes.incrementAndGet();
        return new Node<>(family, this, k);
      });
    }
  }
}
