namespace Candor.Datasets;

/// <summary>
/// One unit of a <see cref="Dataset"/> that is read start to end: a Parquet, CSV, TSV or JSON Lines file, a WebDataset
/// tar, or an image folder. Shards can be read independently (and in parallel) with <see cref="Dataset.Read"/>.
/// </summary>
/// <param name="Path">The file (or, for <see cref="DatasetFormat.ImageFolder"/>, the folder) the shard is read from.</param>
/// <param name="Format">How the shard stores its rows.</param>
/// <param name="Index">The shard's position in <see cref="Dataset.Shards"/>, from 0; records carry it as <see cref="DatasetRecord.ShardIndex"/>.</param>
public sealed record DatasetShard(string Path, DatasetFormat Format, int Index)
{
    /// <summary>
    /// Embedding files aligned row for row with this shard, by kind: <c>"image"</c> → <c>img_emb/img_emb_N.npy</c>,
    /// <c>"text"</c> → <c>text_emb/text_emb_N.npy</c> of LAION's and clip-retrieval's layout. Row <c>r</c> of the
    /// shard is row <c>r</c> of each array (open it with <see cref="NpyArray.Open"/>). Empty when none was found.
    /// </summary>
    public IReadOnlyDictionary<string, string> EmbeddingPaths { get; init; } = new Dictionary<string, string>();
}
