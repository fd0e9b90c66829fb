package io.facerecon.data;

import io.facerecon.io.BadInputException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facerecon.linalg.FloatMatrix;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SplitTest {
  /** A face set of 1×1 images whose pixel is the image index / n, with the given person sizes. */
  private static FaceSet persons(int... counts) {
    int n = Arrays.stream(counts).sum();
    int[] labels = new int[n];
    List<String> names = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    int i = 0;
    for (int p = 0; p < counts.length; p++) {
      names.add("p" + p);
      for (int k = 0; k < counts[p]; k++, i++) {
        labels[i] = p;
        sources.add("p" + p + "/" + k);
      }
    }
    FloatMatrix pixels = FloatMatrix.zeros(n, 1);
    for (int j = 0; j < n; j++) {
      pixels.set(j, (float) j / n);
    }
    return new FaceSet(pixels, 1, 1, labels, names, sources);
  }

  private static int[] countByPerson(FaceSet set) {
    int[] counts = new int[set.personCount()];
    for (int label : set.labels()) {
      counts[label]++;
    }
    return counts;
  }

  @Test
  void studySetProportionsMatchScikitLearn() {
    // lfw-1217 person sizes; scikit-learn's train_test_split(test_size=0.2, stratify=y) gives
    // 973 / 244 with test counts 16, 47, 24, 106, 22, 29 per person, for every random_state.
    FaceSet set = persons(77, 236, 121, 530, 109, 144);
    Split split = Split.byImage(set, 0.2, 0);
    assertThat(split.test().size()).isEqualTo(244);
    assertThat(split.train().size()).isEqualTo(973);
    assertThat(countByPerson(split.test())).containsExactly(16, 47, 24, 106, 22, 29);
  }

  @Test
  void testCountsPerPersonMatchScikitLearn() throws Exception {
    JsonNode cases;
    try (InputStream in = SplitTest.class.getResourceAsStream("/golden/split/stratified.json")) {
      cases = new ObjectMapper().readTree(in);
    }
    assertThat(cases.size()).isGreaterThan(100);
    for (JsonNode c : cases) {
      int[] counts = ints(c.get("counts"));
      int[] expected = ints(c.get("test_counts"));
      // The documented rule on top of scikit-learn's shares: one test image per person at least.
      for (int p = 0; p < counts.length; p++) {
        expected[p] = Math.max(1, Math.min(counts[p] - 1, expected[p]));
      }
      double fraction = c.get("test_fraction").asDouble();
      Split split = Split.byImage(persons(counts), fraction, 5);
      assertThat(countByPerson(split.test()))
          .as("counts %s, test fraction %s", Arrays.toString(counts), fraction)
          .containsExactly(expected);
    }
  }

  private static int[] ints(JsonNode array) {
    int[] values = new int[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).asInt();
    }
    return values;
  }

  @Test
  void partsAreDisjointSortedAndCoverTheSet() {
    FaceSet set = persons(5, 9, 2, 13);
    Split split = Split.byImage(set, 0.3, 42);
    int[] all = IntStream.concat(Arrays.stream(split.trainIndices()), Arrays.stream(split.testIndices()))
        .sorted().toArray();
    assertThat(all).containsExactly(IntStream.range(0, set.size()).toArray());
    assertThat(split.trainIndices()).isSorted();
    assertThat(split.testIndices()).isSorted();
    for (int r = 0; r < split.test().size(); r++) {
      int i = split.testIndices()[r];
      assertThat(split.test().source(r)).isEqualTo(set.source(i));
      assertThat(split.test().pixels().get(r)).isEqualTo(set.pixels().get(i));
    }
  }

  @Test
  void sameSeedSameSplitOtherSeedOther() {
    FaceSet set = persons(40, 60);
    assertThat(Split.byImage(set, 0.25, 7).testIndices()).isEqualTo(Split.byImage(set, 0.25, 7).testIndices());
    assertThat(Split.byImage(set, 0.25, 7).testIndices()).isNotEqualTo(Split.byImage(set, 0.25, 8).testIndices());
  }

  @Test
  void everyPersonKeepsTrainAndTestImages() {
    FaceSet set = persons(2, 2, 3, 1, 50);
    Split split = Split.byImage(set, 0.05, 3);
    int[] train = countByPerson(split.train());
    int[] test = countByPerson(split.test());
    assertThat(train).containsExactly(1, 1, 2, 1, 47);
    assertThat(test).containsExactly(1, 1, 1, 0, 3);
  }

  @Test
  void byPersonHoldsOutWholePersons() {
    FaceSet set = persons(3, 4, 5, 6, 7);
    Split split = Split.byPerson(set, 0.4, 1);
    int[] train = countByPerson(split.train());
    int[] test = countByPerson(split.test());
    int testPersons = 0;
    for (int p = 0; p < 5; p++) {
      assertThat(train[p] == 0 || test[p] == 0).as("person %d on one side", p).isTrue();
      testPersons += test[p] > 0 ? 1 : 0;
    }
    assertThat(testPersons).isEqualTo(2);
    assertThat(split.train().size() + split.test().size()).isEqualTo(25);
    assertThat(Split.byPerson(set, 0.4, 1).testIndices()).isEqualTo(split.testIndices());
  }

  @Test
  void tooSmallOrBadFractionIsAnError() {
    assertThatThrownBy(() -> Split.byImage(persons(1, 1, 1), 0.3, 0))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("3 images of 3 persons");
    assertThatThrownBy(() -> Split.byPerson(persons(10), 0.3, 0))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("10 images of 1 person");
    assertThatThrownBy(() -> Split.byImage(persons(10), 1.0, 0))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("got 1.0");
    assertThatThrownBy(() -> Split.byPerson(persons(5, 5), 0, 0))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("got 0.0");
  }

  @Test
  void approximateModeGivesLargestRemaindersTheRest() {
    int[] result = Split.approximateMode(new int[] {5, 3, 2}, 5, new SplittableRandom(0));
    // shares 2.5, 1.5, 1.0: floors 2, 1, 1; one more to one of the two 0.5 remainders.
    assertThat(result[2]).isEqualTo(1);
    assertThat(result[0] + result[1]).isEqualTo(4);
    assertThat(Arrays.stream(result).sum()).isEqualTo(5);
  }
}
