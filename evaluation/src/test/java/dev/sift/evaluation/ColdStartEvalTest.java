package dev.sift.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ColdStartEvalTest {

  @Test
  void logistic_fit_recovers_the_parameters_that_generated_the_outcomes() {
    double a = -1.0;
    double b = 12.0;
    Random random = new Random(42);
    int n = 20_000;
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = random.nextDouble() * 0.25;
      y[i] = random.nextDouble() < 1 / (1 + Math.exp(-(a + b * x[i]))) ? 1 : 0;
    }

    double[] fit = ColdStartEval.logistic(x, y);

    assertThat(fit[0]).isCloseTo(a, within(0.15));
    assertThat(fit[1]).isCloseTo(b, within(1.0));
  }
}
