package io.facerecon.spark;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.BoxedUnit;

/**
 * The sum of an RDD's values, added in the order of its partitions and elements, whichever task
 * finishes first.
 *
 * <p>Spark's {@code treeAggregate} adds the partitions' results as their tasks finish, and float
 * addition is not associative: the same fit on the same data could end in other last bits from one
 * run to the next, which NMF's iterations then grow. Here partition p's value always comes after those
 * of partitions 0 … p − 1, along a tree fixed by the number of partitions P and the depth:
 *
 * <pre>
 * fan-in f = max(2, ⌈P^(1/depth)⌉)                                  (as treeAggregate's)
 * while P &gt; f + ⌈P/f⌉:  group g sums partitions g·f … g·f + f − 1 in order, on an executor;  P ← ⌈P/f⌉
 * the driver adds the last level's P sums in order, each once those before it have arrived
 * </pre>
 *
 * <p>So the driver holds a sum and the results that arrived early, and the tree levels, as
 * treeAggregate's, keep it from receiving more than about 2·P^(1/depth) results.
 */
final class OrderedSum {
  private OrderedSum() {}

  /** An element's term of the sum. */
  interface Term<T, S> extends Function<T, S>, Serializable {}

  /** Adds its second argument to its first, which it may change and return. */
  interface Add<S> extends BinaryOperator<S>, Serializable {}

  /**
   * Σ term(x) over the RDD's elements, in order.
   *
   * @param rdd the elements
   * @param term an element's term
   * @param add the addition
   * @param depth the depth of the tree, at least 1
   * @return the sum
   * @throws IllegalArgumentException if the depth is below 1 or the RDD has no elements
   */
  static <T, S> S of(JavaRDD<T> rdd, Term<T, S> term, Add<S> add, int depth) {
    if (depth < 1) {
      throw new IllegalArgumentException("depth must be at least 1, got " + depth);
    }
    int partitions = rdd.getNumPartitions();
    int fanIn = Math.max(2, (int) Math.ceil(Math.pow(partitions, 1.0 / depth)));
    if (partitions <= fanIn + ceilDiv(partitions, fanIn)) {
      return onDriver(rdd, it -> fold(it, term, add), add);
    }
    JavaRDD<Tuple2<Integer, S>> level = rdd.mapPartitionsWithIndex(
        (index, it) -> List.of(new Tuple2<>(index, fold(it, term, add))).iterator(), false);
    while (partitions > fanIn + ceilDiv(partitions, fanIn)) {
      partitions = ceilDiv(partitions, fanIn);
      level = JavaPairRDD.fromJavaRDD(level).repartitionAndSortWithinPartitions(new Groups(partitions, fanIn))
          .mapPartitionsWithIndex(
              (group, it) -> List.of(new Tuple2<>(group, fold(it, Tuple2::_2, add))).iterator(), false);
    }
    return onDriver(level, it -> fold(it, Tuple2::_2, add), add);
  }

  /** Σ term(x) over the iterator's elements in order; null when it has none. */
  private static <T, S> S fold(Iterator<T> it, Function<T, S> term, BinaryOperator<S> add) {
    S sum = null;
    while (it.hasNext()) {
      sum = plus(sum, term.apply(it.next()), add);
    }
    return sum;
  }

  private static <S> S plus(S sum, S term, BinaryOperator<S> add) {
    return sum == null ? term : term == null ? sum : add.apply(sum, term);
  }

  /** One job whose partitions' sums the driver adds in partition order. */
  private static <T, S> S onDriver(JavaRDD<T> rdd, Term<Iterator<T>, S> partitionSum, Add<S> add) {
    InOrder<S> total = new InOrder<>(rdd.getNumPartitions(), add);
    @SuppressWarnings("unchecked")
    ClassTag<S> anyRef = (ClassTag<S>) ClassTag$.MODULE$.AnyRef();
    rdd.context().runJob(rdd.rdd(),
        (scala.Function1<scala.collection.Iterator<T>, S> & Serializable)
            it -> partitionSum.apply(CollectionConverters.asJava(it)),
        (scala.Function2<Object, S, BoxedUnit>) (index, result) -> {
          total.arrived((Integer) index, result);
          return BoxedUnit.UNIT;
        },
        anyRef);
    if (total.sum == null) {
      throw new IllegalArgumentException("nothing to sum: the RDD has no elements");
    }
    return total.sum;
  }

  /** The driver's running sum: a result waits until those of all partitions before it are added. */
  private static final class InOrder<S> {
    private final Object[] waiting;
    private final boolean[] arrived;
    private final BinaryOperator<S> add;
    private int next;
    private S sum;

    InOrder(int partitions, BinaryOperator<S> add) {
      this.waiting = new Object[partitions];
      this.arrived = new boolean[partitions];
      this.add = add;
    }

    /** Spark calls this once per partition, from one thread at a time. */
    @SuppressWarnings("unchecked")
    void arrived(int partition, S result) {
      waiting[partition] = result;
      arrived[partition] = true;
      for (; next < arrived.length && arrived[next]; next++) {
        sum = plus(sum, (S) waiting[next], add);
        waiting[next] = null;
      }
    }
  }

  /** Sends partition i's sum to group i / fanIn, where the sort by key keeps the order of i. */
  private static final class Groups extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int groups;
    private final int fanIn;

    Groups(int groups, int fanIn) {
      this.groups = groups;
      this.fanIn = fanIn;
    }

    @Override
    public int numPartitions() {
      return groups;
    }

    @Override
    public int getPartition(Object key) {
      return (Integer) key / fanIn;
    }
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
