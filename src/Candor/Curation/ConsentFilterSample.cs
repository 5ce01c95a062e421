namespace Candor.Curation;

/// <summary>One item shown in the audit as an example of a reason.</summary>
/// <param name="Shard">The shard's path relative to the data set (its name for a single file).</param>
/// <param name="Row">The item's row (a tar's sample number) in the shard, from 0.</param>
/// <param name="Key">The item's key (a tar sample's key, a <c>key</c> column), when it has one.</param>
/// <param name="Url">The item's URL, when it has one.</param>
public sealed record ConsentFilterSample(string Shard, long Row, string? Key, string? Url);
