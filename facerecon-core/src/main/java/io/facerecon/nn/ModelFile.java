package io.facerecon.nn;

import io.facerecon.io.BadInputException;
import io.facerecon.io.InputLimits;

import io.facerecon.io.SafeTensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Autoencoder model files: safetensors with one tensor per parameter, named and shaped as in the
 * PyTorch module's {@code state_dict}, and a header that records what the weights are for:
 * {@code format = facerecon-autoencoder}, {@code architecture}, {@code height}, {@code width},
 * {@code code_size}. PyTorch loads the tensors with {@code load_state_dict}.
 */
public final class ModelFile {
  /** The header's {@code format} value of autoencoder model files. */
  public static final String FORMAT = "facerecon-autoencoder";
  /** The header key naming the kind of model. */
  public static final String FORMAT_KEY = "format";

  private ModelFile() {}

  /** The header describing {@code model}. */
  static Map<String, String> metadata(Autoencoder model) {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put(FORMAT_KEY, FORMAT);
    meta.put("architecture", model.architecture().id());
    meta.put("height", Integer.toString(model.height()));
    meta.put("width", Integer.toString(model.width()));
    meta.put("code_size", Integer.toString(model.codeSize()));
    meta.put("parameters", Long.toString(model.parameterCount()));
    return meta;
  }

  /** The model's parameters as named tensors, in PyTorch's order. */
  static Map<String, SafeTensors.Tensor> tensors(Autoencoder model) {
    Map<String, SafeTensors.Tensor> out = new LinkedHashMap<>();
    for (Parameter p : model.parameters()) {
      out.put(p.name(), new SafeTensors.Tensor(p.shape(), p.value()));
    }
    return out;
  }

  /**
   * Writes {@code model} to {@code file}, atomically.
   *
   * @param model the model to save
   * @param file where to write
   * @throws IOException if the file cannot be written
   */
  public static void save(Autoencoder model, Path file) throws IOException {
    SafeTensors.write(file, tensors(model), metadata(model));
  }

  /**
   * Reads an autoencoder model file.
   *
   * @param file the model file
   * @return the model, with the saved weights
   * @throws BadInputException naming the file if it is not a regular file, is corrupt, is not an
   *     autoencoder model, its header's image size exceeds the pixel budget, its tensors do not fit
   *     the architecture and image size in its header, or a weight is NaN or infinite
   * @throws IOException if the file cannot be read
   */
  public static Autoencoder load(Path file) throws IOException {
    return fromContents(file, SafeTensors.read(file));
  }

  /**
   * Reads the weights in {@code file} into {@code model}, whose parameters must have the names and
   * shapes of the saved ones: how a {@link Autoencoder#custom custom} network is loaded.
   *
   * @param file the weights file
   * @param model receives the weights
   * @throws BadInputException naming the file if a tensor is missing, extra or of another shape,
   *     or a weight is NaN or infinite
   * @throws IOException if the file cannot be read
   */
  public static void loadWeights(Path file, Autoencoder model) throws IOException {
    SafeTensors.Contents contents = SafeTensors.read(file);
    if (!FORMAT.equals(contents.metadata().get(FORMAT_KEY))) {
      throw new BadInputException(file + ": not an autoencoder model file");
    }
    SafeTensors.requireFinite(file, contents.tensors());
    restore(file, model, contents.tensors(), "");
  }

  /** The autoencoder that the contents of {@code file} describe, with its weights. */
  static Autoencoder fromContents(Path file, SafeTensors.Contents contents) {
    Map<String, String> meta = contents.metadata();
    if (!FORMAT.equals(meta.get(FORMAT_KEY))) {
      throw new BadInputException(
          file + ": not an autoencoder model file (header format is '" + meta.get(FORMAT_KEY)
              + "', expected '" + FORMAT + "')");
    }
    Architecture arch = Architecture.byName(required(file, meta, "architecture"));
    if (arch == Architecture.CUSTOM) {
      throw new BadInputException(
          file + ": holds the weights of a custom network; build it with Autoencoder.custom and read them with"
              + " ModelFile.loadWeights");
    }
    int height = integer(file, meta, "height");
    int width = integer(file, meta, "width");
    int codeSize = integer(file, meta, "code_size");
    checkImageSize(file, height, width);
    if (arch == Architecture.BOTTLENECK && codeSize < 1) {
      throw new BadInputException(file + ": header 'code_size' is " + codeSize + ", expected at least 1");
    }
    long expected = parameterCount(arch, height, width, codeSize);
    long held = 0;
    for (SafeTensors.Tensor t : contents.tensors().values()) {
      held += t.values().size();
    }
    if (expected > held) {
      // Refused before the layers are allocated; other mismatches are named tensor by tensor below.
      throw new BadInputException(
          file + ": its header describes a " + arch.id() + " autoencoder for " + height + "x" + width
              + " images with code size " + codeSize + ", which has "
              + (expected == Long.MAX_VALUE ? "too many" : String.format("%,d", expected)) + " parameters, but its tensors hold "
              + String.format("%,d", held) + " values");
    }
    SafeTensors.requireFinite(file, contents.tensors());
    Autoencoder model = Autoencoder.create(arch, height, width, codeSize, 0);
    restore(file, model, contents.tensors(), "");
    return model;
  }

