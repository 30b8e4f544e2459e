package dev.sift.index.pgvector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.index.Entry;
import dev.sift.index.Payload;
import dev.sift.index.TenantNames;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A ticket's vector is stored in its row, not in the TOAST table, when the row is too long for a
 * page's share: the text goes out of line instead, and an exact scan reads the vector with the row
 * rather than through the TOAST index (V6).
 */
class VectorStorageIT {

  private static final int DIM = 384; // all-MiniLM-L6-v2: 1,540 bytes, most of a 2 kB row
  private static final int TICKETS = 40;
  private static final long SEED = 7;

  /**
   * About 520 and 130 bytes that hardly compress: with the vector the row is over 2 kB, and the
   * vector is its largest value, the one PostgreSQL would move out of line first.
   */
  private static final int TEXT_WORDS = 40;

  private static final int ATTRIBUTE_WORDS = 10;

  /**
   * A vector as the TOAST table stores it: its two 2-byte fields and the floats (the varlena header
   * is not stored).
   */
  private static final int VECTOR_BYTES = 2 + 2 + 4 * DIM;

  @Test
  void a_row_too_long_for_its_page_share_moves_its_text_out_not_its_vector() throws SQLException {
    try (TestDatabase db = TestDatabase.create();
        PgVectorIndex index = PgVectorIndex.builder(db.dataSource(), DIM).build()) {
      Random r = new Random(SEED);
      index.upsertAll("direct", tickets(r, "d"));
      String staging = TenantNames.staging("imported", "job");
      index.upsertAll(staging, tickets(r, "i"));
      index.replaceTenant("imported", staging);

      assertThat(index.count("direct") + index.count("imported")).isEqualTo(2L * TICKETS);
      assertThat(toastedChunksOfSize(db, VECTOR_BYTES)).isZero();
      // The texts went out of line in their place.
      assertThat(toastedChunks(db)).isGreaterThanOrEqualTo(2L * TICKETS);
    }
  }

  private static List<Entry> tickets(Random r, String prefix) {
    List<Entry> out = new ArrayList<>();
    for (int i = 0; i < TICKETS; i++) {
      float[] v = new float[DIM];
      for (int d = 0; d < DIM; d++) {
        v[d] = (float) r.nextGaussian();
      }
      out.add(
          new Entry(
              prefix + i,
              unit(v),
              new Payload(
                  randomWords(r, TEXT_WORDS),
                  Map.of("category", randomWords(r, ATTRIBUTE_WORDS)))));
    }
    return out;
  }

  private static String randomWords(Random r, int words) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < words; i++) {
      b.append(Long.toString(r.nextLong() & Long.MAX_VALUE, Character.MAX_RADIX)).append(' ');
    }
    return b.toString();
  }

  private static float[] unit(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    for (int i = 0; i < v.length; i++) {
      v[i] /= (float) Math.sqrt(norm);
    }
    return v;
  }

  private static long toastedChunksOfSize(TestDatabase db, int bytes) throws SQLException {
    return count(db, "WHERE octet_length(chunk_data) = " + bytes);
  }

  private static long toastedChunks(TestDatabase db) throws SQLException {
    return count(db, "");
  }

  private static long count(TestDatabase db, String where) throws SQLException {
    try (var c = db.dataSource().getConnection();
        var st = c.createStatement()) {
      String toast;
      try (var rs =
          st.executeQuery(
              "SELECT reltoastrelid::regclass::text FROM pg_class WHERE relname = 'sift_ticket'")) {
        rs.next();
        toast = rs.getString(1);
      }
      try (var rs = st.executeQuery("SELECT count(*) FROM " + toast + " " + where)) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
