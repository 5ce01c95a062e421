namespace Candor.Search;

/// <summary>Encoders to use with an index instead of the ones its manifest names (e.g. a CLIP pair for precomputed LAION embeddings).</summary>
public sealed record SearchIndexOptions
{
    /// <summary>An image encoder configuration (see docs/embeddings.md); its space must equal the image index's.</summary>
    public string? ImageEncoderConfig { get; init; }

    /// <summary>A text encoder configuration; used for text-to-image search when its space equals the image index's, and for captions when it equals theirs.</summary>
    public string? TextEncoderConfig { get; init; }
}
