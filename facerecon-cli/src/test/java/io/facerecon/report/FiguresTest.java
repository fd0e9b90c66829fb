package io.facerecon.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FiguresTest {
  @Test
  void numbersPrintForReadersAndExactlyForFiles() {
    assertThat(Figures.psnr(27.0712)).isEqualTo("27.07");
    assertThat(Figures.psnr(Double.POSITIVE_INFINITY)).isEqualTo("inf");
    assertThat(Figures.ssim(0.75019)).isEqualTo("0.7502");
    assertThat(Figures.mse(0.0019634)).isEqualTo("0.00196");
    assertThat(Figures.mse(0)).isEqualTo("0");
    assertThat(Figures.seconds(0.0034812)).isEqualTo("0.00348");
    assertThat(Figures.seconds(12.345)).isEqualTo("12.3");
    assertThat(Figures.seconds(1234.5)).isEqualTo("1235");
    assertThat(Figures.ratio(97.13)).isEqualTo("97.1");
    assertThat(Figures.count(87420)).isEqualTo("87,420");
    assertThat(Figures.exact(0.1)).isEqualTo("0.1");
    assertThat(Figures.exact(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
    assertThat(Double.parseDouble(Figures.exact(1.0 / 3))).isEqualTo(1.0 / 3);
  }
}
