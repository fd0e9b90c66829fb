package io.facerecon.study;

import io.facerecon.io.InvalidParameterException;
import io.facerecon.io.BadInputException;
import io.facerecon.data.FaceSet;
import io.facerecon.data.Occlusion;
import io.facerecon.study.ReconstructionMethod;
import io.facerecon.decomposition.KMeansOptions;
import io.facerecon.decomposition.PcaOptions;
import io.facerecon.nmf.BetaLoss;
import io.facerecon.nmf.InitMethod;
import io.facerecon.nmf.NmfOptions;
import io.facerecon.nmf.Solver;
import io.facerecon.nn.Architecture;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The runs of a comparison: NMF at each k with the first iteration limit and the largest k also at
 * the other limits; PCA and vector quantisation (k-means) at their k's, the yardsticks of a linear
 * code; the study's autoencoder evaluated after each epoch count (snapshots of one
 * training); the bottleneck autoencoder at its code size; and NMF at the code size of each
 * autoencoder where NMF can have that many components (k ≤ min(pixels, training images)), so both
 * methods meet at equal code size.
 *
 * @param nmfKs numbers of NMF components
 * @param nmfIterations NMF iteration limits: every k runs at the first, the largest k at all
 * @param nmfSolver NMF solver
 * @param nmfInit NMF initialisation, null for scikit-learn's default
 * @param nmfTol NMF stopping tolerance (0: run every iteration)
 * @param aeEpochs epochs after which the study's autoencoder is evaluated
 * @param aeBatchSize autoencoder minibatch size
 * @param aeLr autoencoder learning rate (Adam)
 * @param bottleneckCodeSize code size of the bottleneck autoencoder, 0 for none
 * @param seed seed of every random choice
 * @param pcaKs numbers of PCA components (eigenfaces), empty for no PCA run, null for the NMF k's
 *     that PCA can have (k ≤ min(pixels, training images))
 * @param vqKs numbers of k-means clusters (vector quantisation), empty for no VQ run, null for the
 *     NMF k's that k-means can have (k ≤ training images)
 */
