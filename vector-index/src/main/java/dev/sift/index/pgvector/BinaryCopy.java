package dev.sift.index.pgvector;

import dev.sift.index.Entry;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encodes entries in PostgreSQL's binary COPY format for the staging table (id, embedding, text,
 * attributes, doc_length, norm_length, tokens): no text parsing of 384 floats per row on the
 * server, and vectors arrive bit for bit.
 */
final class BinaryCopy {

  private static final byte[] SIGNATURE = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0
  };
  private static final int FIELDS = 7;

  /** Rows are sent in chunks of this size rather than one message per field. */
  private static final int BUFFER_BYTES = 1 << 16;

  private static final int END_OF_DATA = -1;

  /** jsonb's binary input starts with a format version byte. */
  private static final int JSONB_VERSION = 1;

  /** Bytes per float plus vector_recv's header (int16 dimension, int16 unused). */
  private static final int FLOAT_BYTES = Float.BYTES;

  private static final int VECTOR_HEADER_BYTES = 2 * Short.BYTES;

  private BinaryCopy() {}

  /** Writes the whole COPY stream, header to trailer; the caller closes {@code sink}. */
  static void write(List<Entry> entries, List<Analysed> analysed, OutputStream sink)
      throws IOException {
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(sink, BUFFER_BYTES));
    out.write(SIGNATURE);
    out.writeInt(0); // flags: no OIDs
    out.writeInt(0); // header extension length
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      Analysed a = analysed.get(i);
      out.writeShort(FIELDS);
      text(out, e.id());
      vector(out, e.vector());
      text(out, Rows.clean(e.payload().text()));
      byte[] json = Json.object(e.payload().attributes()).getBytes(StandardCharsets.UTF_8);
      out.writeInt(json.length + 1);
      out.writeByte(JSONB_VERSION);
      out.write(json);
      int4(out, a.length());
      int4(out, a.normLength());
      text(out, a.joined());
    }
    out.writeShort(END_OF_DATA);
    out.flush();
  }

  private static void text(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static void int4(DataOutputStream out, int value) throws IOException {
    out.writeInt(Integer.BYTES);
    out.writeInt(value);
  }

  private static void vector(DataOutputStream out, float[] v) throws IOException {
    out.writeInt(VECTOR_HEADER_BYTES + FLOAT_BYTES * v.length);
    out.writeShort(v.length);
    out.writeShort(0);
    for (float f : v) {
      out.writeFloat(f);
    }
  }
}
