package dev.sift.engine;

/**
 * How the triage engine retrieves, votes and calibrates.
 *
 * @param k neighbours that vote, by default
 * @param maxK the largest k a caller may ask for
 * @param retrieval how neighbours are found
 * @param voteTemperature softmax temperature over cosine similarities; 0 weights each vote by its
 *     plain similarity
 * @param hybridCandidates candidates taken from each side before hybrid fusion
 * @param rrfK reciprocal rank fusion constant
 * @param lexicalWeight weight of the BM25 list in the fusion, the vector list weighing 1
 * @param targetPrecision backtested precision a field must reach before it stops abstaining
 * @param calibrationSample held-out tickets replayed per tenant to fit calibration
 * @param minCalibrationTickets below this many stored tickets there is no backtest: confidences
 *     come from a prior that counts the few tickets behind each vote, and every field abstains
 * @param etaMinResolved resolved neighbours needed before the ETA is taken from neighbours
 * @param etaPriorWeight pseudo-count of the category median when it is blended with neighbours'
 *     times
 * @param linearWeight weight of the tenant's linear head (on the embeddings) in the blend with the
 *     neighbours' votes; 0 turns it off
 * @param lexicalHeadWeight weight of the tenant's lexical head (words and character n-grams) in the
 *     same blend; 0 turns it off. The votes weigh what the two heads leave: {@code 1 - linearWeight
 *     - lexicalHeadWeight}
 * @param precisionConfidence how sure the backtest must make Sift that a field's answers reach the
 *     target precision: the confidence level of the one-sided lower bound that must meet it ({@link
 *     Thresholds}). 0.95 by default; lower answers sooner on a small history, at more risk of
 *     missing the target
 */
