package io.facerecon.io;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facerecon.linalg.FloatMatrix;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format: an 8-byte little-endian header length, a JSON header naming each
 * tensor's dtype, shape and byte range, then the raw little-endian data. Python's
 * {@code safetensors} and PyTorch read what we write; we read float32 tensors back.
 */
public final class SafeTensors {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_HEADER = 100L << 20;

  private SafeTensors() {}

  /**
   * A named float32 tensor: its shape and its values in a matrix of the same size (row-major).
   *
   * @param shape the tensor's dimensions
   * @param values the values, shape's product many
   */
  public record Tensor(int[] shape, FloatMatrix values) {
    /**
     * Checks that the shape holds exactly the given values.
     *
     * @param shape the tensor's dimensions
     * @param values the values, shape's product many
     * @throws BadInputException if the sizes differ
     */
    public Tensor {
      long n = Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b);
      if (n != values.size()) {
        throw new BadInputException(
            "shape " + Arrays.toString(shape) + " does not hold " + values.size() + " values");
      }
    }
  }

  /**
   * The tensors of a file and its string metadata.
   *
   * @param tensors tensors by name, in file order
   * @param metadata the header's {@code __metadata__} (string to string)
   */
  public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

  /**
   * Writes {@code tensors} (in map order) and {@code metadata} to {@code file}, atomically.
   *
   * @param file the file to write
   * @param tensors the tensors by name, written as F32
   * @param metadata string metadata for the header's {@code __metadata__}; omitted if empty
   * @throws IOException if writing fails
   */
  public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata)
      throws IOException {
    Map<String, Object> header = new LinkedHashMap<>();
    if (!metadata.isEmpty()) {
      header.put("__metadata__", metadata);
    }
    long offset = 0;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      long bytes = (long) e.getValue().values().size() * Float.BYTES;
      Map<String, Object> info = new LinkedHashMap<>();
      info.put("dtype", "F32");
      info.put("shape", e.getValue().shape());
      info.put("data_offsets", List.of(offset, offset + bytes));
      header.put(e.getKey(), info);
      offset += bytes;
    }
    byte[] json = JSON.writeValueAsBytes(header);
    int padded = (json.length + 7) / 8 * 8;
    byte[] headerBytes = Arrays.copyOf(json, padded);
    Arrays.fill(headerBytes, json.length, padded, (byte) ' ');
    AtomicFiles.write(
        file,
        out -> {
          ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
          out.write(len.array());
          out.write(headerBytes);
          ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
          for (Tensor t : tensors.values()) {
            FloatMatrix v = t.values();
            for (int i = 0, n = v.size(); i < n; i++) {
              if (!chunk.hasRemaining()) {
                out.write(chunk.array(), 0, chunk.position());
                chunk.clear();
              }
              chunk.putFloat(v.get(i));
            }
          }
          out.write(chunk.array(), 0, chunk.position());
        });
  }

  /**
   * Reads a safetensors file of float32 tensors.
   *
   * @param file the safetensors file
   * @return its tensors and metadata
   * @throws BadInputException naming the file if it is not a valid safetensors file or holds a
   *     tensor of another dtype
   * @throws IOException if reading fails
   */
  public static Contents read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    if (bytes.length < 8) {
      throw new BadInputException(file + ": not a safetensors file (only " + bytes.length + " bytes)");
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long headerLength = buf.getLong(0);
    if (headerLength < 2 || headerLength > MAX_HEADER || 8 + headerLength > bytes.length) {
      throw new BadInputException(
          file + ": not a safetensors file (header length " + headerLength + " in a file of "
              + bytes.length + " bytes)");
    }
    Map<String, Object> header;
    try {
      header =
          JSON.readValue(
              new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8),
              new TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (IOException e) {
      throw new BadInputException(file + ": corrupt safetensors header (" + e.getMessage() + ")", e);
    }
    long dataStart = 8 + headerLength;
    Map<String, String> metadata = new LinkedHashMap<>();
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : header.entrySet()) {
      if (e.getKey().equals("__metadata__")) {
        ((Map<?, ?>) e.getValue()).forEach((k, v) -> metadata.put(k.toString(), v.toString()));
        continue;
      }
      tensors.put(e.getKey(), readTensor(file, e.getKey(), e.getValue(), buf, dataStart));
    }
    return new Contents(tensors, metadata);
  }

  private static Tensor readTensor(Path file, String name, Object spec, ByteBuffer buf, long dataStart) {
    if (!(spec instanceof Map)) {
      throw new BadInputException(file + ": tensor '" + name + "' has no description");
    }
    Map<?, ?> info = (Map<?, ?>) spec;
    if (!"F32".equals(info.get("dtype"))) {
      throw new BadInputException(
          file + ": tensor '" + name + "' has dtype " + info.get("dtype") + ", expected F32");
    }
    List<?> shapeList = (List<?>) info.get("shape");
    List<?> offsets = (List<?>) info.get("data_offsets");
    if (shapeList == null || offsets == null || offsets.size() != 2) {
      throw new BadInputException(file + ": tensor '" + name + "' lacks shape or data_offsets");
    }
    int[] shape = new int[shapeList.size()];
    long count = 1;
    for (int i = 0; i < shape.length; i++) {
      shape[i] = ((Number) shapeList.get(i)).intValue();
      count *= shape[i];
    }
    long begin = dataStart + ((Number) offsets.get(0)).longValue();
    long end = dataStart + ((Number) offsets.get(1)).longValue();
    if (end - begin != count * Float.BYTES || begin < dataStart || end > buf.capacity()) {
      throw new BadInputException(
          file + ": tensor '" + name + "' of shape " + Arrays.toString(shape)
              + " has a byte range that does not fit (file truncated or corrupt)");
    }
    FloatMatrix values = FloatMatrix.zeros(1, (int) count);
    for (int i = 0; i < count; i++) {
      values.set(i, buf.getFloat((int) (begin + (long) i * Float.BYTES)));
    }
    return new Tensor(shape, values);
  }

}
