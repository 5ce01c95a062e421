namespace Candor.Embeddings;

/// <summary>Turns a text into the token ids a text encoder's model takes, special tokens included.</summary>
internal abstract class TextTokenizer
{
    /// <summary>The id written after the last token up to the batch's length (its attention mask is 0).</summary>
    public abstract long PaddingId { get; }

    /// <summary>The ids of <paramref name="text"/>, at most <paramref name="maxTokens"/> of them, truncated so that the end token is kept.</summary>
    public abstract long[] Encode(string text, int maxTokens);

    /// <summary>Loads the tokenizer a configuration names.</summary>
    /// <exception cref="CandorFormatException">The vocabulary file is not what the tokenizer kind reads.</exception>
    public static TextTokenizer Load(TokenizerConfig config) => config.Kind switch
    {
        TokenizerKind.WordPiece => WordPieceTokenizer.Load(config.Vocab, config.Lowercase),
        TokenizerKind.ClipBpe => ClipBpeTokenizer.Load(config.Vocab),
        _ => throw new ArgumentOutOfRangeException(nameof(config)),
    };
}
