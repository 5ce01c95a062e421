namespace Candor.Search;

/// <summary>Where a build is: reported after every batch and at each stage.</summary>
/// <param name="Stage"><c>ingest</c> (reading shards), <c>pdq-index</c>, <c>image-index</c>, <c>caption-index</c>, or <c>done</c>.</param>
/// <param name="Shard">The shard being read (path), or null.</param>
/// <param name="ShardsDone">Shards finished, including those of earlier runs.</param>
/// <param name="ShardsTotal">Shards in the data set.</param>
/// <param name="Items">Items added in this run.</param>
/// <param name="Problems">Rows skipped in this run.</param>
public readonly record struct IndexBuildProgress(string Stage, string? Shard, int ShardsDone, int ShardsTotal, long Items, long Problems);
