package io.facerecon.cli;

import io.facerecon.data.FaceSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Writes a face set as one Parquet file: a row per image with {@code id} (long, the image's index
 * in the set), {@code person} (string), {@code source} (string) and {@code pixels}
 * ({@code array<float>}, h·w values row by row), the form {@code facerecon spark-nmf --parquet}
 * reads.
 *
 * <p>Parquet comes with Spark's libraries, which the command line's jar does not carry: the
 * implementation is facerecon-spark's, found with {@link ServiceLoader} when that module and Spark
 * are on the class path (the {@code facerecon} launcher puts them there for
 * {@code info --save-parquet}).
 */
public interface FaceSetParquetWriter {
  /**
   * Writes {@code faces} to {@code file} atomically: into a temporary file beside it, then moved
   * into place, so a failed write leaves an earlier file intact.
   *
   * @param faces the face set
   * @param file the Parquet file to write; a regular file there is replaced
   * @throws IOException if writing or moving fails
   */
  void write(FaceSet faces, Path file) throws IOException;

  /**
   * The writer on the class path, if any.
   *
   * @return facerecon-spark's writer, or empty when it is not on the class path
   */
  static Optional<FaceSetParquetWriter> find() {
    return ServiceLoader.load(FaceSetParquetWriter.class).findFirst();
  }
}