public record EngineSettings(
    int k,
    int maxK,
    Retrieval retrieval,
    double voteTemperature,
    int hybridCandidates,
    int rrfK,
    double lexicalWeight,
    double targetPrecision,
    int calibrationSample,
    int minCalibrationTickets,
    int etaMinResolved,
    double etaPriorWeight,
    double linearWeight,
    double lexicalHeadWeight,
    double precisionConfidence) {

  private static final double DEFAULT_LINEAR_WEIGHT = 0.3;
  private static final double DEFAULT_LEXICAL_HEAD_WEIGHT = 0.4;
  private static final double DEFAULT_PRECISION_CONFIDENCE = 0.95;

  /**
   * Bounds of {@link #precisionConfidence}: below an even chance the bound is no bound; 1 would
   * need infinite data.
   */
  private static final double MIN_PRECISION_CONFIDENCE = 0.5;

  private static final double MAX_PRECISION_CONFIDENCE = 0.999;

  public static final EngineSettings DEFAULTS =
      new EngineSettings(
          5,
          50,
          Retrieval.HYBRID,
          0.1,
          50,
          60,
          1.0,
          0.9,
          6_000,
          20,
          3,
          10.0,
          DEFAULT_LINEAR_WEIGHT,
          DEFAULT_LEXICAL_HEAD_WEIGHT,
          DEFAULT_PRECISION_CONFIDENCE);

  /** All but the blend weights of the heads, which keep their defaults. */
  public EngineSettings(
      int k,
      int maxK,
      Retrieval retrieval,
      double voteTemperature,
      int hybridCandidates,
      int rrfK,
      double lexicalWeight,
      double targetPrecision,
      int calibrationSample,
      int minCalibrationTickets,
      int etaMinResolved,
      double etaPriorWeight) {
    this(
        k,
        maxK,
        retrieval,
        voteTemperature,
        hybridCandidates,
        rrfK,
        lexicalWeight,
        targetPrecision,
        calibrationSample,
        minCalibrationTickets,
        etaMinResolved,
        etaPriorWeight,
        DEFAULT_LINEAR_WEIGHT,
        DEFAULT_LEXICAL_HEAD_WEIGHT,
        DEFAULT_PRECISION_CONFIDENCE);
  }

  public EngineSettings {
    if (k < 1 || k > maxK) {
      throw new IllegalArgumentException("k must be between 1 and maxK " + maxK + ", was " + k);
    }
    if (targetPrecision <= 0 || targetPrecision > 1) {
      throw new IllegalArgumentException(
          "targetPrecision must be in (0, 1], was " + targetPrecision);
    }
    if (linearWeight < 0 || lexicalHeadWeight < 0 || linearWeight + lexicalHeadWeight > 1) {
      throw new IllegalArgumentException(
          "linearWeight and lexicalHeadWeight must be non-negative and sum to at most"
              + " 1, were "
              + linearWeight
              + " and "
              + lexicalHeadWeight);
    }
    if (precisionConfidence < MIN_PRECISION_CONFIDENCE
        || precisionConfidence > MAX_PRECISION_CONFIDENCE) {
      throw new IllegalArgumentException(
          "precisionConfidence must be in ["
              + MIN_PRECISION_CONFIDENCE
              + ", "
              + MAX_PRECISION_CONFIDENCE
              + "], was "
              + precisionConfidence);
    }
    if (voteTemperature < 0) {
      throw new IllegalArgumentException(
          "voteTemperature must not be negative, was " + voteTemperature);
    }
  }

  public EngineSettings withRetrieval(Retrieval r) {
    return new EngineSettings(
        k,
        maxK,
        r,
        voteTemperature,
        hybridCandidates,
        rrfK,
        lexicalWeight,
        targetPrecision,
        calibrationSample,
        minCalibrationTickets,
        etaMinResolved,
        etaPriorWeight,
        linearWeight,
        lexicalHeadWeight,
        precisionConfidence);
  }

  public EngineSettings withK(int newK) {
    return new EngineSettings(
        newK,
        Math.max(maxK, newK),
        retrieval,
        voteTemperature,
        hybridCandidates,
        rrfK,
        lexicalWeight,
        targetPrecision,
        calibrationSample,
        minCalibrationTickets,
        etaMinResolved,
        etaPriorWeight,
        linearWeight,
        lexicalHeadWeight,
        precisionConfidence);
  }

  public EngineSettings withVoteTemperature(double t) {
    return new EngineSettings(
        k,
        maxK,
        retrieval,
        t,
        hybridCandidates,
        rrfK,
        lexicalWeight,
        targetPrecision,
        calibrationSample,
        minCalibrationTickets,
        etaMinResolved,
        etaPriorWeight,
        linearWeight,
        lexicalHeadWeight,
        precisionConfidence);
  }

  public EngineSettings withLexicalWeight(double w) {
    return new EngineSettings(
        k,
        maxK,
        retrieval,
        voteTemperature,
        hybridCandidates,
        rrfK,
        w,
        targetPrecision,
        calibrationSample,
        minCalibrationTickets,
        etaMinResolved,
        etaPriorWeight,
        linearWeight,
        lexicalHeadWeight,
        precisionConfidence);
  }

  public EngineSettings withEtaPriorWeight(double w) {
    return new EngineSettings(
        k,
        maxK,
        retrieval,
        voteTemperature,
        hybridCandidates,
        rrfK,
        lexicalWeight,
        targetPrecision,
        calibrationSample,
        minCalibrationTickets,
        etaMinResolved,
        w,
        linearWeight,
        lexicalHeadWeight,
        precisionConfidence);
  }

  public EngineSettings withLinearWeight(double w) {
    return new EngineSettings(
        k,
        maxK,
        retrieval,
        voteTemperature,
        hybridCandidates,
        rrfK,
        lexicalWeight,
        targetPrecision,
        calibrationSample,
        minCalibrationTickets,
        etaMinResolved,
        etaPriorWeight,
        w,
        lexicalHeadWeight,
        precisionConfidence);
  }

  public EngineSettings withLexicalHeadWeight(double w) {
    return new EngineSettings(
        k,
        maxK,
        retrieval,
        voteTemperature,
        hybridCandidates,
        rrfK,
        lexicalWeight,
        targetPrecision,
        calibrationSample,
        minCalibrationTickets,
        etaMinResolved,
        etaPriorWeight,
        linearWeight,
        w,
        precisionConfidence);
  }

  public EngineSettings withPrecisionConfidence(double c) {
    return new EngineSettings(
        k,
        maxK,
        retrieval,
        voteTemperature,
        hybridCandidates,
        rrfK,
        lexicalWeight,
        targetPrecision,
        calibrationSample,
        minCalibrationTickets,
        etaMinResolved,
        etaPriorWeight,
        linearWeight,
        lexicalHeadWeight,
        c);
  }
}
