package dev.sift.index.lucene;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.apache.lucene.index.FilterMergePolicy;
import org.apache.lucene.index.MergePolicy;
import org.apache.lucene.index.SegmentCommitInfo;
import org.apache.lucene.index.SegmentInfos;

/**
 * Natural merges as Lucene's tiered policy makes them; a purge (a forced merge of deletes) rewrites
 * each segment that holds a deleted document by itself, however few it holds. The tiered policy
 * would skip a segment whose share of deletes is small, or join it to others, and a purge must
 * neither leave text behind nor rewrite more than the segments that hold it.
 */
final class PurgingMergePolicy extends FilterMergePolicy {

  PurgingMergePolicy(MergePolicy in) {
    super(in);
  }

  @Override
  public MergeSpecification findForcedDeletesMerges(SegmentInfos infos, MergeContext context)
      throws IOException {
    MergeSpecification spec = null;
    Set<SegmentCommitInfo> merging = context.getMergingSegments();
    for (SegmentCommitInfo info : infos) {
      if (!merging.contains(info) && context.numDeletesToMerge(info) > 0) {
        if (spec == null) {
          spec = new MergeSpecification();
        }
        spec.add(new OneMerge(List.of(info)));
      }
    }
    return spec;
  }
}
