using System.Text;
using Candor.FileSystem;
using FastBertTokenizer;

namespace Candor.Embeddings;

/// <summary>
/// BERT's WordPiece tokenizer over a vocab.txt (FastBertTokenizer): [CLS] pieces… [SEP]. For uncased models the text is
/// lower-cased and its accents stripped here first — BERT decomposes (NFD) and drops non-spacing marks, and .NET cannot
/// decompose under InvariantGlobalization, so <see cref="AccentTable"/> and the Hangul syllable formula stand in for NFD.
/// </summary>
internal sealed class WordPieceTokenizer : TextTokenizer
{
    private static readonly Lazy<Dictionary<char, string>> Accents = new(ReadAccentTable);

    private readonly BertTokenizer _tokenizer;
    private readonly bool _lowercase;
    private readonly Lock _gate = new();

    private WordPieceTokenizer(BertTokenizer tokenizer, long paddingId, bool lowercase)
    {
        _tokenizer = tokenizer;
        _lowercase = lowercase;
        PaddingId = paddingId;
    }

    public override long PaddingId { get; }

    public static WordPieceTokenizer Load(string vocabPath, bool lowercase)
    {
        var text = Encoding.UTF8.GetString(RegularFile.ReadAllBytes(vocabPath));
        var lines = text.Split('\n');
        long padding = -1;
        for (var i = 0; i < lines.Length; i++)
            if (lines[i].TrimEnd('\r') == "[PAD]") { padding = i; break; }
        foreach (var special in (string[])["[CLS]", "[SEP]", "[UNK]"])
            if (!lines.Any(l => l.TrimEnd('\r') == special))
                throw new CandorFormatException($"field 'tokenizer.vocab': {vocabPath} has no {special} line; a WordPiece vocabulary is BERT's vocab.txt", block: "WordPiece vocabulary");
        var tokenizer = new BertTokenizer();
        try
        {
            using var reader = new StringReader(text);
            tokenizer.LoadVocabulary(reader, convertInputToLowercase: lowercase);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException)
        {
            throw new CandorFormatException($"field 'tokenizer.vocab': {vocabPath} could not be read as a WordPiece vocabulary: {ex.Message}", block: "WordPiece vocabulary", inner: ex);
        }
        return new WordPieceTokenizer(tokenizer, Math.Max(padding, 0), lowercase);
    }

    public override long[] Encode(string text, int maxTokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new long[maxTokens];
        var mask = new long[maxTokens];
        var types = new long[maxTokens];
        if (_lowercase) text = StripAccents(text.ToLowerInvariant());
        int count;
        // The tokenizer keeps working buffers between calls, so one call at a time.
        lock (_gate) count = _tokenizer.Encode(text, ids, mask, types, padTo: null);
        return ids[..count];
    }

    /// <summary>What BERT's NFD-then-drop-Mn leaves of <paramref name="text"/>.</summary>
    internal static string StripAccents(string text)
    {
        var accents = Accents.Value;
        StringBuilder? result = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            string? replacement = null;
            if (c is >= '\uAC00' and <= '\uD7A3')
            {
                var s = c - 0xAC00;
                replacement = s % 28 == 0
                    ? string.Concat((char)(0x1100 + s / 588), (char)(0x1161 + s % 588 / 28))
                    : string.Concat((char)(0x1100 + s / 588), (char)(0x1161 + s % 588 / 28), (char)(0x11A7 + s % 28));
            }
            else if (accents.TryGetValue(c, out var mapped))
            {
                replacement = mapped;
            }
            else if (char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                replacement = "";
            }
            if (replacement is null)
            {
                result?.Append(c);
                continue;
            }
            result ??= new StringBuilder(text.Length).Append(text, 0, i);
            result.Append(replacement);
        }
        return result?.ToString() ?? text;
    }

    private static Dictionary<char, string> ReadAccentTable()
    {
        var table = new Dictionary<char, string>();
        var entries = AccentTable.Entries;
        for (var i = 0; i < entries.Length;)
        {
            var length = entries[i + 1] - '0';
            table[entries[i]] = entries.Substring(i + 2, length);
            i += 2 + length;
        }
        return table;
    }
}
