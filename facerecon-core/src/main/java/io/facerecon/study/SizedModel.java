package io.facerecon.study;

/** A {@link SavedModel} whose image size and code size are fixed when it is loaded. */
abstract class SizedModel implements SavedModel {
  private final int height;
  private final int width;
  private final int codeSize;

  SizedModel(int height, int width, int codeSize) {
    this.height = height;
    this.width = width;
    this.codeSize = codeSize;
  }

  @Override
  public final int height() {
    return height;
  }

  @Override
  public final int width() {
    return width;
  }

  @Override
  public final int codeSize() {
    return codeSize;
  }
}
