using Candor.Datasets;

namespace Candor.Curation;

/// <summary>What the filter did with one shard.</summary>
/// <param name="Input">The shard's path relative to the data set (its name for a single file).</param>
/// <param name="Format">The shard's format.</param>
/// <param name="Written">True when the filtered shard was written to the output; false when the shard was skipped (see <see cref="Problem"/>).</param>
/// <param name="Items">Items read.</param>
/// <param name="Kept">Items written to the output.</param>
/// <param name="Dropped">Items left out because their use is forbidden.</param>
/// <param name="Unreadable">Rows left out because they could not be read (each one is also a problem of the report).</param>
/// <param name="Problem">Why the shard was not written, when it was not.</param>
public sealed record ConsentFilterShard(string Input, DatasetFormat Format, bool Written, long Items, long Kept, long Dropped, long Unreadable, string? Problem);
