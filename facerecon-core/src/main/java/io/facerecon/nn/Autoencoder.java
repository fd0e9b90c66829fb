package io.facerecon.nn;

import io.facerecon.data.FaceSet;
import io.facerecon.data.FaceStream;
import io.facerecon.linalg.FloatMatrix;
import java.io.IOException;
import java.util.function.Supplier;
import io.facerecon.io.InvalidParameterException;
import io.facerecon.io.BadInputException;

import io.facerecon.linalg.Parallel;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A convolutional autoencoder for gray images of one size: an encoder, a decoder and a crop back
 * to the image size, as one network whose parameter names match the PyTorch module
 * ({@code encoder.0.weight}, …, {@code decoder.3.bias}).
 */
public final class Autoencoder {
  /** Pixels the two stride-2 3×3 convolutions of the encoder see: 3 + 2·2. */
  public static final int RECEPTIVE_FIELD = 7;

  private static final int WARM_UP_HEIGHT = 62;
  private static final int WARM_UP_WIDTH = 47;
  private static final int WARM_UP_IMAGES = 64;
  /** How long the JIT must have compiled nothing before {@link #warmUp} ends. */
  private static final long WARM_UP_QUIET_MS = 250;
  private static final long WARM_UP_MAX_MS = 2500;
  private static boolean warmedUp;

  /**
   * Images per batch when a stream is evaluated: a multiple of {@link Replicas#CHUNK}, so that the
   * chunks, and the order their sums are added in, are those of the same images in memory.
   */
  static final int EVAL_BATCH = 64 * Replicas.CHUNK;

  private static final int HIDDEN1 = 16;
  private static final int HIDDEN2 = 32;

  private final Architecture architecture;
  private final int height;
  private final int width;
  private final int codeSize;
  private final Layer encoder;
  private final Sequential network;
  /** Builds a network of the same shape for another thread; its weights are then copied in. */
  private final Supplier<Autoencoder> sameShape;
  private Replicas replicas;

  private Autoencoder(
      Architecture architecture, int height, int width, int codeSize, Layer encoder,
      Layer decoder, Supplier<Autoencoder> sameShape) {
    this.architecture = architecture;
    this.height = height;
    this.width = width;
    this.codeSize = codeSize;
    this.encoder = encoder;
    this.sameShape = sameShape;
    this.network =
        Sequential.named(List.of("encoder", "decoder", "crop"), List.of(encoder, decoder, new Crop(height, width)));
    Shape out = network.outputShape(imageShape());
    if (!out.equals(imageShape())) {
      throw new IllegalStateException("network maps " + imageShape() + " to " + out);
    }
  }

  /**
   * The study's autoencoder for {@code height × width} faces, initialised as PyTorch does from
   * {@code seed}.
   *
   * @param height face height in pixels
   * @param width face width in pixels
   * @param seed seed of the initial weights
   * @return the new model
   */
  public static Autoencoder study(int height, int width, long seed) {
    return create(Architecture.STUDY, height, width, 0, seed);
  }

  /**
   * The bottleneck autoencoder with a code of {@code codeSize} values, initialised from
   * {@code seed}.
   *
   * @param height face height in pixels
   * @param width face width in pixels
   * @param codeSize values in one face's code
   * @param seed seed of the initial weights
   * @return the new model
   */
  public static Autoencoder bottleneck(int height, int width, int codeSize, long seed) {
    return create(Architecture.BOTTLENECK, height, width, codeSize, seed);
  }

  /**
   * An autoencoder of your own layers, trained, evaluated and parallelised like the built-in ones.
   * The suppliers are called once for this model and once more for every extra thread's replica,
   * so each call must build new layers of the same shapes (their initial weights do not matter for
   * replicas: the model's are copied in). The decoder's output is cropped to {@code height ×
   * width}; it must be at least that large. Such a model saves its weights with {@link ModelFile}
   * under the architecture {@code custom}, and loads them back with {@link ModelFile#loadWeights}.
   *
   * @param height face height in pixels
   * @param width face width in pixels
   * @param encoder builds the encoder: 1 × height × width images to codes
   * @param decoder builds the decoder: codes back to (at least) 1 × height × width
   * @return the new model
   */
  public static Autoencoder custom(
      int height, int width, Supplier<? extends Layer> encoder, Supplier<? extends Layer> decoder) {
    Layer enc = encoder.get();
    int code = enc.outputShape(new Shape(1, height, width)).size();
    return new Autoencoder(Architecture.CUSTOM, height, width, code, enc, decoder.get(),
        () -> custom(height, width, encoder, decoder));
  }

