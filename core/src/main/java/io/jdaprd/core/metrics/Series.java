package io.jdaprd.core.metrics;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** One time series of a {@link Family}: its label values (in the family's label order) and its value. */
public abstract sealed class Series permits Series.Counter, Series.Gauge, Series.Histogram {
  private final String[] labelValues;

  Series(String[] labelValues) {
    this.labelValues = labelValues;
  }

  /** The label values, in the order of {@link Family#labelNames()}. */
  String labelValue(int i) {
    return labelValues[i];
  }

  /** A count that only goes up, as daprd's {@code view.Count()} views. */
  public static final class Counter extends Series {
    private final LongAdder count = new LongAdder();

    Counter(String[] labelValues) {
      super(labelValues);
    }

    /** Adds one. */
    public void inc() {
      count.increment();
    }

    /** Adds {@code n} (not negative). */
    public void add(long n) {
      count.add(n);
    }

    /** The count. */
    public long value() {
      return count.sum();
    }
  }

  /** The last value set, as daprd's {@code view.LastValue()} views. */
  public static final class Gauge extends Series {
    private final AtomicLong value = new AtomicLong();

    Gauge(String[] labelValues) {
      super(labelValues);
    }

    /** Sets the value. */
    public void set(long v) {
      value.set(v);
    }

    /** Adds {@code delta} (may be negative). */
    public void add(long delta) {
      value.addAndGet(delta);
    }

    /** The value. */
    public long value() {
      return value.get();
    }
  }

  /**
   * A distribution over fixed bucket bounds, as OpenCensus keeps it: a value {@code v} falls in the first bucket
   * whose bound is greater than {@code v} (so 1 ms lands under {@code le="2"}, as in daprd's exposition).
   */
  public static final class Histogram extends Series {
    private final double[] bounds;
    private final AtomicLongArray counts;
    private final DoubleAdder sum = new DoubleAdder();

    Histogram(String[] labelValues, double[] bounds) {
      super(labelValues);
      this.bounds = bounds;
      this.counts = new AtomicLongArray(bounds.length + 1);
    }

    /** Records one value. */
    public void observe(double v) {
      int lo = 0;
      int hi = bounds.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (bounds[mid] > v) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      counts.incrementAndGet(lo);
      sum.add(v);
    }

    /** The bucket bounds (upper, exclusive), without {@code +Inf}. */
    double[] bounds() {
      return bounds;
    }

    /** The values counted in bucket {@code i} alone ({@code bounds().length} is the overflow bucket). */
    long bucket(int i) {
      return counts.get(i);
    }

    /** The number of values recorded. */
    public long count() {
      long n = 0;
      for (int i = 0; i < counts.length(); i++) {
        n += counts.get(i);
      }
      return n;
    }

    /** The sum of the values recorded. */
    public double sum() {
      return sum.sum();
    }
  }
}
