package dev.sift.index.pgvector;

import dev.sift.index.Entry;
import dev.sift.index.Hit;
import dev.sift.index.Payload;
import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Converts between rows of {@code sift_ticket} and the index's records. */
final class Rows {

  /** vector_send's header: int16 dimension, int16 unused. */
  private static final int VECTOR_HEADER_BYTES = 4;

  private Rows() {}

  /** PostgreSQL text and jsonb cannot hold NUL characters; they carry no meaning in ticket text. */
  static String clean(String s) {
    return s.indexOf('\0') < 0 ? s : s.replace("\0", "");
  }

  static Hit hit(ResultSet rs) throws SQLException {
    return new Hit(rs.getString("id"), rs.getFloat("score"), payload(rs));
  }

  /** Runs a search and reads its hits, best first as the statement orders them. */
  static List<Hit> hits(PreparedStatement ps) throws SQLException {
    List<Hit> hits = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        hits.add(hit(rs));
      }
    }
    return hits;
  }

  static Entry entry(ResultSet rs) throws SQLException {
    return new Entry(rs.getString("id"), vector(rs.getBytes("embedding")), payload(rs));
  }

  static float[] vector(byte[] binary) {
    ByteBuffer b = ByteBuffer.wrap(binary); // network order, as vector_send writes it
    int dimension = b.getShort();
    b.position(VECTOR_HEADER_BYTES);
    float[] v = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      v[i] = b.getFloat();
    }
    return v;
  }

  private static Payload payload(ResultSet rs) throws SQLException {
    return new Payload(rs.getString("text"), Json.parseObject(rs.getString("attributes")));
  }
}
