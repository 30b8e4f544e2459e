package dev.sift.embedding.internal;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Map;
import java.util.Set;

/**
 * Runs one padded batch through a shared ONNX session and pools the output into unit vectors. Safe
 * for concurrent use: ONNX Runtime sessions accept concurrent runs, and each thread fills input
 * buffers of its own.
 */
public final class BatchRunner {

  private final OrtEnvironment env;
  private final OrtSession session;
  private final boolean needsTokenTypes;
  private final String outputName;
  private final boolean cls;

  /**
   * Direct buffers handed to ONNX Runtime without a copy, grown as needed and reused by each worker
   * thread.
   */
  private final ThreadLocal<Inputs> inputs = ThreadLocal.withInitial(Inputs::new);

  public BatchRunner(OrtEnvironment env, OrtSession session, boolean cls) throws OrtException {
    this.env = env;
    this.session = session;
    this.cls = cls;
    this.needsTokenTypes = session.getInputNames().contains("token_type_ids");
    this.outputName =
        session.getOutputNames().contains("last_hidden_state")
            ? "last_hidden_state"
            : session.getOutputNames().iterator().next();
  }

  /** Embeds {@code encodings[batch[i]]} into {@code out[batch[i]]}. */
  public void run(Encoding[] encodings, int[] batch, float[][] out) throws OrtException {
    int seq = 0;
    for (int idx : batch) {
      seq = Math.max(seq, encodings[idx].getIds().length);
    }
    int n = batch.length;
    Inputs in = inputs.get();
    in.fill(encodings, batch, seq);
    long[] shape = {n, seq};
    try (OnnxTensor tIds = OnnxTensor.createTensor(env, in.ids, shape);
        OnnxTensor tMask = OnnxTensor.createTensor(env, in.mask, shape);
        OnnxTensor tTypes = OnnxTensor.createTensor(env, in.types, shape)) {
      Map<String, OnnxTensor> feed =
          needsTokenTypes
              ? Map.of("input_ids", tIds, "attention_mask", tMask, "token_type_ids", tTypes)
              : Map.of("input_ids", tIds, "attention_mask", tMask);
      try (OrtSession.Result result = session.run(feed, Set.of(outputName))) {
        OnnxTensor hidden = (OnnxTensor) result.get(0);
        long[] hs = hidden.getInfo().getShape();
        int dim = (int) hs[hs.length - 1];
        FloatBuffer buf = hidden.getFloatBuffer();
        float[] scratch = new float[dim];
        for (int row = 0; row < n; row++) {
          int idx = batch[row];
          float[] v =
              hs.length == 2
                  ? Pool.row(buf, row, dim)
                  : Pool.tokens(buf, row, seq, dim, encodings[idx].getIds().length, cls, scratch);
          out[idx] = Pool.normalise(v);
        }
      }
    }
  }

  private static final class Inputs {
    private static final int INITIAL_TOKENS = 4096;
    private LongBuffer ids = allocate(INITIAL_TOKENS);
    private LongBuffer mask = allocate(INITIAL_TOKENS);
    private LongBuffer types = allocate(INITIAL_TOKENS);

    void fill(Encoding[] encodings, int[] batch, int seq) {
      int size = batch.length * seq;
      if (ids.capacity() < size) {
        ids = allocate(size);
        mask = allocate(size);
        types = allocate(size);
      }
      ids.clear();
      mask.clear();
      types.clear();
      for (int idx : batch) {
        long[] rowIds = encodings[idx].getIds();
        ids.put(rowIds);
        for (int t = 0; t < seq; t++) {
          mask.put(t < rowIds.length ? 1L : 0L);
          types.put(0L);
        }
        for (int t = rowIds.length; t < seq; t++) {
          ids.put(0L);
        }
      }
      ids.flip();
      mask.flip();
      types.flip();
    }

    private static LongBuffer allocate(int longs) {
      return ByteBuffer.allocateDirect(longs * Long.BYTES)
          .order(ByteOrder.nativeOrder())
          .asLongBuffer();
    }
  }
}