  /**
   * Copies the tensors named {@code prefix + parameter name} into {@code model}'s parameters,
   * checking that each exists with the right shape.
   */
  static void restore(Path file, Autoencoder model, Map<String, SafeTensors.Tensor> tensors, String prefix) {
    Set<String> expected = new HashSet<>();
    for (Parameter p : model.parameters()) {
      String name = prefix + p.name();
      expected.add(name);
      SafeTensors.Tensor t = tensors.get(name);
      if (t == null) {
        throw new BadInputException(
            file + ": tensor '" + name + "' is missing; the file does not fit the "
                + model.architecture().id() + " architecture for " + model.height() + "x" + model.width()
                + " images");
      }
      if (!Arrays.equals(t.shape(), p.shape())) {
        throw new BadInputException(
            file + ": tensor '" + name + "' has shape " + Arrays.toString(t.shape()) + ", expected "
                + Arrays.toString(p.shape()) + " for the " + model.architecture().id() + " architecture on "
                + model.height() + "x" + model.width() + " images");
      }
      p.value().copyFrom(t.values().reshape(p.value().rows(), p.value().cols()));
    }
    if (prefix.isEmpty()) {
      for (String name : tensors.keySet()) {
        if (!expected.contains(name)) {
          throw new BadInputException(
              file + ": unexpected tensor '" + name + "' for the " + model.architecture().id() + " architecture");
        }
      }
    }
  }

  /** Checks a header's image size against the pixel budget, before any layer is made for it. */
  static void checkImageSize(Path file, int height, int width) {
    if (height < 1 || width < 1 || InputLimits.exceedsImagePixels(height, width)) {
      throw new BadInputException(
          file + ": header gives an image size of " + height + "x" + width + " (" + InputLimits.pixelText(
              Math.max(height, 0), Math.max(width, 0)) + " pixels); expected from 1x1 to "
              + String.format("%,d", InputLimits.MAX_IMAGE_PIXELS) + " pixels");
    }
  }

  /**
   * The number of parameters {@link Autoencoder#create} makes for these settings, computed before
   * it allocates them; Long.MAX_VALUE if that overflows. The convolutions hold 9,569 whatever the
   * image size; the bottleneck adds two Linear layers between the feature map (32 channels of the
   * image halved twice, rounding up, by the stride-2 convolutions) and the code.
   */
  static long parameterCount(Architecture arch, int height, int width, int codeSize) {
    long conv = (1 * 16 * 9 + 16) + (16 * 32 * 9 + 32) + (32 * 16 * 9 + 16) + (16 * 1 * 9 + 1);
    if (arch != Architecture.BOTTLENECK) {
      return conv;
    }
    if (codeSize < 1) {
      return -1;
    }
    long h = ((long) height + 1) / 2;
    long w = ((long) width + 1) / 2;
    long feature = 32 * ((h + 1) / 2) * ((w + 1) / 2);
    try {
      long linear = Math.addExact(Math.multiplyExact(2 * feature, (long) codeSize), feature + codeSize);
      return Math.addExact(conv, linear);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  static String required(Path file, Map<String, String> meta, String key) {
    String v = meta.get(key);
    if (v == null) {
      throw new BadInputException(file + ": header lacks '" + key + "'");
    }
    return v;
  }

  static int integer(Path file, Map<String, String> meta, String key) {
    String v = required(file, meta, key);
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new BadInputException(file + ": header '" + key + "' is '" + v + "', expected an integer", e);
    }
  }
}