  /**
   * A new autoencoder with PyTorch's default initialisation drawn from {@code seed}; {@link
   * #study} and {@link #bottleneck} name the two.
   *
   * @param architecture which network to build
   * @param height face height in pixels
   * @param width face width in pixels
   * @param codeSize the bottleneck's code length; not used by {@link Architecture#STUDY}
   * @param seed seed of the initial weights
   * @return the new model
   * @throws IllegalArgumentException if the images are smaller than the receptive field or the code
   *     size is not positive for a bottleneck
   */
  public static Autoencoder create(
      Architecture architecture, int height, int width, int codeSize, long seed) {
    if (height < RECEPTIVE_FIELD || width < RECEPTIVE_FIELD) {
      throw new BadInputException(
          "images of " + height + "x" + width + " are smaller than the " + architecture.id()
              + " network's receptive field of " + RECEPTIVE_FIELD + "x" + RECEPTIVE_FIELD);
    }
    Init init = new Init(seed);
    // ReLU and Sigmoid are fused into the convolutions before them; the children keep the indices
    // they have in the PyTorch module, so parameter names match its state_dict.
    Conv2d conv1 = new Conv2d(1, HIDDEN1, 3, 2, 1, Activation.RELU).initialise(init);
    Conv2d conv2 = new Conv2d(HIDDEN1, HIDDEN2, 3, 2, 1, Activation.RELU).initialise(init);
    Shape feature = conv2.outputShape(conv1.outputShape(new Shape(1, height, width)));
    List<String> encNames = new ArrayList<>(List.of("0", "2"));
    List<Layer> enc = new ArrayList<>(List.of(conv1, conv2));
    List<String> decNames = new ArrayList<>();
    List<Layer> dec = new ArrayList<>();
    int code = feature.size();
    int next = 0;
    if (architecture == Architecture.BOTTLENECK) {
      if (codeSize < 1) {
        throw new InvalidParameterException("codeSize", "must be >= 1 for the bottleneck architecture, got " + codeSize);
      }
      encNames.addAll(List.of("4", "5"));
      enc.add(Reshape.flatten(feature));
      enc.add(new Linear(feature.size(), codeSize).initialise(init));
      decNames.addAll(List.of("0", "1", "2"));
      dec.add(new Linear(codeSize, feature.size()).initialise(init));
      dec.add(new ReLU());
      dec.add(new Reshape(feature));
      code = codeSize;
      next = 3;
    }
    decNames.addAll(List.of(Integer.toString(next), Integer.toString(next + 2)));
    dec.add(new ConvTranspose2d(HIDDEN2, HIDDEN1, 3, 2, 1, 1, Activation.RELU).initialise(init));
    dec.add(new ConvTranspose2d(HIDDEN1, 1, 3, 2, 1, 1, Activation.SIGMOID).initialise(init));
    if (architecture == Architecture.CUSTOM) {
      throw new BadInputException("a custom autoencoder is made with Autoencoder.custom, from its layers");
    }
    return new Autoencoder(
        architecture, height, width, code, Sequential.named(encNames, enc), Sequential.named(decNames, dec),
        () -> create(architecture, height, width, codeSize, seed));
  }

  /**
   * Trains a throwaway study model on a few images of the study's size, in rounds of one short
   * epoch and one evaluation, until the JIT has compiled what they run: until then the
   * Vector API runs interpreted, and the first epochs of the study's training took several times
   * as long as the later ones. Stops when the JIT's total compilation time has not grown for
   * {@link #WARM_UP_QUIET_MS} of such rounds, and after {@link #WARM_UP_MAX_MS} at most; on the
   * 2-core machine it ran to that limit. Call it while the images load; later calls in the same
   * JVM return at once. In a JVM that also runs NMF, call it before {@link
   * io.facerecon.linalg.Blas#warmUp} or a fit: compiled after the product kernels had run, the
   * convolution kernels' stores lost the Vector API's intrinsics (see {@link
   * io.facerecon.linalg.VectorSupport}).
   *
   * @return the seconds it took
   */
  public static double warmUp() {
    return warmUp(() -> true);
  }

