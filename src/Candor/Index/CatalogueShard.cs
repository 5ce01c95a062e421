namespace Candor.Index;

/// <summary>A data-set shard the catalogue has ingested completely: what it was, how many items it gave, and when.</summary>
/// <param name="Index">The shard's index in the data set's shard list.</param>
/// <param name="Path">The shard's path as it was read.</param>
/// <param name="Format">The reader that read it (parquet, webdataset, …).</param>
/// <param name="Items">Items it added.</param>
/// <param name="Problems">Rows reported and skipped.</param>
/// <param name="FirstId">The first item id it was given (ids of one shard are consecutive).</param>
/// <param name="Completed">When it was committed (UTC, ISO 8601).</param>
public sealed record CatalogueShard(int Index, string Path, string Format, long Items, long Problems, long FirstId, string Completed);
