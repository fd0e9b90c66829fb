package io.facerecon.data;

import io.facerecon.io.BadInputException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facerecon.testing.TestData;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {

  @Test
  void decodesPngGrayExactly() throws Exception {
    BufferedImage image = SyntheticImages.gray(7, 5, 1);
    DecodedImage d = ImageDecoder.decode(SyntheticImages.encode(image, "png"), "a.png");
    assertThat(d.width()).isEqualTo(7);
    assertThat(d.height()).isEqualTo(5);
    assertThat(d.channels()).isEqualTo(1);
    for (int y = 0; y < 5; y++) {
      for (int x = 0; x < 7; x++) {
        assertThat(d.planes()[0][y * 7 + x] & 0xff).isEqualTo(image.getRaster().getSample(x, y, 0));
      }
    }
  }

  /** Images of one size share the decoder's destination: earlier results must keep their pixels. */
  @Test
  void imagesOfOneSizeDecodedInTurnKeepTheirOwnPixels() throws Exception {
    for (boolean color : new boolean[] {false, true}) {
      BufferedImage first = color ? SyntheticImages.rgb(9, 6, 3) : SyntheticImages.gray(9, 6, 3);
      BufferedImage second = color ? SyntheticImages.rgb(9, 6, 4) : SyntheticImages.gray(9, 6, 4);
      DecodedImage a = ImageDecoder.decode(SyntheticImages.encode(first, "png"), "a.png");
      byte[][] before = {a.planes()[0].clone(), a.planes()[a.channels() - 1].clone()};
      DecodedImage b = ImageDecoder.decode(SyntheticImages.encode(second, "png"), "b.png");
      DecodedImage c = ImageDecoder.decode(SyntheticImages.encode(second, "png"), "c.png");
      assertThat(a.planes()[0]).as("color %s", color).containsExactly(before[0]);
      assertThat(a.planes()[a.channels() - 1]).containsExactly(before[1]);
      assertThat(b.planes()[0]).isNotEqualTo(a.planes()[0]).containsExactly(c.planes()[0]);
      assertThat(b.planes()[0][10] & 0xff).isEqualTo(second.getRaster().getSample(1, 1, 0));
    }
  }

  @Test
  void decodesPngRgbAsRgbPlanes() throws Exception {
    BufferedImage image = SyntheticImages.rgb(4, 3, 2);
    DecodedImage d = ImageDecoder.decode(SyntheticImages.encode(image, "png"), "a.png");
    assertThat(d.channels()).isEqualTo(3);
    // TYPE_3BYTE_BGR rasters still number their bands R, G, B.
    assertThat(d.planes()[0][5] & 0xff).isEqualTo(image.getRaster().getSample(1, 1, 0));
    assertThat(d.planes()[2][5] & 0xff).isEqualTo(image.getRaster().getSample(1, 1, 2));
  }

  @Test
  void decodesBinaryPgmAndPpm() throws Exception {
    byte[] gray = {0, 10, (byte) 200, (byte) 255, 1, 2};
    DecodedImage g = ImageDecoder.decode(SyntheticImages.pnm(false, 3, 2, gray), "a.pgm");
    assertThat(g.channels()).isEqualTo(1);
    assertThat(g.planes()[0]).containsExactly(gray);

    byte[] rgb = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    DecodedImage c = ImageDecoder.decode(SyntheticImages.pnm(true, 2, 2, rgb), "a.ppm");
    assertThat(c.channels()).isEqualTo(3);
    assertThat(c.planes()[0]).containsExactly(1, 4, 7, 10);
    assertThat(c.planes()[1]).containsExactly(2, 5, 8, 11);
    assertThat(c.planes()[2]).containsExactly(3, 6, 9, 12);
  }

  @Test
  void decodesPlainPgm() throws Exception {
    int[] samples = {0, 128, 255, 7};
    DecodedImage g = ImageDecoder.decode(SyntheticImages.plainPgm(2, 2, 255, samples), "a.pgm");
    assertThat(g.planes()[0]).containsExactly(0, (byte) 128, (byte) 255, 7);
  }

  @Test
  void sixteenBitPgmIsScaledByItsMaximum() throws Exception {
    int[] samples = {0, 65535, 32768, 257};
    DecodedImage g = ImageDecoder.decode(SyntheticImages.pgm16(2, 2, 65535, samples), "deep.pgm");
    int[] levels = new int[4];
    for (int i = 0; i < 4; i++) {
      levels[i] = g.planes()[0][i] & 0xff;
    }
    assertThat(levels).containsExactly(0, 255, 128, 1);

    DecodedImage odd = ImageDecoder.decode(SyntheticImages.pgm16(2, 2, 1000, new int[] {0, 1000, 200, 4}), "odd.pgm");
    assertThat(odd.planes()[0]).containsExactly(0, (byte) 255, 51, 1);
    DecodedImage shallow = ImageDecoder.decode(SyntheticImages.plainPgm(2, 2, 15, new int[] {0, 15, 7, 1}), "low.pgm");
    assertThat(shallow.planes()[0]).containsExactly(0, (byte) 255, 119, 17);
  }

  @Test
  void regionDecodeEqualsCropOfFullDecode() throws Exception {
    byte[] jpeg = SyntheticImages.encode(SyntheticImages.gray(250, 250, 3), "jpg");
    assertSameAsCrop(jpeg, "synthetic.jpg");
    byte[] rgbJpeg = SyntheticImages.encode(SyntheticImages.rgb(250, 250, 4), "jpg");
    assertSameAsCrop(rgbJpeg, "synthetic-rgb.jpg");
  }

  @Test
  void regionDecodeEqualsCropOfFullDecodeOnLfw() throws Exception {
    Path dir = TestData.lfwRoot().resolve("Tony_Blair");
    for (int k = 1; k <= 20; k++) {
      Path file = dir.resolve(String.format("Tony_Blair_%04d.jpg", k));
      assertSameAsCrop(Files.readAllBytes(file), file.toString());
    }
  }

  private static void assertSameAsCrop(byte[] bytes, String name) {
    DecodedImage full = ImageDecoder.decode(bytes, name);
    Rectangle box = new Rectangle(78, 70, 94, 125);
    DecodedImage part = ImageDecoder.decode(bytes, name, (w, h) -> box);
    DecodedImage crop = full.crop(78, 70, 172, 195);
    assertThat(part.width()).isEqualTo(94);
    assertThat(part.height()).isEqualTo(125);
    assertThat(part.channels()).isEqualTo(full.channels());
    for (int c = 0; c < full.channels(); c++) {
      assertThat(Arrays.equals(part.planes()[c], crop.planes()[c])).as(name + " channel " + c).isTrue();
    }
  }

  @Test
  void theRegionSeesTheImageSizeAndMayRejectIt() throws Exception {
    byte[] png = SyntheticImages.encode(SyntheticImages.gray(30, 20, 5), "png");
    ImageDecoder.Region faceBox = (w, h) -> LfwPreprocessing.faceBox(w, h, "small.png");
    assertThatThrownBy(() -> ImageDecoder.decode(png, "small.png", faceBox))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("small.png: image is 20x30");
    ImageDecoder.Region outside = (w, h) -> new Rectangle(10, 0, 21, 20);
    assertThatThrownBy(() -> ImageDecoder.decode(png, "small.png", outside))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("does not lie inside the 30x20 image small.png");
  }

  @Test
  void aByteArrayStreamReadsLikeAFile() throws Exception {
    byte[] bytes = {1, 2, 3, 4, 5};
    try (ByteArrayImageStream in = new ByteArrayImageStream(bytes)) {
      assertThat(in.length()).isEqualTo(5);
      assertThat(in.read()).isEqualTo(1);
      byte[] buf = new byte[8];
      assertThat(in.read(buf, 1, 8 - 1)).isEqualTo(4);
      assertThat(Arrays.copyOfRange(buf, 1, 5)).containsExactly(2, 3, 4, 5);
      assertThat(in.read(buf, 0, 1)).isEqualTo(-1);
      assertThat(in.read()).isEqualTo(-1);
      in.seek(3);
      assertThat(in.read()).isEqualTo(4);
      assertThat(in.read(buf, 0, 0)).isZero();
    }
  }

  @Test
  void truncatedJpegIsAnErrorNamingTheImage() throws Exception {
    byte[] jpeg = SyntheticImages.encode(SyntheticImages.gray(64, 64, 6), "jpg");
    byte[] cut = Arrays.copyOf(jpeg, jpeg.length / 2);
    assertThatThrownBy(() -> ImageDecoder.decode(cut, "people/cut.jpg"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("people/cut.jpg");
    // The reader kept for the next image still works after the failure.
    assertThat(ImageDecoder.decode(jpeg, "ok.jpg").width()).isEqualTo(64);
  }

  @Test
  void unknownBytesAreAnError() {
    assertThatThrownBy(() -> ImageDecoder.decode("not an image".getBytes(), "notes.jpg"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("notes.jpg")
        .hasMessageContaining("known format");
  }

  @Test
  void sizeReadsTheHeader() throws Exception {
    byte[] jpeg = SyntheticImages.encode(SyntheticImages.gray(40, 30, 7), "jpg");
    assertThat(ImageDecoder.size(jpeg, "a.jpg")).containsExactly(40, 30);
  }
}
