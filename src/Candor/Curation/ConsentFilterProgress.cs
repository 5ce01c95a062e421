namespace Candor.Curation;

/// <summary>Where a <see cref="ConsentFilter"/> run is, reported after every batch.</summary>
/// <param name="ShardsDone">Shards finished.</param>
/// <param name="ShardsTotal">Shards in the data set.</param>
/// <param name="Shard">The shard being read (relative to the data set).</param>
/// <param name="Items">Items decided so far, in all shards.</param>
/// <param name="Dropped">Items dropped so far.</param>
public sealed record ConsentFilterProgress(int ShardsDone, int ShardsTotal, string Shard, long Items, long Dropped);
