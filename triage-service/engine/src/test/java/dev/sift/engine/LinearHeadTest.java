package dev.sift.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LinearHeadTest {

  private static final int DIM = 32;
  private static final long SEED = 3;

  @Test
  void learns_classes_that_live_in_different_directions() {
    Random r = new Random(SEED);
    String[] classes = {"Email", "Network", "Access"};
    int n = 600;
    float[][] x = new float[n][];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % classes.length;
      x[i] = sample(r, y[i]);
    }
    LinearHead head = LinearHead.train(x, y, classes, LinearHead.Params.DEFAULT, SEED);
    int right = 0;
    for (int i = 0; i < 300; i++) {
      int truth = i % classes.length;
      double[] p = head.probabilities(sample(r, truth));
      assertThat(java.util.Arrays.stream(p).sum()).isCloseTo(1.0, within(1e-9));
      int best = 0;
      for (int j = 1; j < p.length; j++) {
        best = p[j] > p[best] ? j : best;
      }
      right += best == truth ? 1 : 0;
    }
    assertThat(right / 300.0).isGreaterThan(0.95);
  }

  @Test
  void training_is_deterministic_for_a_seed() {
    Random r = new Random(SEED);
    float[][] x = new float[90][];
    int[] y = new int[90];
    for (int i = 0; i < 90; i++) {
      y[i] = i % 2;
      x[i] = sample(r, y[i]);
    }
    String[] classes = {"a", "b"};
    LinearHead first = LinearHead.train(x, y, classes, LinearHead.Params.DEFAULT, SEED);
    LinearHead second = LinearHead.train(x, y, classes, LinearHead.Params.DEFAULT, SEED);
    assertThat(first.weights()).containsExactly(second.weights());
  }

  /** A noisy unit vector around the axis of its class. */
  private static float[] sample(Random r, int cls) {
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) (r.nextGaussian() * 0.3);
    }
    v[cls] += 1.0f;
    double norm = 0;
    for (float f : v) {
      norm += f * f;
    }
    for (int i = 0; i < DIM; i++) {
      v[i] /= (float) Math.sqrt(norm);
    }
    return v;
  }
}