public record StudyGrid(
    List<Integer> nmfKs,
    List<Integer> nmfIterations,
    Solver nmfSolver,
    InitMethod nmfInit,
    double nmfTol,
    List<Integer> aeEpochs,
    int aeBatchSize,
    double aeLr,
    int bottleneckCodeSize,
    long seed,
    List<Integer> pcaKs,
    List<Integer> vqKs) {

  /**
   * Checks every value, naming the parameter.
   *
   * @param nmfKs numbers of NMF components, distinct, at least one
   * @param nmfIterations NMF iteration limits, distinct, at least one
   * @param nmfSolver NMF solver, not null
   * @param nmfInit NMF initialisation, or null
   * @param nmfTol NMF stopping tolerance
   * @param aeEpochs autoencoder snapshot epochs, distinct, at least one
   * @param aeBatchSize autoencoder minibatch size
   * @param aeLr autoencoder learning rate
   * @param bottleneckCodeSize bottleneck code size, 0 for none
   * @param seed seed of every random choice
   * @param pcaKs numbers of PCA components, distinct, possibly none; null for the NMF k's that fit
   * @param vqKs numbers of k-means clusters, distinct, possibly none; null for the NMF k's that fit
   */
  public StudyGrid {
    nmfKs = distinctAtLeastOne("nmfKs", "k", nmfKs);
    pcaKs = pcaKs == null || pcaKs.isEmpty() ? pcaKs : distinctAtLeastOne("pcaKs", "k", pcaKs);
    vqKs = vqKs == null || vqKs.isEmpty() ? vqKs : distinctAtLeastOne("vqKs", "k", vqKs);
    nmfIterations = distinctAtLeastOne("nmfIterations", "iterations", nmfIterations);
    aeEpochs = distinctAtLeastOne("aeEpochs", "epochs", aeEpochs);
    if (nmfSolver == null) {
      throw new InvalidParameterException("nmfSolver", "must be mu or cd");
    }
    if (nmfInit == InitMethod.CUSTOM) {
      throw new InvalidParameterException("nmfInit", "must be random, nndsvd, nndsvda or nndsvdar, got custom");
    }
    if (!(nmfTol >= 0) || Double.isInfinite(nmfTol)) {
      throw new InvalidParameterException("nmfTol", "must be a finite number >= 0, got " + nmfTol);
    }
    if (aeBatchSize < 1) {
      throw new InvalidParameterException("aeBatchSize", "must be >= 1, got " + aeBatchSize);
    }
    if (!(aeLr > 0) || Double.isInfinite(aeLr)) {
      throw new InvalidParameterException("aeLr", "must be a finite number > 0, got " + aeLr);
    }
    if (bottleneckCodeSize < 0) {
      throw new InvalidParameterException("bottleneckCodeSize", "must be >= 1, or 0 for no bottleneck run, got " + bottleneckCodeSize);
    }
  }

  /**
   * The grid with PCA and vector quantisation at the NMF k's that they can have, as {@code compare}
   * runs by default.
   *
   * @param nmfKs numbers of NMF components, distinct, at least one; also the PCA and VQ k's
   * @param nmfIterations NMF iteration limits, distinct, at least one
   * @param nmfSolver NMF solver, not null
   * @param nmfInit NMF initialisation, or null
   * @param nmfTol NMF stopping tolerance
   * @param aeEpochs autoencoder snapshot epochs, distinct, at least one
   * @param aeBatchSize autoencoder minibatch size
   * @param aeLr autoencoder learning rate
   * @param bottleneckCodeSize bottleneck code size, 0 for none
   * @param seed seed of every random choice
   */
  public StudyGrid(
      List<Integer> nmfKs, List<Integer> nmfIterations, Solver nmfSolver, InitMethod nmfInit,
      double nmfTol, List<Integer> aeEpochs, int aeBatchSize, double aeLr, int bottleneckCodeSize,
      long seed) {
    this(nmfKs, nmfIterations, nmfSolver, nmfInit, nmfTol, aeEpochs, aeBatchSize, aeLr,
        bottleneckCodeSize, seed, null, null);
  }

  /** The values as given, each >= 1 and none twice. */
  private static List<Integer> distinctAtLeastOne(String parameter, String what, List<Integer> values) {
    if (values == null || values.isEmpty()) {
      throw new InvalidParameterException(parameter, "needs at least one value");
    }
    Set<Integer> seen = new HashSet<>();
    for (int v : values) {
      if (v < 1) {
        throw new InvalidParameterException(parameter, "lists " + v + ": " + what + " must be >= 1, got " + v);
      }
      if (!seen.add(v)) {
        throw new InvalidParameterException(parameter, "lists " + v + " twice");
      }
    }
    return List.copyOf(values);
  }

  /**
   * The largest epoch count: the length of the autoencoder trainings.
   *
   * @return the largest of {@link #aeEpochs()}
   */
  public int lastEpoch() {
    return Collections.max(aeEpochs);
  }

  /**
   * The runs on faces of {@code height × width} with {@code trainImages} training faces, and what
   * the report should say about how they were chosen.
   *
   * @param height face height in pixels
   * @param width face width in pixels
   * @param trainImages number of training faces
   * @param checkpoints a folder for the checkpoints that hand one training on to its next snapshot
   * @param heldOut faces the autoencoders measure after every epoch, for a curve only
   * @return the runs and the note on how they were chosen
   * @throws BadInputException if a requested k is larger than the chosen NMF initialisation allows
   */
  public Plan plan(int height, int width, int trainImages, Path checkpoints, FaceSet heldOut) {
    return plan(height, width, trainImages, checkpoints, heldOut, List.of());
  }

  /**
   * Like {@link #plan(int, int, int, Path, FaceSet)}, with a denoising version of each
   * autoencoder training when {@code denoising} lists occlusions: one more training per
   * autoencoder (the study's, with its snapshots, and the bottleneck), same settings and seed,
   * whose inputs are occluded by the listed occlusions in turn ({@link OcclusionCorruption}). Its
   * runs ("DAE ...") follow the autoencoder runs. One denoising training serves every occlusion, so
   * the cost grows by one set of autoencoder trainings whatever the number of occlusions.
   *
   * @param height face height in pixels
   * @param width face width in pixels
   * @param trainImages number of training faces
   * @param checkpoints a folder for the checkpoints that hand one training on to its next snapshot
   * @param heldOut faces the autoencoders measure after every epoch, for a curve only
   * @param denoising occlusions of the denoising autoencoders' inputs; empty for none
   * @return the runs and the note on how they were chosen
   * @throws BadInputException if a requested k is larger than the chosen NMF initialisation allows
   */
  public Plan plan(
      int height, int width, int trainImages, Path checkpoints, FaceSet heldOut, List<Occlusion> denoising) {
    int pixels = height * width;
    int maxK = Math.min(pixels, trainImages);
    int largestK = Collections.max(nmfKs);
    int iterations = nmfIterations.get(0);
    for (int k : nmfKs) {
      InitMethod init = nmfOptions(k, iterations, pixels, trainImages).init();
      if (init.usesSvd() && k > maxK) {
        throw new InvalidParameterException("nmfKs",
            "has k = " + k + ", too large for init " + lower(init) + ": it needs k ≤ min(pixels "
                + pixels + ", training images " + trainImages + ") = " + maxK + "; use nmfInit random"
                + " or a smaller k");
      }
    }
    List<ReconstructionMethod> nmf = new ArrayList<>();
    for (int k : nmfKs) {
      nmf.add(new NmfMethod(nmfOptions(k, iterations, pixels, trainImages)));
    }
    for (int it : nmfIterations.subList(1, nmfIterations.size())) {
      nmf.add(new NmfMethod(nmfOptions(largestK, it, pixels, trainImages)));
    }
    List<ReconstructionMethod> linear = new ArrayList<>();
    for (int k : linearKs(pcaKs, maxK)) {
      requireAtMost("pcaKs", "PCA components", k, maxK, "min(pixels " + pixels + ", training images " + trainImages + ")");
      linear.add(new PcaMethod(PcaOptions.defaults(k).withSeed(seed)));
    }
    for (int k : linearKs(vqKs, trainImages)) {
      requireAtMost("vqKs", "k-means clusters", k, trainImages, "the training images");
      linear.add(new VqMethod(KMeansOptions.defaults(k).withSeed(seed)));
    }

    Map<String, String> notes = new LinkedHashMap<>();
    AutoencoderMethod.Settings study =
        new AutoencoderMethod.Settings(Architecture.STUDY, 0, aeBatchSize, aeLr, seed);
    List<Integer> epochs = aeEpochs.stream().sorted().toList();
    List<ReconstructionMethod> ae = new ArrayList<>(AutoencoderMethod.snapshots(
        study, epochs, checkpoints.resolve("ae-study.safetensors"), heldOut));
    List<Integer> aeCodeSizes = new ArrayList<>(List.of(AutoencoderMethod.codeSize(study, height, width)));
    if (bottleneckCodeSize > 0) {
      AutoencoderMethod.Settings bottleneck =
          new AutoencoderMethod.Settings(Architecture.BOTTLENECK, bottleneckCodeSize, aeBatchSize, aeLr, seed);
      ae.addAll(AutoencoderMethod.snapshots(bottleneck, List.of(lastEpoch()), null, heldOut));
      aeCodeSizes.add(bottleneckCodeSize);
    }
    if (!denoising.isEmpty()) {
      ae.addAll(AutoencoderMethod.snapshots(
          study, epochs, checkpoints.resolve("dae-study.safetensors"), heldOut, denoising));
      if (bottleneckCodeSize > 0) {
        AutoencoderMethod.Settings bottleneck =
            new AutoencoderMethod.Settings(Architecture.BOTTLENECK, bottleneckCodeSize, aeBatchSize, aeLr, seed);
        ae.addAll(AutoencoderMethod.snapshots(bottleneck, List.of(lastEpoch()), null, heldOut, denoising));
      }
    }

    List<String> matched = new ArrayList<>();
    List<String> unmatched = new ArrayList<>();
    for (int code : aeCodeSizes) {
      if (nmfKs.contains(code)) {
        matched.add(Integer.toString(code));
      } else if (code <= maxK) {
        nmf.add(new NmfMethod(nmfOptions(code, iterations, pixels, trainImages)));
        matched.add(code + " (NMF run added)");
      } else {
        unmatched.add(String.format(Locale.ROOT,
            "an autoencoder code of %,d numbers has no NMF counterpart: NMF needs k ≤ min(pixels,"
                + " training images) = min(%,d, %,d) = %,d",
            code, pixels, trainImages, maxK));
      }
    }
    notes.put("NMF runs", describeNmf(largestK, pixels, trainImages));
    if (!linear.isEmpty()) {
      notes.put("PCA and VQ runs", describeLinear(linearKs(pcaKs, maxK), linearKs(vqKs, trainImages)));
    }
    notes.put("Autoencoder runs", describeAe(epochs, study, height, width));
    if (!denoising.isEmpty()) {
      notes.put("Denoising autoencoders", "Each autoencoder training above once more as a denoising"
          + " autoencoder (DAE; Vincent et al. 2008): same architecture, settings and seed, its inputs"
          + " the training faces occluded afresh every epoch by "
          + String.join(", ", denoising.stream().map(Occlusion::spec).toList())
          + (denoising.size() > 1 ? " in turn (face i in epoch e by occlusion (i + e) mod "
              + denoising.size() + ")" : "")
          + ", hidden pixels set to the training faces' mean pixel; its targets the clean faces. One"
          + " denoising training serves every occlusion.");
    }
    notes.put("Equal code size",
        (matched.isEmpty() ? "no code size is shared by NMF and an autoencoder" : "NMF and an autoencoder"
            + " share code size " + String.join(", ", matched))
            + (unmatched.isEmpty() ? "" : "; " + String.join("; ", unmatched)) + ".");
    notes.put("Fit time",
        "NMF: wall-clock time of the fit, initialisation included; autoencoder: training time of its"
            + " epochs (the held-out MSE measured after each epoch for the curves is not counted).");
    List<ReconstructionMethod> all = new ArrayList<>(nmf);
    all.addAll(linear);
    all.addAll(ae);
    return new Plan(List.copyOf(all), notes);
  }

  /** The given k's, or for none given (null) the NMF k's up to {@code max}. */
  private List<Integer> linearKs(List<Integer> given, int max) {
    return given != null ? given : nmfKs.stream().filter(k -> k <= max).toList();
  }

  private static void requireAtMost(String parameter, String what, int k, int max, String bound) {
    if (k > max) {
      throw new InvalidParameterException(parameter,
          "has k = " + k + ": " + what + " must be at most " + bound + " = " + max);
    }
  }

  private String describeLinear(List<Integer> pca, List<Integer> vq) {
    StringBuilder sb = new StringBuilder();
    if (!pca.isEmpty()) {
      sb.append(String.format(Locale.ROOT,
          "PCA (eigenfaces) with k = %s: the training faces' mean and k leading principal components,"
              + " scikit-learn's PCA (svd_solver auto, seed %d); a face's code is its k projections.",
          list(pca), seed));
    }
    if (!vq.isEmpty()) {
      sb.append(sb.length() > 0 ? " " : "").append(String.format(Locale.ROOT,
          "Vector quantisation with k = %s: scikit-learn's KMeans (k-means++, 10 starts, seed %d); a"
              + " face's code is a 1 at its nearest centre, its reconstruction that centre.",
          list(vq), seed));
    }
    return sb.append(" Each linear run is measured against the truncated SVD of the same rank"
        + " (svd_ratio), the least error any rank-k code can reach (Eckart–Young).").toString();
  }

  private static String list(List<Integer> values) {
    return values.stream().map(String::valueOf).collect(Collectors.joining(", "));
  }

  /** NMF's options for k components, with the initialisation resolved for the data's shape. */
  private NmfOptions nmfOptions(int k, int maxIterations, int pixels, int trainImages) {
    NmfOptions o = NmfOptions.defaults(k)
        .withSolver(nmfSolver)
        .withBetaLoss(BetaLoss.FROBENIUS)
        .withInit(nmfInit)
        .withMaxIterations(maxIterations)
        .withTol(nmfTol)
        .withSeed(seed);
    return o.withInit(o.effectiveInit(pixels, trainImages));
  }

  private String describeNmf(int largestK, int pixels, int trainImages) {
    String ks = nmfKs.stream().map(String::valueOf).collect(Collectors.joining(", "));
    String init = nmfInit == null
        ? "scikit-learn's default init (" + lower(nmfOptions(largestK, 1, pixels, trainImages).init()) + ")"
        : "init " + lower(nmfInit);
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "k = %s with at most %d iterations", ks, nmfIterations.get(0)));
    if (nmfIterations.size() > 1) {
      sb.append("; k = ").append(largestK).append(" also with at most ")
          .append(nmfIterations.subList(1, nmfIterations.size()).stream().map(String::valueOf)
              .collect(Collectors.joining(", ")))
          .append(" (each a separate fit from the same start)");
    }
    sb.append(String.format(Locale.ROOT,
        ". Solver %s, %s, Frobenius loss, tol %s, seed %d. V is pixels × images; held-out faces are"
            + " coded by transform with the basis W fixed (same solver, tol and iteration limit).",
        lower(nmfSolver), init, plain(nmfTol), seed));
    return sb.toString();
  }

  private String describeAe(List<Integer> epochs, AutoencoderMethod.Settings study, int height, int width) {
    String list = epochs.stream().map(String::valueOf).collect(Collectors.joining(", "));
    int code = AutoencoderMethod.codeSize(study, height, width);
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "The study's convolutional autoencoder (code %,d numbers per face) after %s epochs", code, list));
    if (epochs.size() > 1) {
      sb.append(String.format(Locale.ROOT,
          ": snapshots of one %d-epoch training, each continuing the previous one from its checkpoint"
              + " (the same numbers as separate trainings with this seed); a snapshot's fit time is the"
              + " training time up to that epoch", lastEpoch()));
    }
    sb.append('.');
    if (bottleneckCodeSize > 0) {
      sb.append(String.format(Locale.ROOT,
          " The bottleneck autoencoder (the same convolutions with a Linear code of %d numbers) for %d"
              + " epochs.", bottleneckCodeSize, lastEpoch()));
    }
    sb.append(String.format(Locale.ROOT,
        " MSELoss, Adam (lr %s), minibatches of %d in a seeded order, seed %d; held-out faces are"
            + " encoded and decoded by the network.", plain(aeLr), aeBatchSize, seed));
    return sb.toString();
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  private static String plain(double v) {
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  /**
   * The runs of a study, in order, and notes on how they were chosen.
   *
   * @param methods NMF runs, then the autoencoder runs (snapshots in increasing epochs)
   * @param notes headed paragraphs for the report's setup
   */
  public record Plan(List<ReconstructionMethod> methods, Map<String, String> notes) {}
}
