package io.facerecon.nn;

import io.facerecon.io.BadInputException;

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
   * @throws IllegalArgumentException naming the file if it is corrupt, not an autoencoder model, or
   *     its tensors do not fit the architecture and image size in its header
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
   * @throws BadInputException naming the file if a tensor is missing, extra or of another shape
   * @throws IOException if the file cannot be read
   */
  public static void loadWeights(Path file, Autoencoder model) throws IOException {
    SafeTensors.Contents contents = SafeTensors.read(file);
    if (!FORMAT.equals(contents.metadata().get(FORMAT_KEY))) {
      throw new BadInputException(file + ": not an autoencoder model file");
    }
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
