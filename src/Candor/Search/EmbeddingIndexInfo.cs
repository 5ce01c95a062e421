using System.Text.Json.Serialization;

namespace Candor.Search;

/// <summary>One embedding index of a folder: which encoder made the vectors, in which space, how many.</summary>
public sealed record EmbeddingIndexInfo
{
    /// <summary>The encoder's name (e.g. <c>resnet18-imagenet</c>, <c>all-minilm-l6-v2</c>), or the name given to precomputed vectors.</summary>
    [JsonPropertyName("encoder")] public string Encoder { get; init; } = "";

    /// <summary>The embedding space: a query must be encoded into the same space to be compared.</summary>
    [JsonPropertyName("space")] public string Space { get; init; } = "";

    /// <summary>Vector length.</summary>
    [JsonPropertyName("dimension")] public int Dimension { get; init; }

    /// <summary><c>computed</c> (Candor ran the encoder) or <c>precomputed</c> (read from the data set's .npy files).</summary>
    [JsonPropertyName("source")] public string Source { get; init; } = "computed";

    /// <summary>The encoder configuration file used, when it was not a shipped default (absolute path).</summary>
    [JsonPropertyName("config")] public string? Config { get; init; }

    /// <summary>Vectors in the index.</summary>
    [JsonPropertyName("count")] public long Count { get; init; }

    /// <summary>The index file inside the folder.</summary>
    [JsonPropertyName("file")] public string File { get; init; } = "";
}
