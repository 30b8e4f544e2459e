package dev.sift.engine;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns a ticket's text into hashed sparse counts for the {@link LexicalHead}: word unigrams and
 * bigrams, and character 3- to 5-grams inside word boundaries, after lower-casing and folding
 * accents. Character n-grams carry what the English-only embedding misses on Spanish, French or
 * German desks (inflections, compounds, typos), and hashing keeps the feature space bounded without
 * a stored vocabulary of strings. The requester, when known, is one more feature in a block of its
 * own: the model learns each frequent requester's usual values.
 */
final class LexicalFeatures {

  /** Bits of a bucket within its block; blocks sit above them. */
  static final int HASH_BITS = 20;

  static final int BLOCK_WORD = 0;
  static final int BLOCK_CHAR = 1;
  static final int BLOCK_REQUESTER = 2;
  static final int BLOCKS = 3;
  private static final int HASH_MASK = (1 << HASH_BITS) - 1;
  private static final int MIN_CHAR_GRAM = 3;
  private static final int MAX_CHAR_GRAM = 5;

  /**
   * Text beyond this is ignored: pasted logs and stack traces run to 30,000 characters, and their
   * tail adds cost to every triage and memory to every fit but little signal that their head does
   * not already give (the embedding sees only its first 256 word pieces).
   */
  static final int MAX_TEXT_CHARS = 2_000;

  private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");

  /**
   * Distinguishes the kinds of feature before hashing, so that a word and a bigram never share a
   * hash by design.
   */
  private static final int SEED_UNIGRAM = 0x9747b28c;

  private static final int SEED_BIGRAM = 0x85ebca6b;
  private static final int SEED_CHAR = 0xc2b2ae35;
  private static final int SEED_REQUESTER = 0x27d4eb2f;

  /**
   * A ticket's features: distinct buckets ascending and how often each occurs.
   *
   * @param buckets {@code block << HASH_BITS | hash}, ascending and distinct
   * @param counts occurrences of each bucket in the text
   */
  record Doc(int[] buckets, int[] counts) {

    static int block(int bucket) {
      return bucket >>> HASH_BITS;
    }
  }

  private LexicalFeatures() {}

  /** Lower-case, accents folded, truncated; what the n-grams are cut from. */
  static String normalise(String text) {
    String s = text.length() > MAX_TEXT_CHARS ? text.substring(0, MAX_TEXT_CHARS) : text;
    s = Normalizer.normalize(s.toLowerCase(Locale.ROOT), Normalizer.Form.NFD);
    return COMBINING_MARKS.matcher(s).replaceAll("");
  }

  /**
   * The features of a prepared ticket text and its requester (null when unknown). Deterministic.
   */
  static Doc extract(String text, String requester) {
    String s = normalise(text == null ? "" : text);
    IntCounter counter = new IntCounter();
    int prevStart = -1;
    int prevEnd = -1;
    int i = 0;
    int n = s.length();
    while (i < n) {
      while (i < n && !Character.isLetterOrDigit(s.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && Character.isLetterOrDigit(s.charAt(i))) {
        i++;
      }
      if (start == i) {
        break;
      }
      int word = hash(s, start, i, SEED_UNIGRAM);
      counter.add(bucket(BLOCK_WORD, word));
      if (prevStart >= 0) {
        counter.add(bucket(BLOCK_WORD, mix(hash(s, prevStart, prevEnd, SEED_BIGRAM) * 31 + word)));
      }
      charGrams(s, start, i, counter);
      prevStart = start;
      prevEnd = i;
    }
    if (requester != null && !requester.isBlank()) {
      String r = requester.strip().toLowerCase(Locale.ROOT);
      counter.add(bucket(BLOCK_REQUESTER, hash(r, 0, r.length(), SEED_REQUESTER)));
    }
    return counter.toDoc();
  }

  /**
   * N-grams of the word padded with a boundary mark at each end, as a word shorter than n is one
   * n-gram itself.
   */
  private static void charGrams(String s, int start, int end, IntCounter counter) {
    int len = end - start + 2; // with the two boundary marks
    for (int g = MIN_CHAR_GRAM; g <= MAX_CHAR_GRAM; g++) {
      if (len < g) {
        if (g == MIN_CHAR_GRAM) {
          counter.add(bucket(BLOCK_CHAR, paddedHash(s, start, end, 0, len)));
        }
        break;
      }
      for (int off = 0; off + g <= len; off++) {
        counter.add(bucket(BLOCK_CHAR, paddedHash(s, start, end, off, g)));
      }
    }
  }

  /** Hash of {@code g} characters at {@code off} of " word ", without building the string. */
  private static int paddedHash(String s, int start, int end, int off, int g) {
    int h = SEED_CHAR ^ g;
    for (int k = off; k < off + g; k++) {
      int idx = start + k - 1;
      char c = idx < start || idx >= end ? ' ' : s.charAt(idx);
      h = (h ^ c) * 0x01000193; // FNV-1a step
    }
    return mix(h);
  }

  private static int hash(String s, int start, int end, int seed) {
    int h = seed;
    for (int k = start; k < end; k++) {
      h = (h ^ s.charAt(k)) * 0x01000193;
    }
    return mix(h);
  }

  /** MurmurHash3's finaliser: FNV alone leaves the low bits, which the mask keeps, poorly mixed. */
  private static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  /**
   * A feature's value before normalising: sublinear in its count, so that a repeated word does not
   * dominate.
   */
  static double value(int count) {
    return 1 + Math.log(count);
  }

  /**
   * The L2 norm of each block over all of the document's features, also those the model does not
   * know, so that training and scoring divide by the same number. Each block is normalised on its
   * own: words, character n-grams and the requester each weigh one unit, however long the text.
   */
  static double[] blockNorms(Doc doc) {
    double[] norms = new double[BLOCKS];
    for (int k = 0; k < doc.buckets().length; k++) {
      double v = value(doc.counts()[k]);
      norms[Doc.block(doc.buckets()[k])] += v * v;
    }
    for (int b = 0; b < BLOCKS; b++) {
      norms[b] = norms[b] > 0 ? Math.sqrt(norms[b]) : 1;
    }
    return norms;
  }

  static int bucket(int block, int hash) {
    return block << HASH_BITS | (hash & HASH_MASK);
  }

  /**
   * Collects bucket ids, then counts them by sorting: cheaper than a hash map for a few hundred
   * features.
   */
  private static final class IntCounter {
    private int[] ids = new int[256];
    private int size;

    void add(int id) {
      if (size == ids.length) {
        ids = Arrays.copyOf(ids, size * 2);
      }
      ids[size++] = id;
    }

    Doc toDoc() {
      Arrays.sort(ids, 0, size);
      int[] buckets = new int[size];
      int[] counts = new int[size];
      int distinct = 0;
      for (int k = 0; k < size; k++) {
        if (distinct > 0 && buckets[distinct - 1] == ids[k]) {
          counts[distinct - 1]++;
        } else {
          buckets[distinct] = ids[k];
          counts[distinct++] = 1;
        }
      }
      return new Doc(Arrays.copyOf(buckets, distinct), Arrays.copyOf(counts, distinct));
    }
  }
}
