package io.facerecon.nn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entry point {@code bench/scale} calls works, on a tiny set: its JSON line and no file left. */
class StreamingBenchTest {
  @TempDir Path dir;

  @Test
  void trainsOnASyntheticFileAndReportsTimeAndMemory() throws Exception {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      StreamingBench.main(new String[] {
          "--dir", dir.toString(), "--images", "40", "--size", "16x12", "--batch", "8", "--epochs", "2", "--threads", "1"});
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    String[] lines = captured.toString(StandardCharsets.UTF_8).trim().split("\n");
    JsonNode r = new ObjectMapper().readTree(lines[lines.length - 1]);
    assertThat(r.get("images").asInt()).isEqualTo(40);
    assertThat(r.get("file_bytes").asLong()).isEqualTo(40L * 16 * 12 * Float.BYTES);
    assertThat(r.get("epoch_s")).hasSize(2);
    assertThat(r.get("s_per_epoch").asDouble()).isPositive();
    assertThat(r.get("loss").asDouble()).isBetween(0.0, 1.0);
    assertThat(r.get("peak_heap_bytes").asLong()).isPositive();
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }
}
