package dev.sift.engine.coldstart;

import dev.sift.data.LabelField;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The values a tenant's fields may take, each with a short description: what cold-start triage may
 * answer, and the only labels it ever answers.
 *
 * @param fields per suggestion field json name ({@code category}, {@code assignmentGroup}, ...),
 *     its entries
 */
public record Taxonomy(Map<String, List<Entry>> fields) {

  /** Most entries per field; a larger list is not a taxonomy but an export. */
  public static final int MAX_ENTRIES = 500;

  /** Longest name, description or example, in characters. */
  public static final int MAX_TEXT = 2_000;

  /** Most example tickets per entry. */
  public static final int MAX_EXAMPLES = 20;

  /**
   * Most texts (an entry's name and description count as one, each example as one) over all fields:
   * every one is embedded when the zero-shot model is built: about 10 s at the 600 texts/s of
   * docs/benchmarks.md, several times that on a busy machine.
   */
  public static final int MAX_TEXTS = 5_000;

  /**
   * One value of a field.
   *
   * @param name the label, exactly as it is answered
   * @param description what belongs here, in a few words; may be empty
   * @param examples subjects of typical tickets; may be empty
   * @param prior the share of tickets expected to carry this value, for the label prior before
   *     there is history; null when unknown (then every entry of the field must leave it out, and
   *     the prior is uniform)
   */
  public record Entry(String name, String description, List<String> examples, Double prior) {
    public Entry {
      description = description == null ? "" : description;
      examples = examples == null ? List.of() : List.copyOf(examples);
    }

    public Entry(String name, String description, List<String> examples) {
      this(name, description, examples, null);
    }

    public Entry(String name, String description) {
      this(name, description, List.of());
    }
  }

  public Taxonomy {
    Map<String, List<Entry>> copy = new LinkedHashMap<>();
    fields.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    fields = java.util.Collections.unmodifiableMap(copy);
  }

  /**
   * Checks a taxonomy sent by a client.
   *
   * @throws InvalidTaxonomyException naming the first problem
   * @throws TaxonomyTooLargeException when it has more than {@link #MAX_TEXTS} texts in all
   */
  public static Taxonomy validated(Map<String, List<Entry>> fields) {
    if (fields == null || fields.isEmpty()) {
      throw new InvalidTaxonomyException(
          "a taxonomy needs at least one field, for example \"category\"");
    }
    long texts = 0;
    for (Map.Entry<String, List<Entry>> f : fields.entrySet()) {
      String field = f.getKey();
      if (LabelField.fromJsonName(field).isEmpty()) {
        throw new InvalidTaxonomyException("unknown field '" + field + "'; use " + fieldNames());
      }
      List<Entry> entries = f.getValue();
      if (entries == null || entries.isEmpty()) {
        throw new InvalidTaxonomyException("field '" + field + "' has no entries");
      }
      if (entries.size() > MAX_ENTRIES) {
        throw new InvalidTaxonomyException(
            "field '"
                + field
                + "' has "
                + entries.size()
                + " entries; at most "
                + MAX_ENTRIES
                + " are allowed");
      }
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < entries.size(); i++) {
        Entry e = entries.get(i);
        if (e == null || e.name() == null || e.name().isBlank()) {
          throw new InvalidTaxonomyException(
              "entry " + i + " of field '" + field + "' has no name");
        }
        if (!seen.add(e.name().trim().toLowerCase(Locale.ROOT))) {
          throw new InvalidTaxonomyException(
              "field '" + field + "' names '" + e.name() + "' twice");
        }
        if (e.name().length() > MAX_TEXT
            || e.description().length() > MAX_TEXT
            || e.examples().stream().anyMatch(x -> x == null || x.length() > MAX_TEXT)) {
          throw new InvalidTaxonomyException(
              "entry '"
                  + e.name()
                  + "' of field '"
                  + field
                  + "' has a text longer than "
                  + MAX_TEXT
                  + " characters or a null example");
        }
        if (e.examples().size() > MAX_EXAMPLES) {
          throw new InvalidTaxonomyException(
              "entry '"
                  + e.name()
                  + "' of field '"
                  + field
                  + "' has more than "
                  + MAX_EXAMPLES
                  + " examples");
        }
        if (e.prior() != null && !(e.prior() > 0 && e.prior() <= 1)) {
          throw new InvalidTaxonomyException(
              "entry '"
                  + e.name()
                  + "' of field '"
                  + field
                  + "' has prior "
                  + e.prior()
                  + "; a prior is a share of tickets above 0 and at most 1");
        }
        texts += 1 + e.examples().size();
      }
      long withPrior = entries.stream().filter(e -> e.prior() != null).count();
      if (withPrior > 0 && withPrior < entries.size()) {
        throw new InvalidTaxonomyException(
            "field '"
                + field
                + "' gives a prior for "
                + withPrior
                + " of its "
                + entries.size()
                + " entries; give one for every entry or for none");
      }
    }
    if (texts > MAX_TEXTS) {
      throw new TaxonomyTooLargeException(texts, MAX_TEXTS);
    }
    Map<String, List<Entry>> trimmed = new LinkedHashMap<>();
    fields.forEach(
        (k, v) ->
            trimmed.put(
                k,
                v.stream()
                    .map(
                        e ->
                            new Entry(
                                e.name().trim(), e.description().trim(), e.examples(), e.prior()))
                    .toList()));
    return new Taxonomy(trimmed);
  }

  /**
   * A taxonomy of the label values a tenant's history has, most frequent first, without
   * descriptions.
   */
  public static Taxonomy fromLabelCounts(Map<String, Map<String, Long>> counts) {
    Map<String, List<Entry>> fields = new LinkedHashMap<>();
    counts.forEach(
        (field, values) -> {
          List<Map.Entry<String, Long>> sorted = new ArrayList<>(values.entrySet());
          sorted.sort(
              Map.Entry.<String, Long>comparingByValue()
                  .reversed()
                  .thenComparing(Map.Entry.comparingByKey()));
          List<Entry> entries =
              sorted.stream().limit(MAX_ENTRIES).map(e -> new Entry(e.getKey(), "")).toList();
          if (!entries.isEmpty()) {
            fields.put(field, entries);
          }
        });
    return new Taxonomy(fields);
  }

  /**
   * The taxonomy's own spelling of a label: an exact match, else a case-insensitive one; null when
   * the label is not in the field's taxonomy, which makes the field abstain.
   */
  public String match(String field, String label) {
    List<Entry> entries = fields.get(field);
    if (entries == null || label == null) {
      return null;
    }
    for (Entry e : entries) {
      if (e.name().equals(label)) {
        return e.name();
      }
    }
    String trimmed = label.trim();
    for (Entry e : entries) {
      if (e.name().equalsIgnoreCase(trimmed)) {
        return e.name();
      }
    }
    return null;
  }

  private static String fieldNames() {
    return String.join(
        ", ", java.util.Arrays.stream(LabelField.values()).map(LabelField::jsonName).toList());
  }
}
