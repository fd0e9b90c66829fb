package io.facerecon.data;

import io.facerecon.io.BadInputException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A seeded split of a face set into a training and a test part. Both index arrays are in
 * ascending order, so each part keeps the loader's order. The same seed gives the same split.
 *
 * @param train the training images
 * @param test the test images
 * @param trainIndices positions of the training images in the split face set
 * @param testIndices positions of the test images in the split face set
 */
public record Split(FaceSet train, FaceSet test, int[] trainIndices, int[] testIndices) {

  /**
   * Splits by image, stratified by person, as scikit-learn's {@code train_test_split(X,
   * test_size=testFraction, stratify=labels)} shares the images out:
   *
   * <ol>
   *   <li>the test part gets {@code ceil(testFraction * N)} images, the training part the rest;
   *   <li>scikit-learn's {@code StratifiedShuffleSplit} allocation: first the training images are
   *       shared among persons in proportion to their image counts, then the test images among the
   *       images each person has left; each share is floored, and the images still missing go to
   *       the persons with the largest remainders, ties broken by the seed ({@code
   *       _approximate_mode}, with its floating-point arithmetic);
   *   <li>then every person with two or more images keeps at least one image in each part, and a
   *       person with a single image is put in the training part (scikit-learn refuses such
   *       persons), so the test size can differ from {@code ceil(testFraction * N)} when persons
   *       have very few images;
   *   <li>which of a person's images go to the test part is a seeded random choice.
   * </ol>
   *
   * Without ties and without step 3 the number of test images per person is scikit-learn's; the
   * images chosen are not, as the random streams differ.
   *
   * @param faces the face set to split
   * @param testFraction the share of images to hold out, in (0, 1)
   * @param seed seed of the random choices
   * @return the two parts and their positions in {@code faces}
   * @throws BadInputException if {@code testFraction} is not in (0, 1), or no person has two
   *     images (nothing can be held out while keeping every person in the training part)
   */
  public static Split byImage(FaceSet faces, double testFraction, long seed) {
    requireFraction(testFraction);
    int n = faces.size();
    List<List<Integer>> members = membersByPerson(faces);
    int[] counts = members.stream().mapToInt(List::size).toArray();
    if (Arrays.stream(counts).noneMatch(c -> c >= 2)) {
      throw new BadInputException(
          "cannot split " + n + " images of " + Arrays.stream(counts).filter(c -> c > 0).count()
              + " persons by image: no person has 2 or more images, so none can be held out"
              + " (split by person instead)");
    }
    SplittableRandom random = new SplittableRandom(seed);
    int testSize = (int) Math.ceil(testFraction * n);
    int[] trainCounts = approximateMode(counts, n - testSize, random);
    int[] left = new int[counts.length];
    for (int p = 0; p < counts.length; p++) {
      left[p] = counts[p] - trainCounts[p];
    }
    int[] testCounts = approximateMode(left, testSize, random);
    boolean[] inTest = new boolean[n];
    for (int p = 0; p < counts.length; p++) {
      int c = counts[p];
      int t = c < 2 ? 0 : Math.max(1, Math.min(c - 1, testCounts[p]));
      int[] shuffled = shuffle(members.get(p).stream().mapToInt(Integer::intValue).toArray(), random);
      for (int k = 0; k < t; k++) {
        inTest[shuffled[k]] = true;
      }
    }
    return of(faces, inTest);
  }

  /**
   * Splits by person: {@code ceil(testFraction * P)} of the P persons, chosen at random with the
   * seed (at least one, at most P − 1), give all their images to the test part, like
   * scikit-learn's {@code GroupShuffleSplit}. Test persons are unseen in training.
   *
   * @param faces the face set to split
   * @param testFraction the share of persons to hold out, in (0, 1)
   * @param seed seed of the choice of persons
   * @return the two parts and their positions in {@code faces}
   * @throws BadInputException if {@code testFraction} is not in (0, 1) or the set has fewer than
   *     two persons
   */
  public static Split byPerson(FaceSet faces, double testFraction, long seed) {
    requireFraction(testFraction);
    List<List<Integer>> members = membersByPerson(faces);
    int[] present = IntStream.range(0, members.size()).filter(p -> !members.get(p).isEmpty()).toArray();
    if (present.length < 2) {
      throw new BadInputException(
          "cannot split " + faces.size() + " images of " + present.length
              + " person(s) by person: at least 2 persons are needed");
    }
    int testPersons = Math.max(1, Math.min(present.length - 1, (int) Math.ceil(testFraction * present.length)));
    int[] order = shuffle(present, new SplittableRandom(seed));
    boolean[] inTest = new boolean[faces.size()];
    for (int k = 0; k < testPersons; k++) {
      for (int i : members.get(order[k])) {
        inTest[i] = true;
      }
    }
    return of(faces, inTest);
  }

  private static Split of(FaceSet faces, boolean[] inTest) {
    int[] test = IntStream.range(0, inTest.length).filter(i -> inTest[i]).toArray();
    int[] train = IntStream.range(0, inTest.length).filter(i -> !inTest[i]).toArray();
    return new Split(faces.subset(train), faces.subset(test), train, test);
  }

  private static void requireFraction(double testFraction) {
    if (!(testFraction > 0 && testFraction < 1)) {
      throw new BadInputException("test fraction must be between 0 and 1 (exclusive), got " + testFraction);
    }
  }

  /** The image positions of each person, by label. */
  private static List<List<Integer>> membersByPerson(FaceSet faces) {
    List<List<Integer>> members = new ArrayList<>();
    for (int p = 0; p < faces.personCount(); p++) {
      members.add(new ArrayList<>());
    }
    for (int i = 0; i < faces.size(); i++) {
      members.get(faces.label(i)).add(i);
    }
    return members;
  }

  /**
   * {@code draws} shared among classes in proportion to {@code counts}: floors first, then one
   * more for the largest remainders, ties in random order (scikit-learn's {@code
   * _approximate_mode}).
   */
  static int[] approximateMode(int[] counts, int draws, SplittableRandom random) {
    double total = Arrays.stream(counts).asLongStream().sum();
    int[] result = new int[counts.length];
    double[] remainder = new double[counts.length];
    int assigned = 0;
    for (int p = 0; p < counts.length; p++) {
      // Divided first, as scikit-learn does: the rounding decides near-ties the same way.
      double share = counts[p] / total * draws;
      result[p] = (int) Math.floor(share);
      remainder[p] = share - result[p];
      assigned += result[p];
    }
    Integer[] order = Arrays.stream(shuffle(IntStream.range(0, counts.length).toArray(), random))
        .boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble((Integer p) -> remainder[p]).reversed());
    for (int k = 0; k < draws - assigned; k++) {
      result[order[k]]++;
    }
    return result;
  }

  /** A Fisher–Yates shuffled copy of {@code values}. */
  private static int[] shuffle(int[] values, SplittableRandom random) {
    int[] a = values.clone();
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }
}
