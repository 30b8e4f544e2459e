package dev.sift.evaluation.backtest;

import dev.sift.data.LabelField;
import dev.sift.data.Ticket;
import dev.sift.embedding.TextPreparer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.classification.ClassificationResult;
import org.apache.lucene.classification.Classifier;
import org.apache.lucene.classification.KNearestNeighborClassifier;
import org.apache.lucene.classification.SimpleNaiveBayesClassifier;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * An independent peer from lucene-classification over the same prepared text as Sift: {@code
 * lucene-nb} ({@link SimpleNaiveBayesClassifier}) or {@code lucene-knn} ({@link
 * KNearestNeighborClassifier}, BM25, k = 10). Its confidence is the assigned class's score divided
 * by the sum of the scores of all classes it returned, so it lies in [0, 1] and ranks tickets for
 * the coverage metrics. Peers never abstain.
 */
final class LucenePeer implements Predictor {

  private static final String TEXT = "text";

  /** The peers' protocol in FINDINGS: BM25 kNN with k = 10. */
  private static final int KNN_K = 10;

  /** At MoreLikeThis' defaults (5 and 2) short tickets give empty queries (FINDINGS). */
  private static final int MLT_MIN_DOC_FREQ = 1;

  private static final int MLT_MIN_TERM_FREQ = 1;
  private static final int RANKED = 3;

  private final boolean knn;
  private final EnglishAnalyzer analyzer = new EnglishAnalyzer();
  private final ByteBuffersDirectory dir = new ByteBuffersDirectory();
  private final IndexWriter writer;
  private volatile DirectoryReader reader;
  private volatile Map<LabelField, Classifier<BytesRef>> classifiers = Map.of();

  LucenePeer(boolean knn) throws IOException {
    this.knn = knn;
    this.writer = new IndexWriter(dir, new IndexWriterConfig(analyzer));
  }

  @Override
  public String name() {
    return knn ? "lucene-knn" : "lucene-nb";
  }

  @Override
  public boolean supports(String field) {
    return LabelField.fromJsonName(field).isPresent();
  }

  @Override
  public void add(List<Ticket> tickets) throws IOException {
    for (Ticket t : tickets) {
      Document d = new Document();
      d.add(new TextField(TEXT, TextPreparer.prepare(t.subject(), t.body()), Field.Store.NO));
      for (LabelField f : LabelField.values()) {
        if (t.label(f) != null) {
          // Indexed for naive Bayes' term counts, stored for kNN, which reads the neighbours'
          // classes.
          d.add(new StringField(f.jsonName(), t.label(f), Field.Store.YES));
        }
      }
      writer.addDocument(d);
    }
    // The peers see each new ticket at once, as a production index would.
    refit();
  }

  @Override
  public synchronized void refit() throws IOException {
    DirectoryReader fresh =
        reader == null
            ? DirectoryReader.open(writer)
            : DirectoryReader.openIfChanged(reader, writer);
    if (fresh == null) {
      return;
    }
    DirectoryReader old = reader;
    reader = fresh;
    Map<LabelField, Classifier<BytesRef>> next = new EnumMap<>(LabelField.class);
    for (LabelField f : LabelField.values()) {
      if (MultiTerms.getTerms(fresh, f.jsonName()) != null) {
        next.put(
            f,
            knn
                ? new KNearestNeighborClassifier(
                    fresh,
                    new BM25Similarity(),
                    analyzer,
                    null,
                    KNN_K,
                    MLT_MIN_DOC_FREQ,
                    MLT_MIN_TERM_FREQ,
                    f.jsonName(),
                    TEXT)
                : new SimpleNaiveBayesClassifier(fresh, analyzer, null, f.jsonName(), TEXT));
      }
    }
    classifiers = next;
    if (old != null) {
      // Safe: the runner never adds history while predictions are running.
      old.close();
    }
  }

  @Override
  public Answer predict(Ticket t, float[] vector) {
    String text = TextPreparer.prepare(t.subject(), t.body());
    Map<LabelField, Guess> labels = new EnumMap<>(LabelField.class);
    classifiers.forEach(
        (f, c) -> {
          try {
            List<ClassificationResult<BytesRef>> classes = c.getClasses(text);
            if (classes == null || classes.isEmpty()) {
              return;
            }
            List<ClassificationResult<BytesRef>> sorted = new ArrayList<>(classes);
            // Ties by class name: the classifiers list classes in the order of a hash map of
            // BytesRef, whose hash seed Lucene picks at random per JVM, so tied classes came out in
            // a different order on every run.
            sorted.sort(
                Comparator.comparingDouble(ClassificationResult<BytesRef>::score)
                    .reversed()
                    .thenComparing(r -> r.assignedClass()));
            double sum = sorted.stream().mapToDouble(r -> Math.max(0, r.score())).sum();
            double top = Math.max(0, sorted.getFirst().score());
            List<String> ranked =
                sorted.stream().limit(RANKED).map(r -> r.assignedClass().utf8ToString()).toList();
            labels.put(f, new Guess(ranked.getFirst(), sum > 0 ? top / sum : 0, false, ranked));
          } catch (IOException e) {
            throw new UncheckedIOException(
                "lucene peer " + name() + " failed on ticket " + t.id(), e);
          }
        });
    return new Answer(labels, null);
  }

  @Override
  public void close() throws IOException {
    if (reader != null) {
      reader.close();
    }
    writer.close();
    dir.close();
  }
}
