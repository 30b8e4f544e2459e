package dev.sift.engine.coldstart;

/**
 * A taxonomy whose texts (entries plus examples, over all fields) are more than cold start embeds
 * for a tenant.
 */
public final class TaxonomyTooLargeException extends InvalidTaxonomyException {

  private final long texts;
  private final long maxTexts;

  public TaxonomyTooLargeException(long texts, long maxTexts) {
    super(
        "the taxonomy has "
            + texts
            + " texts (each entry counts one, each example one); at most "
            + maxTexts
            + " are allowed");
    this.texts = texts;
    this.maxTexts = maxTexts;
  }

  public long texts() {
    return texts;
  }

  public long maxTexts() {
    return maxTexts;
  }
}
