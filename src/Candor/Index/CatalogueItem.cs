namespace Candor.Index;

/// <summary>
/// One item of an indexed data set as the catalogue keeps it: where it came from (shard, row, key, URL) and what the
/// data set says about it. <see cref="Id"/> is the item's number in every index of the folder.
/// </summary>
public sealed record CatalogueItem
{
    /// <summary>The item's number: its id in the Hamming and vector indexes of the same folder.</summary>
    public long Id { get; init; }

    /// <summary>The shard it was read from (its index in the data set's shard list).</summary>
    public int Shard { get; init; }

    /// <summary>Its row (or member group) within the shard, from 0.</summary>
    public long Row { get; init; }

    /// <summary>The data set's key for it (img2dataset key, file path, or the row number).</summary>
    public string Key { get; init; } = "";

    /// <summary>The source URL the data set gives, if any.</summary>
    public string? Url { get; init; }

    /// <summary>The caption (alt text) the data set gives, if any.</summary>
    public string? Caption { get; init; }

    /// <summary>Width in pixels as the data set states it, or as decoded.</summary>
    public int? Width { get; init; }

    /// <summary>Height in pixels as the data set states it, or as decoded.</summary>
    public int? Height { get; init; }

    /// <summary>The licence column, if any.</summary>
    public string? License { get; init; }

    /// <summary>The SHA-256 the data set states (hex), if any.</summary>
    public string? Sha256 { get; init; }

    /// <summary>The PDQ hash of the image (64 hex characters), when the image bytes were available.</summary>
    public string? Pdq { get; init; }

    /// <summary>PDQ quality (0–100) of the image, when hashed.</summary>
    public int? PdqQuality { get; init; }

    /// <summary>Other columns of the row, as a JSON object, or null.</summary>
    public string? ExtraJson { get; init; }
}
