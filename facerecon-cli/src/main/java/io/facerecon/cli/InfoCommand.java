package io.facerecon.cli;

import io.facerecon.data.FaceSet;
import io.facerecon.data.LoadReport;
import io.facerecon.data.NpyLoader;
import io.facerecon.io.AtomicFiles;
import io.facerecon.io.BadInputException;
import io.facerecon.io.Npy;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.report.OutputLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code facerecon info}: loads a data set and describes it. */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description =
        "Load a face data set and print its number of images and persons, image size, pixel"
            + " statistics and load time.")
final class InfoCommand implements Callable<Integer>, ParameterFlags {
  @Mixin DataOptions data;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Option(
      names = "--save-npy",
      paramLabel = "FILE",
      description = "Also write the images as an N x h x w float32 .npy, and FILE.labels.json beside it"
          + " (new files, or regular files replaced with --overwrite).")
  Path saveNpy;

  @Option(
      names = "--save-parquet",
      paramLabel = "FILE",
      description = "Also write the images as one Parquet file (id, person, source, pixels), the form"
          + " 'spark-nmf --parquet' reads (a new file, or a regular file replaced with --overwrite)."
          + " Needs facerecon-spark, which ./facerecon adds for this flag.")
  Path saveParquet;

  @Option(names = "--overwrite", description = "Let --save-npy and --save-parquet replace existing regular files.")
  boolean overwrite;

  @Override
  public Integer call() throws Exception {
    FaceSetParquetWriter parquet = saveParquet == null ? null : FaceSetParquetWriter.find().orElseThrow(
        () -> new BadInputException("--save-parquet needs facerecon-spark and Spark on the class path: run it"
            + " through ./facerecon, which adds them for this flag"));
    try (OutputLock npyLock = saveNpy == null ? null : claim("--save-npy", saveNpy, true);
        OutputLock parquetLock = saveParquet == null ? null : claim("--save-parquet", saveParquet, false)) {
      return run(parquet);
    }
  }

  private int run(FaceSetParquetWriter parquet) throws Exception {
    long start = System.nanoTime();
    LoadReport report = data.loadReport();
    double seconds = (System.nanoTime() - start) / 1e9;
    FaceSet faces = report.faces();
    Map<String, Object> info = describe(report, seconds);
    if (saveNpy != null) {
      Npy.write(saveNpy, faces.pixels(), faces.size(), faces.height(), faces.width());
      Path labels = NpyLoader.labelsFile(saveNpy);
      AtomicFiles.write(labels, Json.MAPPER.writeValueAsBytes(labelRecords(faces)));
      info.put("npy", saveNpy.toString());
      info.put("labels", labels.toString());
    }
    if (parquet != null) {
      parquet.write(faces, saveParquet);
      info.put("parquet", saveParquet.toString());
    }
    if (json) {
      System.out.println(Json.MAPPER.writeValueAsString(info));
    } else {
      System.out.printf(
          "images   %d%npersons  %d%nsize     %d x %d (height x width)%npixels   mean %.4f  min %.4f  max %.4f%nload     %.2f s%n",
          faces.size(), faces.personCount(), faces.height(), faces.width(), info.get("pixel_mean"),
          info.get("pixel_min"), info.get("pixel_max"), seconds);
      if (!report.skipped().isEmpty()) {
        System.out.printf("skipped  %d unreadable image(s), the first: %s%n", report.skipped().size(), report.skipped().get(0));
      }
      if (saveNpy != null) {
        System.out.printf("wrote    %s and %s%n", info.get("npy"), info.get("labels"));
      }
      if (parquet != null) {
        System.out.printf("wrote    %s%n", info.get("parquet"));
      }
    }
    return 0;
  }

  /**
   * Checks the files of an output flag before the data is read (new, or regular files with
   * --overwrite; never a device, FIFO or folder) and claims them against a second run; with
   * {@code labels}, the file is an .npy with its labels beside it.
   */
  private OutputLock claim(String flag, Path file, boolean labels) {
    if (file.toString().isEmpty()) {
      throw new BadInputException(flag + " is empty; give the file to write");
    }
    Path target = file.toAbsolutePath().normalize();
    if (target.getParent() == null) {
      throw new BadInputException(flag + " " + file + " is not a file name");
    }
    for (Path f : labels ? List.of(target, NpyLoader.labelsFile(target)) : List.of(target)) {
      AtomicFiles.requireReplaceable(f);
      if (Files.exists(f) && !overwrite) {
        throw new BadInputException(flag + ": " + f + " exists; add --overwrite to replace it");
      }
    }
    try {
      Files.createDirectories(target.getParent());
    } catch (IOException e) {
      throw new BadInputException(flag + ": cannot create the folder " + target.getParent() + ": " + e.getMessage(), e);
    }
    return OutputLock.acquire(target, flag + " " + file);
  }

  private static Map<String, Object> describe(LoadReport report, double seconds) {
    FaceSet faces = report.faces();
    FloatMatrix p = faces.pixels();
    double sum = 0;
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (int i = 0, n = p.size(); i < n; i++) {
      float v = p.get(i);
      sum += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("images", faces.size());
    info.put("persons", faces.personCount());
    info.put("height", faces.height());
    info.put("width", faces.width());
    info.put("pixel_mean", sum / p.size());
    info.put("pixel_min", min);
    info.put("pixel_max", max);
    info.put("format", report.format().name().toLowerCase(Locale.ROOT));
    info.put("skipped", report.skipped().size());
    info.put("skipped_images", report.skipped());
    info.put("load_seconds", seconds);
    return info;
  }

  private static List<Map<String, String>> labelRecords(FaceSet faces) {
    List<Map<String, String>> records = new ArrayList<>(faces.size());
    for (int i = 0; i < faces.size(); i++) {
      Map<String, String> r = new LinkedHashMap<>();
      r.put("person", faces.personNames().get(faces.label(i)));
      r.put("source", faces.source(i));
      records.add(r);
    }
    return records;
  }

  @Override
  public Map<String, String> parameterFlags() {
    return ParameterFlags.withLoader();
  }
}
