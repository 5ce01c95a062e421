namespace Candor.Embeddings;

/// <summary>The <c>tokenizer</c> object of a text <see cref="EncoderConfig"/>.</summary>
public sealed record TokenizerConfig
{
    /// <summary>"wordpiece" or "clip-bpe".</summary>
    public required TokenizerKind Kind { get; init; }

    /// <summary>Full path of the vocabulary file (<c>vocab</c>, written relative to the configuration file).</summary>
    public required string Vocab { get; init; }

    /// <summary>WordPiece only: lower-case and strip accents first (<c>lowercase</c>, default true, as uncased BERT models need).</summary>
    public bool Lowercase { get; init; } = true;
}
