using Candor.Index;

namespace Candor.Search;

/// <summary>What <see cref="IndexBuilder"/> computes for each item. A resumed or appended build must ask for the same.</summary>
public sealed record IndexBuildOptions
{
    /// <summary>Hash every image with PDQ for near-duplicate search (default on; items without image bytes are skipped).</summary>
    public bool Pdq { get; init; } = true;

    /// <summary>
    /// Also index the PDQ hashes of each image's centre crops (<see cref="Fingerprints.PdqVariants"/>), so cropped and
    /// slightly turned copies are found (default on; the Hamming index then holds three codes per image).
    /// </summary>
    public bool PdqVariants { get; init; } = true;

    /// <summary>Embed images with the image encoder (needs image bytes in the data set).</summary>
    public bool EmbedImages { get; init; }

    /// <summary>Embed captions with the text encoder.</summary>
    public bool EmbedCaptions { get; init; }

    /// <summary>An image encoder configuration instead of the shipped ResNet18 (see docs/embeddings.md).</summary>
    public string? ImageEncoderConfig { get; init; }

    /// <summary>A text encoder configuration instead of the shipped MiniLM.</summary>
    public string? TextEncoderConfig { get; init; }

    /// <summary>
    /// The embedding space of the data set's own .npy image embeddings (e.g. <c>openai-clip-vit-b-32</c> for LAION-400M),
    /// so that queries can be encoded into it; they are indexed whenever present. Default <c>precomputed</c>: only
    /// queries given as embeddings can use them.
    /// </summary>
    public string PrecomputedSpace { get; init; } = "precomputed";

    /// <summary>Store a 128-pixel JPEG preview of every image (default on) for result grids.</summary>
    public bool Thumbnails { get; init; } = true;

    /// <summary>Images decoded and encoded together (default 32).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Options of the HNSW vector indexes; null uses <see cref="VectorIndexOptions"/>'s defaults.</summary>
    public VectorIndexOptions? Vectors { get; init; }
}