  /**
   * As {@link #warmUp()}, but also stops after the round in which {@code worthIt} turns false: for
   * a warm-up beside the loading of the images, which is worth its cores only until they are
   * loaded (the training's first epoch then finishes the compilation on real work).
   *
   * @param worthIt whether to start another round, such as "the images are still loading"
   * @return the seconds it took
   */
  public static synchronized double warmUp(BooleanSupplier worthIt) {
    if (warmedUp) {
      return 0;
    }
    warmedUp = true;
    long start = System.nanoTime();
    Autoencoder model = create(Architecture.STUDY, WARM_UP_HEIGHT, WARM_UP_WIDTH, 0, 0);
    Tensor x = Tensor.zeros(WARM_UP_IMAGES, model.imageShape());
    for (int i = 0; i < x.size(); i++) {
      x.set(i, (i % 7) / 7f);
    }
    Trainer trainer = new Trainer(model, Trainer.Options.defaults().withEpochs(1).withBatchSize(16),
        TrainingListener.NONE);
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    long compiled = -1;
    long quietSince = start;
    long now = start;
    while (now - quietSince < WARM_UP_QUIET_MS * 1_000_000L && now - start < WARM_UP_MAX_MS * 1_000_000L
        && worthIt.getAsBoolean()) {
      trainer.fit(x);
      model.meanSquaredError(x);
      now = System.nanoTime();
      long total = jit.getTotalCompilationTime();
      if (total != compiled) {
        compiled = total;
        quietSince = now;
      }
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /**
   * The architecture.
   *
   * @return the architecture
   */
  public Architecture architecture() {
    return architecture;
  }

  /**
   * Image height the model was built for.
   *
   * @return the height in pixels
   */
  public int height() {
    return height;
  }

  /**
   * Image width the model was built for.
   *
   * @return the width in pixels
   */
  public int width() {
    return width;
  }

  /**
   * The shape of one input image, 1 × height × width.
   *
   * @return the input shape
   */
  public Shape imageShape() {
    return new Shape(1, height, width);
  }

  /**
   * Values in the code of one image (the encoder's output size).
   *
   * @return the code size
   */
  public int codeSize() {
    return codeSize;
  }

  /**
   * The whole network: encoder, decoder, crop.
   *
   * @return the network
   */
  public Layer network() {
    return network;
  }

  /**
   * The encoder alone.
   *
   * @return the encoder
   */
  public Layer encoder() {
    return encoder;
  }

  /**
   * All trainable parameters, named as in PyTorch's {@code state_dict}.
   *
   * @return the parameters
   */
  public List<Parameter> parameters() {
    return network.parameters();
  }

  /**
   * Number of trainable values.
   *
   * @return the number of trainable values
   */
  public long parameterCount() {
    return parameters().stream().mapToLong(Parameter::size).sum();
  }

  /**
   * Checks that {@code images} are single-channel images of this model's size.
   *
   * @param images the tensor to check
   * @param what names the images in the error message
   */
  public void requireImages(Tensor images, String what) {
    requireShape(images.shape(), what);
  }

  /**
   * Checks that the images of {@code images} are of this model's size.
   *
   * @param images the stream to check
   * @param what names the images in the error message
   */
  public void requireImages(FaceStream images, String what) {
    requireShape(new Shape(1, images.height(), images.width()), what);
  }

  private void requireShape(Shape shape, String what) {
    if (!shape.equals(imageShape())) {
      throw new BadInputException(
          what + " are " + shape + " (channels x height x width) but the model was made for "
              + imageShape());
    }
  }

  /** One replica per thread of the parallel pool, made when first needed. */
  Replicas replicas() {
    if (replicas == null || replicas.count() != Parallel.threads()) {
      replicas = new Replicas(this, Parallel.threads());
    }
    return replicas;
  }

  /** A network of the same shape as this one, for a replica on another thread. */
  Autoencoder sameShape() {
    return sameShape.get();
  }

  /**
   * Trains this model on the faces with MSELoss and Adam, as {@link Trainer} does, without
   * validation or checkpoints.
   *
   * @param faces the training faces, of this model's size
   * @param options the training settings
   * @return the training history
   * @throws TrainingDivergedException if the loss becomes NaN or infinite
   */
  public TrainingResult train(FaceSet faces, Trainer.Options options) {
    return new Trainer(this, options, TrainingListener.NONE).fit(Tensor.images(faces));
  }

  /**
   * The faces as this model reconstructs them: one row per face, as {@link FaceSet#pixels()}.
   *
   * @param faces faces of this model's size
   * @return the reconstructions, one row per face
   * @throws BadInputException if the faces are not of this model's size
   */
  public FloatMatrix reconstruct(FaceSet faces) {
    return reconstruct(Tensor.images(faces)).matrix();
  }

  /**
   * The faces' codes: one row of {@link #codeSize()} values per face.
   *
   * @param faces faces of this model's size
   * @return the codes, one row per face
   */
  public FloatMatrix encode(FaceSet faces) {
    return encode(Tensor.images(faces)).matrix();
  }

  /**
   * The reconstructions of {@code images}, in a new tensor (evaluation: no training state).
   *
   * @param images images of this model's size
   * @return the reconstructions
   */
  public Tensor reconstruct(Tensor images) {
    requireImages(images, "images");
    return reconstruct(images, Tensor.zeros(images.n(), imageShape()));
  }

  /**
   * The reconstructions of {@code images}, written into {@code out} (as many images, of this
   * model's size), which is returned. For callers that reconstruct batch after batch: a new
   * off-heap tensor is zeroed page by page, and on a machine where every new page faults in, that
   * took as long as the forward pass itself.
   *
   * @param images images of this model's size
   * @param out receives the reconstructions
   * @return {@code out}
   * @throws IllegalArgumentException if the images or {@code out} do not fit the model
   */
  public Tensor reconstruct(Tensor images, Tensor out) {
    requireImages(images, "images");
    requireImages(out, "outputs");
    if (out.n() != images.n()) {
      throw new BadInputException(out.n() + " outputs for " + images.n() + " images");
    }
    replicas().runChunks(images.n(), (r, model, loss, from, to) ->
        out.samples(from, to).matrix().copyFrom(model.network.forward(images.samples(from, to)).matrix()));
    requireFinite(out, "reconstructions");
    return out;
  }

  /**
   * The codes of {@code images} (one row of {@link #codeSize()} values per image), in a new tensor.
   *
   * @param images images of this model's size
   * @return the codes
   */
  public Tensor encode(Tensor images) {
    requireImages(images, "images");
    Tensor out = Tensor.zeros(images.n(), encoder.outputShape(imageShape()));
    replicas().runChunks(images.n(), (r, model, loss, from, to) ->
        out.samples(from, to).matrix().copyFrom(model.encoder.forward(images.samples(from, to)).matrix()));
    requireFinite(out, "codes");
    return out;
  }

  /**
   * Mean squared reconstruction error over all pixels of {@code images} (PyTorch's MSELoss). The
   * sums of the chunks are added in order, so the result does not depend on the thread count.
   *
   * @param images images of this model's size
   * @return the mean squared error
   * @throws BadInputException if the error is not finite: the weights overflow float arithmetic
   */
  public double meanSquaredError(Tensor images) {
    double mse = meanSquaredErrorUnchecked(images);
    if (!Double.isFinite(mse)) {
      throw notFinite("reconstruction error is " + mse);
    }
    return mse;
  }

  /**
   * {@link #meanSquaredError(Tensor)} of the images of a stream, read {@link #EVAL_BATCH} at a
   * time: the same number as for the same images in memory, bit for bit.
   *
   * @param images images of this model's size
   * @return the mean squared error
   * @throws BadInputException if the error is not finite, or the stream finds bad input
   * @throws IOException if the stream cannot be read
   */
  public double meanSquaredError(FaceStream images) throws IOException {
    requireImages(images, "images");
    double mse;
    try (BatchReader reader = new BatchReader(images, imageShape(), false)) {
      mse = meanSquaredErrorUnchecked(reader);
    }
    if (!Double.isFinite(mse)) {
      throw notFinite("reconstruction error is " + mse);
    }
    return mse;
  }

  /** {@link #meanSquaredError}, NaN or infinite as it comes, for the trainer's own checks. */
  double meanSquaredErrorUnchecked(Tensor images) {
    requireImages(images, "images");
    return addSumsOfSquares(images, 0) / images.size();
  }

  /** The unchecked error of the images {@code reader} reads, in one pass in the stream's order. */
  double meanSquaredErrorUnchecked(BatchReader reader) throws IOException {
    double sum = 0;
    long values = 0;
    for (int b = 0, batches = reader.start(null, EVAL_BATCH); b < batches; b++) {
      Tensor batch = reader.next();
      sum = addSumsOfSquares(batch, sum);
      values += batch.size();
    }
    return sum / values;
  }

  /**
   * {@code sum} plus the squared reconstruction errors of {@code images}, summed per chunk and the
   * chunks added in order, so the result does not depend on the thread count.
   */
  private double addSumsOfSquares(Tensor images, double sum) {
    double[] sums = new double[Replicas.chunksFor(images.n())];
    replicas().runChunks(images.n(), (r, model, loss, from, to) -> {
      Tensor x = images.samples(from, to);
      sums[from / Replicas.CHUNK] = MSELoss.sumOfSquares(model.network.forward(x), x);
    });
    for (double v : sums) {
      sum += v;
    }
    return sum;
  }

  /** Refuses outputs that hold NaN or infinity: they are never handed on. */
  private void requireFinite(Tensor out, String what) {
    for (int i = 0, n = out.size(); i < n; i++) {
      if (!Float.isFinite(out.get(i))) {
        throw notFinite(what + " hold " + out.get(i));
      }
    }
  }

  private BadInputException notFinite(String what) {
    float largest = 0;
    for (Parameter p : parameters()) {
      for (int i = 0, n = p.value().size(); i < n; i++) {
        largest = Math.max(largest, Math.abs(p.value().get(i)));
      }
    }
    return new BadInputException("the autoencoder's " + what + ": its weights (largest magnitude " + largest + ") are not finite or too large for float"
        + " arithmetic, as after a training that diverged");
  }
}
