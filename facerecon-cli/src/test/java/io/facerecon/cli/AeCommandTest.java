package io.facerecon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import io.facerecon.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code facerecon ae} and {@code facerecon reconstruct} end to end on LFW at quarter size. */
class AeCommandTest {
  @TempDir static Path dir;
  static Path trained;
  static String lfw;

  /** Data flags: the 1,217 faces of persons with at least 75 images, at 31x23 to keep tests fast. */
  static String[] data(String... rest) {
    String[] head = {"--data", lfw, "--min-faces", "75", "--resize", "0.25", "--threads", "2"};
    String[] all = new String[head.length + rest.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(rest, 0, all, head.length, rest.length);
    return all;
  }

  static String[] ae(String... rest) {
    String[] d = data(rest);
    String[] all = new String[d.length + 2];
    all[0] = "ae";
    all[1] = "--no-progress";
    System.arraycopy(d, 0, all, 2, d.length);
    return all;
  }

  @BeforeAll
  static void trainTwoEpochs() {
    lfw = TestData.lfwRoot().toString();
    trained = dir.resolve("two");
    assertThat(Main.run(ae("--epochs", "2", "--out", trained.toString()))).isEqualTo(0);
  }

  @Test
  void writesTheReportModelAndPictures() throws Exception {
    for (String f : new String[] {"results.json", "model.safetensors", "reconstructions.png", "loss.png", "checkpoint.safetensors"}) {
      assertThat(trained.resolve(f)).isRegularFile();
    }
    JsonNode r = Json.MAPPER.readTree(trained.resolve("results.json").toFile());
    assertThat(r.get("epochs").asInt()).isEqualTo(2);
    assertThat(r.get("loss_history")).hasSize(2);
    assertThat(r.get("code_size").asInt()).isEqualTo(32 * 8 * 6);
    assertThat(r.get("parameters").asInt()).isEqualTo(9569);
    assertThat(r.get("train_mse").asDouble()).isBetween(1e-4, 0.05);
    assertThat(r.get("fit_seconds").asDouble()).isPositive();
    assertThat(r.get("seconds_per_epoch").asDouble()).isPositive();
  }

  @Test
  void aKilledRunResumedEndsWithTheSameModel() throws Exception {
    Path part = dir.resolve("part");
    assertThat(Main.run(ae("--epochs", "1", "--out", part.toString()))).isEqualTo(0);
    assertThat(Main.run(ae("--epochs", "2", "--resume", "--out", part.toString()))).isEqualTo(0);
    assertThat(Files.readAllBytes(part.resolve("model.safetensors")))
        .isEqualTo(Files.readAllBytes(trained.resolve("model.safetensors")));
  }

  @Test
  void reconstructAppliesASavedModel() throws Exception {
    Path out = dir.resolve("rec");
    String[] args = data("--model", trained.resolve("model.safetensors").toString(), "--out", out.toString());
    String[] all = new String[args.length + 1];
    all[0] = "reconstruct";
    System.arraycopy(args, 0, all, 1, args.length);
    assertThat(Main.run(all)).isEqualTo(0);
    JsonNode r = Json.MAPPER.readTree(out.resolve("results.json").toFile());
    JsonNode t = Json.MAPPER.readTree(trained.resolve("results.json").toFile());
    assertThat(r.get("mse").asDouble()).isCloseTo(t.get("train_mse").asDouble(), withPercentage(1e-4));
    assertThat(out.resolve("reconstructions.npy")).isRegularFile();
  }

  @Test
  void streamingTheFacesTrainsTheSameModel() throws Exception {
    Path streamed = dir.resolve("streamed");
    assertThat(Main.run(ae("--epochs", "2", "--stream", "--out", streamed.toString()))).isEqualTo(0);
    assertThat(Files.readAllBytes(streamed.resolve("model.safetensors")))
        .isEqualTo(Files.readAllBytes(trained.resolve("model.safetensors")));
    JsonNode s = Json.MAPPER.readTree(streamed.resolve("results.json").toFile());
    JsonNode t = Json.MAPPER.readTree(trained.resolve("results.json").toFile());
    assertThat(s.get("streamed").asBoolean()).isTrue();
    assertThat(t.get("streamed").asBoolean()).isFalse();
    assertThat(s.get("loss_history")).isEqualTo(t.get("loss_history"));
    assertThat(s.get("train_mse")).isEqualTo(t.get("train_mse"));
  }

  @Test
  void streamingWithAValidationSetAndOcclusionsTrainsTheSameModel() throws Exception {
    Path loaded = dir.resolve("val-loaded");
    Path streamed = dir.resolve("val-streamed");
    String[] settings = {"--epochs", "1", "--validation", "0.2", "--train-occlusion", "block:0.2"};
    assertThat(Main.run(ae(concat(settings, "--out", loaded.toString())))).isEqualTo(0);
    assertThat(Main.run(ae(concat(settings, "--stream", "--out", streamed.toString())))).isEqualTo(0);
    assertThat(Files.readAllBytes(streamed.resolve("model.safetensors")))
        .isEqualTo(Files.readAllBytes(loaded.resolve("model.safetensors")));
    JsonNode s = Json.MAPPER.readTree(streamed.resolve("results.json").toFile());
    JsonNode l = Json.MAPPER.readTree(loaded.resolve("results.json").toFile());
    assertThat(s.get("validation_history")).isEqualTo(l.get("validation_history"));
    assertThat(s.get("validation_mse")).isEqualTo(l.get("validation_mse"));
    assertThat(s.get("denoising").get("fill")).isEqualTo(l.get("denoising").get("fill"));
  }

  @Test
  void reconstructingBatchByBatchWritesTheSameFiles() throws Exception {
    String model = trained.resolve("model.safetensors").toString();
    for (String[] occlusion : new String[][] {{}, {"--occlusion", "block:0.3", "--seed", "4"}}) {
      Path whole = dir.resolve("rec-whole-" + occlusion.length);
      Path batches = dir.resolve("rec-batches-" + occlusion.length);
      String[] args = concat(new String[] {"reconstruct"}, data(concat(occlusion, "--model", model)));
      assertThat(Main.run(concat(args, "--out", whole.toString()))).isEqualTo(0);
      assertThat(Main.run(concat(args, "--stream", "--batch-size", "100", "--out", batches.toString()))).isEqualTo(0);
      for (String file : occlusion.length == 0
          ? new String[] {"reconstructions.npy", "reconstructions.png"}
          : new String[] {"reconstructions.npy", "masks.npy", "reconstructions.png"}) {
        assertThat(Files.readAllBytes(batches.resolve(file))).as(file).isEqualTo(Files.readAllBytes(whole.resolve(file)));
      }
      JsonNode b = Json.MAPPER.readTree(batches.resolve("results.json").toFile());
      JsonNode w = Json.MAPPER.readTree(whole.resolve("results.json").toFile());
      assertThat(b.get("mse")).isEqualTo(w.get("mse"));
      assertThat(b.get("occlusion")).isEqualTo(w.get("occlusion"));
    }
    assertError(concat(new String[] {"reconstruct"}, data("--model", model, "--batch-size", "10", "--out",
        dir.resolve("bad").toString())), "--batch-size needs --stream");
  }

  private static String[] concat(String[] head, String... rest) {
    String[] all = new String[head.length + rest.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(rest, 0, all, head.length, rest.length);
    return all;
  }

  @Test
  void badInputExitsWithTwoAndLeavesOutputsAlone() throws Exception {
    byte[] before = Files.readAllBytes(trained.resolve("results.json"));
    byte[] ckpt = Files.readAllBytes(trained.resolve("checkpoint.safetensors"));
    // Even allowed to replace the earlier output, a run refused for its settings leaves it as it was.
    String out = trained.toString();
    assertError(ae("--batch-size", "0", "--out", out, "--overwrite"), "--batch-size must be >= 1, got 0");
    assertError(ae("--lr", "0", "--out", out, "--overwrite"), "--lr (learning rate) must be > 0, got 0.0");
    assertError(ae("--lr", "-1e-3", "--out", out, "--overwrite"), "--lr (learning rate) must be > 0");
    assertError(ae("--arch", "resnet", "--out", out, "--overwrite"), "unknown architecture 'resnet'");
    assertError(ae("--arch", "bottleneck", "--out", out, "--overwrite"), "--code-size must be >= 1");
    assertError(
        new String[] {"ae", "--no-progress", "--data", lfw, "--min-faces", "75", "--resize", "0.05", "--out", out, "--overwrite"},
        "smaller than the study network's receptive field");
    assertThat(Files.readAllBytes(trained.resolve("results.json"))).isEqualTo(before);
    assertThat(Files.readAllBytes(trained.resolve("checkpoint.safetensors"))).isEqualTo(ckpt);

    Path corrupt = dir.resolve("corrupt.safetensors");
    Files.write(corrupt, "not a model".getBytes(StandardCharsets.UTF_8));
    assertError(reconstruct(corrupt, "0.25"), corrupt.toString());
    assertError(reconstruct(trained.resolve("model.safetensors"), "0.5"), "was made for 31x23 images, but --data");
  }

  private String[] reconstruct(Path model, String resize) {
    return new String[] {"reconstruct", "--model", model.toString(), "--data", lfw, "--min-faces", "75",
        "--resize", resize, "--out", dir.resolve("bad").toString()};
  }

  private static void assertError(String[] args, String message) {
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.run(args);
    } finally {
      System.setErr(saved);
    }
    assertThat(code).as(String.join(" ", args)).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains(message);
  }
}
