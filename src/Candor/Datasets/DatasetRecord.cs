namespace Candor.Datasets;

/// <summary>
/// One sample of a data set: its key, where it sits, the columns LAION and img2dataset define (each null when the
/// data set does not have it), every other column in <see cref="Extra"/>, and the image bytes when the shard holds them.
/// </summary>
public sealed class DatasetRecord
{
    /// <summary>
    /// The sample's key: the <c>key</c> column when there is one, the member name without extension in a tar, the path
    /// relative to the folder in an image folder, else <c>SHARDNAME/ROW</c> (e.g. <c>metadata_0/17</c>).
    /// </summary>
    public required string Key { get; init; }

    /// <summary>The <see cref="DatasetShard.Index"/> of the shard the record comes from.</summary>
    public required int ShardIndex { get; init; }

    /// <summary>The record's position in its shard, from 0 (the row of aligned embedding arrays).</summary>
    public required long RowInShard { get; init; }

    /// <summary>The image URL (column <c>URL</c>/<c>url</c>).</summary>
    public string? Url { get; init; }

    /// <summary>The caption (column <c>TEXT</c>/<c>caption</c>/<c>txt</c>, or a tar's or folder's <c>.txt</c>).</summary>
    public string? Caption { get; init; }

    /// <summary>Image width in pixels as the data set states it (column <c>WIDTH</c>/<c>width</c>).</summary>
    public int? Width { get; init; }

    /// <summary>Image height in pixels as the data set states it (column <c>HEIGHT</c>/<c>height</c>).</summary>
    public int? Height { get; init; }

    /// <summary>The licence the data set states (column <c>LICENSE</c>/<c>license</c>; LAION writes <c>?</c> when unknown).</summary>
    public string? License { get; init; }

    /// <summary>CLIP image–text cosine similarity (column <c>similarity</c>).</summary>
    public double? Similarity { get; init; }

    /// <summary>Probability that the image is unsafe, from LAION's NSFW detector (column <c>punsafe</c>).</summary>
    public double? Punsafe { get; init; }

    /// <summary>Probability that the image carries a watermark, from LAION's detector (column <c>pwatermark</c>).</summary>
    public double? Pwatermark { get; init; }

    /// <summary>
    /// SHA-256 of the image as 64 lowercase hex digits (column <c>sha256</c>/<c>sha256hash</c>, or <c>hash</c> when it
    /// holds 64 hex digits — LAION-2B's integer <c>hash</c> of URL and caption stays in <see cref="Extra"/>).
    /// </summary>
    public string? Sha256 { get; init; }

    /// <summary>Every other column by its name as written (looked up case-insensitively), values as text; null for a null value.</summary>
    public IReadOnlyDictionary<string, string?> Extra { get; init; } = EmptyExtra;

    /// <summary>The image file's bytes (a tar's image member, a Parquet binary column <c>jpg</c>/<c>png</c>/<c>webp</c>/<c>image</c>); empty when the data set has none for this row.</summary>
    public ReadOnlyMemory<byte> Image { get; init; }

    /// <summary>For an image folder, the image file (its bytes are read by the caller when needed); null otherwise.</summary>
    public string? ImagePath { get; init; }

    private static readonly IReadOnlyDictionary<string, string?> EmptyExtra = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
}
