package dev.sift.index.lucene;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * Where a tenant's Lucene directory still holds a word, deleted documents included: stored fields
 * (compressed on disk, so a byte search would miss them), indexed terms, and files that no commit
 * references any more.
 */
public final class RetainedText {

  /**
   * Terms are stemmed ("quillfeather" is indexed as "quillfeath"), so they are matched on a prefix
   * this long.
   */
  private static final int TERM_PREFIX = 8;

  private static final String WRITE_LOCK = "write.lock";

  private RetainedText() {}

  /**
   * Descriptions of every place the directory still holds the word; empty when it holds it nowhere.
   */
  public static List<String> find(Path tenantDir, String word) throws IOException {
    String needle = word.toLowerCase(Locale.ROOT);
    String termPrefix = needle.substring(0, Math.min(TERM_PREFIX, needle.length()));
    List<String> found = new ArrayList<>();
    try (Directory dir = FSDirectory.open(tenantDir)) {
      SegmentInfos latest = SegmentInfos.readLatestCommit(dir);
      Set<String> referenced = new HashSet<>(latest.files(true));
      for (String file : dir.listAll()) {
        if (!referenced.contains(file) && !file.equals(WRITE_LOCK)) {
          found.add("file " + file + " outside the latest commit");
        }
      }
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        for (LeafReaderContext leaf : reader.leaves()) {
          LeafReader r = leaf.reader();
          // Every document up to maxDoc: deleted ones stay readable until their segment is
          // rewritten.
          for (int doc = 0; doc < r.maxDoc(); doc++) {
            Document d = r.storedFields().document(doc);
            for (IndexableField f : d.getFields()) {
              String value = f.stringValue();
              if (value != null && value.toLowerCase(Locale.ROOT).contains(needle)) {
                found.add("stored field " + f.name() + " of document " + doc + " in " + r);
              }
            }
          }
          for (FieldInfo fi : r.getFieldInfos()) {
            Terms terms = r.terms(fi.name);
            if (terms == null) {
              continue;
            }
            TermsEnum te = terms.iterator();
            for (BytesRef t = te.next(); t != null; t = te.next()) {
              if (t.utf8ToString().contains(termPrefix)) {
                found.add("term " + t.utf8ToString() + " of field " + fi.name + " in " + r);
              }
            }
          }
        }
      }
    }
    return found;
  }

  /** How many segments the directory's latest commit has. */
  public static int segments(Path tenantDir) throws IOException {
    try (Directory dir = FSDirectory.open(tenantDir)) {
      return SegmentInfos.readLatestCommit(dir).size();
    }
  }
}
