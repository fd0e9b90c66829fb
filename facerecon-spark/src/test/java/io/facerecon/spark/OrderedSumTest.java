package io.facerecon.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** OrderedSum adds in the order of the elements, whichever the tree and the tasks' finishing order. */
class OrderedSumTest {
  private static JavaSparkContext jsc() {
    return JavaSparkContext.fromSparkContext(LocalSpark.session().sparkContext());
  }

  /**
   * Concatenation is not commutative: a sum in any other order than the elements' shows. Later
   * partitions sleep less, so they tend to finish first.
   */
  @ParameterizedTest
  @CsvSource({"1, 1", "3, 2", "4, 2", "5, 2", "7, 2", "17, 2", "40, 2", "40, 3", "9, 1", "64, 4"})
  void addsInTheElementsOrder(int partitions, int depth) {
    List<Integer> xs = new ArrayList<>();
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 3 * partitions - 1; i++) {
      xs.add(i);
      expected.append('<').append(i).append('>');
    }
    JavaRDD<Integer> rdd = jsc().parallelize(xs, partitions);
    int count = xs.size();
    String sum = OrderedSum.of(rdd, x -> {
      pause(Math.max(0, count - x) / 8);
      return "<" + x + ">";
    }, String::concat, depth);
    assertThat(sum).isEqualTo(expected.toString());
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void emptyPartitionsAddNothing() {
    JavaRDD<Integer> rdd = jsc().parallelize(List.of(1, 2), 9);
    assertThat(OrderedSum.of(rdd, x -> "<" + x + ">", String::concat, 2)).isEqualTo("<1><2>");
  }

  @Test
  void refusesNothingAndABadDepth() {
    JavaRDD<Integer> empty = jsc().parallelize(List.<Integer>of(), 3);
    assertThatThrownBy(() -> OrderedSum.of(empty, x -> "" + x, String::concat, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no elements");
    JavaRDD<Integer> one = jsc().parallelize(List.of(1), 1);
    assertThatThrownBy(() -> OrderedSum.of(one, x -> "" + x, String::concat, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("depth");
  }
}
