package io.facerecon.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facerecon.linalg.FloatMatrix;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
      long n = 1;
      for (int d : shape) {
        if (d < 0) {
          throw new BadInputException("shape " + Arrays.toString(shape) + " has a negative dimension");
        }
        n = multiplyOrMax(n, d);
      }
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
   * Reads a safetensors file of float32 tensors. The file must be a regular file of at most
   * {@link InputLimits#MAX_MODEL_BYTES}; its header must be a JSON object whose {@code
   * __metadata__}, if present, maps strings to strings and whose other entries each give a tensor's
   * {@code dtype} ({@code F32}), {@code shape} (integers from 0) and {@code data_offsets}; the
   * tensors' byte ranges must agree with their shapes and cover the data after the header exactly,
   * without gaps or overlaps (as Python's {@code safetensors} requires). Sizes are computed with
   * checked arithmetic and compared with the file before anything of that size is allocated.
   *
   * @param file the safetensors file
   * @return its tensors and metadata
   * @throws BadInputException naming the file if it is not a regular file or not a valid
   *     safetensors file, holds a tensor of another dtype, or is larger than the bound
   * @throws IOException if reading fails
   */
  public static Contents read(Path file) throws IOException {
    try (FileChannel channel = InputFiles.openChannel(file, "a safetensors model file")) {
      long size = channel.size();
      if (size > InputLimits.MAX_MODEL_BYTES) {
        throw InputFiles.tooLarge(file.toString(), size, InputLimits.MAX_MODEL_BYTES, "a model file");
      }
      if (size < 8) {
        throw new BadInputException(file + ": not a safetensors file (only " + size + " bytes)");
      }
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(channel, len, 0, file);
      long headerLength = len.getLong(0);
      if (headerLength < 2 || headerLength > MAX_HEADER || headerLength > size - 8) {
        throw new BadInputException(
            file + ": not a safetensors file (header length " + headerLength + " in a file of "
                + size + " bytes)");
      }
      ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
      readFully(channel, headerBytes, 8, file);
      JsonNode header;
      try {
        header = JSON.readTree(new String(headerBytes.array(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new BadInputException(
            file + ": corrupt safetensors header (" + firstLine(e.getMessage()) + ")", e);
      }
      if (header == null || !header.isObject()) {
        throw new BadInputException(
            file + ": corrupt safetensors header (" + describe(header) + ", expected a JSON object)");
      }
      long dataStart = 8 + headerLength;
      Map<String, String> metadata = new LinkedHashMap<>();
      List<Spec> specs = new ArrayList<>();
      Iterator<Map.Entry<String, JsonNode>> fields = header.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> e = fields.next();
        if (e.getKey().equals("__metadata__")) {
          readMetadata(file, e.getValue(), metadata);
        } else {
          specs.add(spec(file, e.getKey(), e.getValue()));
        }
      }
      checkLayout(file, specs, size - dataStart);
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      for (Spec spec : specs) {
        tensors.put(spec.name(), readTensor(channel, spec, dataStart, file));
      }
      return new Contents(tensors, metadata);
    }
  }

  /**
   * Checks that every value of every tensor is finite: a model with a NaN or infinite weight
   * (from a diverged training or a damaged file) would reconstruct nothing but NaN.
   *
   * @param file the file the tensors came from, for the message
   * @param tensors the tensors by name
   * @throws BadInputException naming the file, the tensor and the first non-finite value's index
   */
  public static void requireFinite(Path file, Map<String, Tensor> tensors) {
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      FloatMatrix v = e.getValue().values();
      for (int i = 0, n = v.size(); i < n; i++) {
        float x = v.get(i);
        if (!Float.isFinite(x)) {
          throw new BadInputException(
              file + ": tensor '" + e.getKey() + "' holds " + x + " at index " + i
                  + "; a model's weights must be finite (the file is damaged or its training diverged)");
        }
      }
    }
  }

  /** A tensor as the header describes it. */
  private record Spec(String name, int[] shape, int count, long begin, long end) {}

  private static void readMetadata(Path file, JsonNode node, Map<String, String> metadata) {
    if (!node.isObject()) {
      throw new BadInputException(
          file + ": corrupt safetensors header (__metadata__ is " + describe(node)
              + ", expected an object of strings)");
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      if (!e.getValue().isTextual()) {
        throw new BadInputException(
            file + ": corrupt safetensors header (__metadata__ '" + e.getKey() + "' is "
                + describe(e.getValue()) + ", expected a string)");
      }
      metadata.put(e.getKey(), e.getValue().textValue());
    }
  }

  private static Spec spec(Path file, String name, JsonNode info) {
    String where = file + ": tensor '" + name + "'";
    if (!info.isObject()) {
      throw new BadInputException(where + " is described by " + describe(info) + ", expected an object");
    }
    JsonNode dtype = info.get("dtype");
    if (dtype == null || !"F32".equals(dtype.asText(null))) {
      throw new BadInputException(where + " has dtype " + (dtype == null ? "(none)" : dtype) + ", expected F32");
    }
    JsonNode shapeNode = info.get("shape");
    JsonNode offsets = info.get("data_offsets");
    if (shapeNode == null || !shapeNode.isArray()) {
      throw new BadInputException(where + " has shape " + describe(shapeNode) + ", expected a list of integers");
    }
    if (offsets == null || !offsets.isArray() || offsets.size() != 2) {
      throw new BadInputException(
          where + " has data_offsets " + describe(offsets) + ", expected [begin, end]");
    }
    int[] shape = new int[shapeNode.size()];
    long count = 1;
    for (int i = 0; i < shape.length; i++) {
      JsonNode d = shapeNode.get(i);
      if (!d.isIntegralNumber() || !d.canConvertToInt() || d.intValue() < 0) {
        throw new BadInputException(
            where + " has shape " + shapeNode + ": dimension " + i + " is " + d
                + ", expected an integer from 0 to " + Integer.MAX_VALUE);
      }
      shape[i] = d.intValue();
      count = multiplyOrMax(count, shape[i]);
    }
    long[] range = new long[2];
    for (int i = 0; i < 2; i++) {
      JsonNode o = offsets.get(i);
      if (!o.isIntegralNumber() || !o.canConvertToLong() || o.longValue() < 0) {
        throw new BadInputException(
            where + " has data_offsets " + offsets + ", expected two integers from 0");
      }
      range[i] = o.longValue();
    }
    if (count > Integer.MAX_VALUE / Float.BYTES) {
      throw new BadInputException(
          where + " of shape " + shapeNode + " has " + (count == Long.MAX_VALUE ? "more than 2^63" : count)
              + " values; at most " + (Integer.MAX_VALUE / Float.BYTES) + " are supported");
    }
    if (range[1] < range[0] || range[1] - range[0] != count * Float.BYTES) {
      throw new BadInputException(
          where + " of shape " + shapeNode + " needs " + count * Float.BYTES + " bytes, but its data_offsets "
              + offsets + " give " + (range[1] - range[0]) + " (file corrupt)");
    }
    return new Spec(name, shape, (int) count, range[0], range[1]);
  }

  /** The byte ranges must tile the data section: from 0, each where the last ended, to its end. */
  private static void checkLayout(Path file, List<Spec> specs, long dataBytes) {
    List<Spec> byBegin = new ArrayList<>(specs);
    byBegin.sort(Comparator.comparingLong(Spec::begin).thenComparingLong(Spec::end));
    long at = 0;
    for (Spec s : byBegin) {
      if (s.begin() != at) {
        throw new BadInputException(
            file + ": tensor '" + s.name() + "' starts at data byte " + s.begin() + ", expected " + at
                + (s.begin() < at ? " (it overlaps the tensor before it)" : " (a gap before it)")
                + "; the file is corrupt");
      }
      at = s.end();
    }
    if (at != dataBytes) {
      throw new BadInputException(
          file + ": its header declares " + at + " bytes of tensor data, but the file holds " + dataBytes
              + (at < dataBytes ? " (extra bytes after the last tensor: file corrupt)" : " (file truncated or corrupt)"));
    }
  }

  private static Tensor readTensor(FileChannel channel, Spec spec, long dataStart, Path file)
      throws IOException {
    FloatMatrix values = FloatMatrix.zeros(1, spec.count());
    ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    long position = dataStart + spec.begin();
    int done = 0;
    while (done < spec.count()) {
      chunk.clear();
      long remaining = (long) (spec.count() - done) * Float.BYTES;
      if (remaining < chunk.capacity()) {
        chunk.limit((int) remaining);
      }
      readFully(channel, chunk, position, file);
      position += chunk.limit();
      chunk.flip();
      int n = chunk.remaining() / Float.BYTES;
      values.buffer().put(values.offset() + done, chunk.asFloatBuffer(), 0, n);
      done += n;
    }
    return new Tensor(spec.shape(), values);
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position, Path file)
      throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, at);
      if (n < 0) {
        throw new BadInputException(file + ": truncated safetensors file (it changed while it was read)");
      }
      at += n;
    }
  }

  private static long multiplyOrMax(long a, long b) {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** A JSON value for a message: short, on one line. */
  private static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "missing";
    }
    String text = node.isNull() ? "null" : node.getNodeType().name().toLowerCase(Locale.ROOT) + " " + node;
    return text.length() > 80 ? text.substring(0, 77) + "..." : text;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable JSON";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
