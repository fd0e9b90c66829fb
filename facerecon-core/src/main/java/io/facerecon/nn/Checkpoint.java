package io.facerecon.nn;

import io.facerecon.io.BadInputException;


import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facerecon.io.SafeTensors;
import io.facerecon.linalg.FloatMatrix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to continue training exactly where it stopped: the weights, Adam's moments and
 * step count, the epochs done with their losses, the early-stopping state, and a fingerprint of the
 * settings and data that a resumed run must share. Written as safetensors ({@code model.*},
 * {@code adam.exp_avg.*}, {@code adam.exp_avg_sq.*}) after every epoch, atomically.
 */
final class Checkpoint {
  static final String FORMAT = "facerecon-autoencoder-checkpoint";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODEL = "model.";
  private static final String EXP_AVG = "adam.exp_avg.";
  private static final String EXP_AVG_SQ = "adam.exp_avg_sq.";

  /** Training progress besides the tensors. */
  record Progress(List<EpochRecord> history, double bestValidation, int bestEpoch, int staleEpochs, boolean stoppedEarly) {
    Progress {
      history = List.copyOf(history);
    }
  }

  private Checkpoint() {}

  static void write(Path file, Autoencoder model, Adam adam, Progress progress, Map<String, String> fingerprint)
      throws IOException {
    Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
    List<Parameter> params = adam.parameters();
    for (Parameter p : params) {
      tensors.put(MODEL + p.name(), new SafeTensors.Tensor(p.shape(), p.value()));
    }
    for (int i = 0; i < params.size(); i++) {
      tensors.put(EXP_AVG + params.get(i).name(), new SafeTensors.Tensor(params.get(i).shape(), adam.firstMoment(i)));
      tensors.put(EXP_AVG_SQ + params.get(i).name(), new SafeTensors.Tensor(params.get(i).shape(), adam.secondMoment(i)));
    }
    Map<String, String> meta = new LinkedHashMap<>(ModelFile.metadata(model));
    meta.put(ModelFile.FORMAT_KEY, FORMAT);
    meta.put("adam_step", Long.toString(adam.stepCount()));
    meta.put("history", JSON.writeValueAsString(progress.history()));
    meta.put("best_validation", Double.toString(progress.bestValidation()));
    meta.put("best_epoch", Integer.toString(progress.bestEpoch()));
    meta.put("stale_epochs", Integer.toString(progress.staleEpochs()));
    meta.put("stopped_early", Boolean.toString(progress.stoppedEarly()));
    meta.put("fingerprint", JSON.writeValueAsString(fingerprint));
    SafeTensors.write(file, tensors, meta);
  }

  /**
   * Restores {@code model} and {@code adam} from {@code file} and returns the progress.
   *
   * @throws IllegalArgumentException naming the file if it is not a checkpoint, or was written for
   *     other settings or data than {@code fingerprint}
   */
  static Progress restore(Path file, Autoencoder model, Adam adam, Map<String, String> fingerprint)
      throws IOException {
    SafeTensors.Contents contents = SafeTensors.read(file);
    Map<String, String> meta = contents.metadata();
    if (!FORMAT.equals(meta.get(ModelFile.FORMAT_KEY))) {
      throw new BadInputException(
          file + ": not a training checkpoint (header format is '" + meta.get(ModelFile.FORMAT_KEY) + "')");
    }
    Map<String, String> saved = parse(file, ModelFile.required(file, meta, "fingerprint"), new TypeReference<>() {});
    List<String> differences = new ArrayList<>();
    for (Map.Entry<String, String> e : fingerprint.entrySet()) {
      String was = saved.get(e.getKey());
      if (!e.getValue().equals(was)) {
        differences.add(e.getKey() + " was " + was + ", now " + e.getValue());
      }
    }
    if (!differences.isEmpty()) {
      throw new BadInputException(
          file + ": cannot resume, the checkpoint was written for other settings or data: "
              + String.join("; ", differences));
    }
    ModelFile.restore(file, model, contents.tensors(), MODEL);
    List<Parameter> params = adam.parameters();
    for (int i = 0; i < params.size(); i++) {
      adam.firstMoment(i).copyFrom(moment(file, contents, EXP_AVG + params.get(i).name(), adam.firstMoment(i).size()));
      adam.secondMoment(i).copyFrom(moment(file, contents, EXP_AVG_SQ + params.get(i).name(), adam.secondMoment(i).size()));
    }
    adam.restoreStepCount(Long.parseLong(ModelFile.required(file, meta, "adam_step")));
    List<EpochRecord> history = parse(file, ModelFile.required(file, meta, "history"), new TypeReference<>() {});
    return new Progress(
        history,
        Double.parseDouble(ModelFile.required(file, meta, "best_validation")),
        ModelFile.integer(file, meta, "best_epoch"),
        ModelFile.integer(file, meta, "stale_epochs"),
        Boolean.parseBoolean(ModelFile.required(file, meta, "stopped_early")));
  }

  private static FloatMatrix moment(
      Path file, SafeTensors.Contents contents, String name, int size) {
    SafeTensors.Tensor t = contents.tensors().get(name);
    if (t == null || t.values().size() != size) {
      throw new BadInputException(file + ": optimiser state '" + name + "' is missing or has the wrong size");
    }
    return t.values().reshape(1, size);
  }

  private static <T> T parse(Path file, String json, TypeReference<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new BadInputException(file + ": corrupt checkpoint header (" + e.getOriginalMessage() + ")", e);
    }
  }
}
