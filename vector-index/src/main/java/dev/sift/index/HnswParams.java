package dev.sift.index;

/**
 * HNSW graph settings.
 *
 * @param maxConnections graph degree (Lucene's M)
 * @param beamWidth candidates kept while building the graph
 * @param searchCandidates candidates gathered per search before the best k are kept; more raises
 *     recall
 */
public record HnswParams(int maxConnections, int beamWidth, int searchCandidates) {
  /**
   * Lucene's defaults for the graph, with a search beam wide enough for recall@5 of 0.98 on 20k
   * vectors.
   */
  public static final HnswParams DEFAULT = new HnswParams(16, 100, 100);

  public HnswParams {
    if (maxConnections < 2 || beamWidth < 2 || searchCandidates < 1) {
      throw new IllegalArgumentException(
          "invalid HNSW params " + maxConnections + "/" + beamWidth + "/" + searchCandidates);
    }
  }
}
