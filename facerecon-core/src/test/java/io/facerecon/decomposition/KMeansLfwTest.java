package io.facerecon.decomposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facerecon.data.FaceSet;
import io.facerecon.linalg.ExecutionContext;
import io.facerecon.testing.TestData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * k-means on the study's 1,217 LFW faces against scikit-learn 1.2.1: {@code
 * src/test/resources/golden/decomposition/kmeans_lfw.json}, written by {@code
 * tools/golden/kmeans_reference.py --lfw} from the same faces in our loader's order, holds only
 * summaries (inertia, iterations, cluster sizes, a hash of the labels, the k-means++ rows).
 */
class KMeansLfwTest {
  private static FaceSet faces;
  private static JsonNode golden;

  @BeforeAll
  static void load() throws IOException {
    golden = new ObjectMapper().readTree(TestData.golden("decomposition/kmeans_lfw.json").toFile());
    faces = TestData.studyFaces(golden.get("data"));
  }

  @Test
  void fitsMatchScikitLearn() {
    for (JsonNode c : golden.get("cases")) {
      JsonNode s = c.get("settings");
      KMeansOptions options = KMeansOptions.defaults(s.get("n_clusters").asInt())
          .withNInit(s.get("n_init").asInt()).withMaxIterations(s.get("max_iter").asInt())
          .withTol(s.get("tol").asDouble()).withSeed(s.get("random_state").asLong());
      String name = options.toString();
      KMeansFit fit = ExecutionContext.ofThreads(c.get("threads").asInt()).call(() -> new KMeans(options).fit(faces));

      assertThat(fit.iterations()).as(name + " n_iter").isEqualTo(c.get("n_iter").asInt());
      assertThat(fit.inertia()).as(name + " inertia")
          .isCloseTo(Double.parseDouble(c.get("inertia").asText()), withPercentage(1e-2));
      assertThat(clusterSizes(fit.labels(), options.clusters())).as(name + " cluster sizes")
          .containsExactlyElementsOf(integers(c.get("cluster_sizes")));
      assertThat(sha256(fit.labels())).as(name + " labels").isEqualTo(c.get("labels_sha256").asText());
    }
  }

  @Test
  void kMeansPlusPlusChoosesScikitLearnsFaces() {
    for (JsonNode c : golden.get("cases")) {
      JsonNode s = c.get("settings");
      float[] mean = KMeansFloat32.columnMeans(faces.pixels());
      io.facerecon.linalg.FloatMatrix centred = faces.pixels().copy();
      for (int i = 0; i < centred.rows(); i++) {
        for (int j = 0; j < centred.cols(); j++) {
          centred.set(i, j, centred.get(i, j) - mean[j]);
        }
      }
      int[] chosen = KMeans.kMeansPlusPlus(centred, s.get("n_clusters").asInt(), s.get("random_state").asLong());
      assertThat(chosen).containsExactly(integers(c.get("plusplus_rows")).stream().mapToInt(Integer::intValue).toArray());
    }
  }

  private static List<Integer> clusterSizes(int[] labels, int k) {
    int[] sizes = new int[k];
    for (int l : labels) {
      sizes[l]++;
    }
    List<Integer> out = new ArrayList<>();
    for (int s : sizes) {
      out.add(s);
    }
    return out;
  }

  private static List<Integer> integers(JsonNode array) {
    List<Integer> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asInt()));
    return out;
  }

  private static String sha256(int[] labels) {
    ByteBuffer bytes = ByteBuffer.allocate(4 * labels.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int l : labels) {
      bytes.putInt(l);
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
