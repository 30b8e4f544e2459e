package dev.sift.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sift.data.LabelField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The lexical head on small synthetic desks: features, training, storage and cross-fitting. */
class LexicalHeadTest {

  /** Fixed, so the synthetic desks are the same on every run. */
  private static final long SEED = 11;

  /** Spanish access requests and French printer incidents: no word in common, accents included. */
  private static final String[] ACCESS = {
    "contraseña", "clave", "bloqueó", "sesión", "acceso", "usuario", "cuenta"
  };

  private static final String[] PRINTER = {
    "imprimante", "bourrée", "papier", "réseau", "toner", "numériser", "scanner"
  };

  @Test
  void the_same_text_always_gives_the_same_features() {
    String text = "La contraseña de mi cuenta se bloqueó otra vez";
    LexicalFeatures.Doc a = LexicalFeatures.extract(text, "req_0042");
    LexicalFeatures.Doc b = LexicalFeatures.extract(text, "req_0042");
    assertThat(a.buckets()).containsExactly(b.buckets());
    assertThat(a.counts()).containsExactly(b.counts());
    assertThat(a.buckets()).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void case_and_accents_do_not_change_the_features() {
    LexicalFeatures.Doc accented = LexicalFeatures.extract("Réinitialiser la CONTRASEÑA", null);
    LexicalFeatures.Doc plain = LexicalFeatures.extract("reinitialiser la contrasena", null);
    assertThat(accented.buckets()).containsExactly(plain.buckets());
  }

  @Test
  void every_bucket_lies_inside_its_block() {
    LexicalFeatures.Doc doc =
        LexicalFeatures.extract("VPN cae cada 5 minutos; l'imprimante est bourrée", "req_7");
    int[] perBlock = new int[LexicalFeatures.BLOCKS];
    for (int bucket : doc.buckets()) {
      int block = LexicalFeatures.Doc.block(bucket);
      assertThat(block).isBetween(0, LexicalFeatures.BLOCKS - 1);
      assertThat(bucket & ((1 << LexicalFeatures.HASH_BITS) - 1))
          .isLessThan(1 << LexicalFeatures.HASH_BITS);
      perBlock[block]++;
    }
    // word unigrams and bigrams, character n-grams, and exactly one requester feature
    assertThat(perBlock[LexicalFeatures.BLOCK_WORD]).isGreaterThan(10);
    assertThat(perBlock[LexicalFeatures.BLOCK_CHAR])
        .isGreaterThan(perBlock[LexicalFeatures.BLOCK_WORD]);
    assertThat(perBlock[LexicalFeatures.BLOCK_REQUESTER]).isEqualTo(1);
  }

  @Test
  void text_beyond_the_limit_adds_no_features() {
    String head = "error de conexión ".repeat(LexicalFeatures.MAX_TEXT_CHARS / 18 + 1);
    LexicalFeatures.Doc cut = LexicalFeatures.extract(head, null);
    LexicalFeatures.Doc longer =
        LexicalFeatures.extract(head + " ".repeat(10) + "zzyzx quux", null);
    assertThat(longer.buckets()).containsExactly(cut.buckets());
  }

  @Test
  void separates_spanish_access_requests_from_french_printer_incidents() {
    Random r = new Random(SEED);
    List<LexicalFeatures.Doc> docs = new ArrayList<>();
    int[] y = new int[200];
    for (int i = 0; i < y.length; i++) {
      y[i] = i % 2;
      docs.add(LexicalFeatures.extract(sentence(r, y[i] == 0 ? ACCESS : PRINTER), null));
    }
    LexicalHead head =
        LexicalTrainer.train(
            docs, y, new String[] {"Accesos", "Impressions"}, LexicalTrainer.Params.DEFAULT, SEED);
    // unseen sentences, written without accents
    double[] access =
        head.probabilities(
            LexicalFeatures.extract("olvide mi contrasena y la cuenta se bloqueo", null));
    double[] printer =
        head.probabilities(
            LexicalFeatures.extract("l'imprimante reseau a un bourrage papier", null));
    assertThat(Arrays.stream(access).sum()).isCloseTo(1.0, within(1e-9));
    assertThat(access[0]).isGreaterThan(0.9);
    assertThat(printer[1]).isGreaterThan(0.9);
  }

  @Test
  void training_is_deterministic_for_a_seed() {
    List<HeadTrainer.Example> examples = desk(120);
    LexicalHead first =
        HeadTrainer.trainLexical(
            examples, LabelField.CATEGORY, Set.of(), LexicalHeadTest::features);
    LexicalHead second =
        HeadTrainer.trainLexical(
            examples, LabelField.CATEGORY, Set.of(), LexicalHeadTest::features);
    assertThat(first.features()).containsExactly(second.features());
    assertThat(first.weights()).containsExactly(second.weights());
  }

  @Test
  void storage_keeps_at_most_the_budget_of_weights() {
    List<HeadTrainer.Example> examples = desk(400);
    Map<String, Integer> index = Map.of("Accesos", 0, "Impressions", 1);
    List<LexicalFeatures.Doc> docs = examples.stream().map(LexicalHeadTest::features).toList();
    int[] y =
        examples.stream().mapToInt(e -> index.get(e.labels().get(LabelField.CATEGORY))).toArray();
    LexicalTrainer.Params p = LexicalTrainer.Params.DEFAULT;
    int budget = 150;
    LexicalHead small =
        LexicalTrainer.train(
            docs,
            y,
            new String[] {"Accesos", "Impressions"},
            new LexicalTrainer.Params(
                p.epochs(), p.learningRate(), p.l2(), p.minDocuments(), p.maxWeights(), budget),
            SEED);
    LexicalHead full =
        LexicalTrainer.train(docs, y, new String[] {"Accesos", "Impressions"}, p, SEED);
    assertThat(full.weightCount()).isGreaterThan(budget);
    assertThat(small.weightCount()).isLessThanOrEqualTo(budget).isGreaterThan(budget / 2);
    // the largest weights still tell the classes apart
    assertThat(small.probabilities(LexicalFeatures.extract(String.join(" ", ACCESS), null))[0])
        .isGreaterThan(0.8);
    assertThat(small.probabilities(LexicalFeatures.extract(String.join(" ", PRINTER), null))[1])
        .isGreaterThan(0.8);
  }

  @Test
  void a_field_model_with_a_lexical_head_survives_a_json_round_trip() {
    LexicalHead head =
        HeadTrainer.trainLexical(
            desk(120), LabelField.CATEGORY, Set.of(), LexicalHeadTest::features);
    FieldFit fit =
        new FieldFit(
            Map.of("Accesos", 60L, "Impressions", 60L),
            IsotonicCalibrator.identity(),
            0.9,
            FieldFit.BacktestSummary.NONE,
            null,
            head,
            0.5);
    JsonMapper json = JsonMapper.builder().build();
    String text = json.writeValueAsString(fit);
    FieldFit back = json.readValue(text, FieldFit.class);

    LexicalFeatures.Doc doc = LexicalFeatures.extract("imprimante bourrée", null);
    assertThat(back.priorTilt()).isEqualTo(0.5);
    // A fit stored before the tilt existed reads as untilted rather than unreadable.
    String stored = text.replace(",\"priorTilt\":0.5", "").replace("\"priorTilt\":0.5,", "");
    assertThat(stored).doesNotContain("priorTilt");
    FieldFit older = TenantFits.fitJson().readValue(stored, FieldFit.class);
    assertThat(older.priorTilt()).isZero();
    assertThat(older.lexical().classes()).containsExactly(head.classes());
    assertThat(back.lexical().probabilities(doc)).containsExactly(head.probabilities(doc));
    assertThat(back.lexical().classes()).containsExactly(head.classes());
    // the tables travel as base64 strings, not as arrays of numbers
    assertThat(text).contains("\"weights\":\"").contains("\"features\":\"");
  }

  @Test
  void a_fold_head_never_learns_from_its_own_fold() {
    List<HeadTrainer.Example> examples = new ArrayList<>(desk(200));
    // a word only two tickets have, both in the first fold: a feature of the serving head, not of
    // that fold's head
    examples.add(example("x1", "fotocopiadora atascada", "Impressions"));
    examples.add(example("x2", "fotocopiadora sin toner", "Impressions"));
    List<Set<String>> folds = List.of(Set.of("x1", "x2", "d0", "d1"), Set.of("d2", "d3"));
    CrossFit<LexicalHead> heads =
        CrossFit.of(
            exclude ->
                HeadTrainer.trainLexical(
                    examples, LabelField.CATEGORY, exclude, LexicalHeadTest::features),
            folds);
    LexicalFeatures.Doc word = LexicalFeatures.extract("fotocopiadora", null);
    int wordBucket =
        Arrays.stream(word.buckets())
            .filter(b -> LexicalFeatures.Doc.block(b) == LexicalFeatures.BLOCK_WORD)
            .findFirst()
            .orElseThrow();
    assertThat(heads.serving().knows(wordBucket)).isTrue();
    assertThat(heads.forFold(0).knows(wordBucket)).isFalse();
    assertThat(heads.forFold(1).knows(wordBucket)).isTrue();
  }

  @Test
  void no_fold_head_means_no_serving_head_either() {
    List<HeadTrainer.Example> examples = desk(HeadTrainer.MIN_EXAMPLES + 5);
    Set<String> big = new java.util.HashSet<>();
    IntStream.range(0, 10).forEach(i -> big.add("d" + i));
    CrossFit<LexicalHead> heads =
        CrossFit.of(
            exclude ->
                HeadTrainer.trainLexical(
                    examples, LabelField.CATEGORY, exclude, LexicalHeadTest::features),
            List.of(big));
    assertThat(heads.serving()).isNull();
    assertThat(heads.forFold(0)).isNull();
  }

  private static LexicalFeatures.Doc features(HeadTrainer.Example e) {
    return LexicalFeatures.extract(e.text(), e.requester());
  }

  /** Alternating Spanish access and French printer tickets, ids d0, d1, ... */
  private static List<HeadTrainer.Example> desk(int n) {
    Random r = new Random(SEED);
    List<HeadTrainer.Example> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean access = i % 2 == 0;
      out.add(
          example(
              "d" + i, sentence(r, access ? ACCESS : PRINTER), access ? "Accesos" : "Impressions"));
    }
    return out;
  }

  private static HeadTrainer.Example example(String id, String text, String category) {
    Map<LabelField, String> labels = new HashMap<>();
    labels.put(LabelField.CATEGORY, category);
    return new HeadTrainer.Example(id, new float[0], text, null, labels);
  }

  private static String sentence(Random r, String[] words) {
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < 4; k++) {
      sb.append(words[r.nextInt(words.length)]).append(' ');
    }
    return sb.toString().strip();
  }
}
