using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Candor.FileSystem;

namespace Candor.Embeddings;

/// <summary>
/// OpenAI CLIP's byte-level BPE tokenizer (clip/simple_tokenizer.py), built from its merges file.
/// <list type="bullet">
/// <item>Vocabulary: the 256 byte symbols (bytes 33–126, 161–172 and 174–255 stand for themselves, the other 68 map to
/// U+0100 onwards, in that order), the same 256 with "&lt;/w&gt;" (end of word), one token per merge in file order, then
/// &lt;|startoftext|&gt; and &lt;|endoftext|&gt;. With OpenAI's file (the first line a version header, 48894 merges used)
/// that is 49408 ids, start 49406, end 49407.</item>
/// <item>Text: HTML entities decoded twice, runs of white space made one space, trimmed, lower-cased; split into the
/// special tokens, the contractions 's 't 're 've 'm 'll 'd, runs of letters, single digits, and runs of other
/// non-space characters; each piece's UTF-8 bytes mapped to byte symbols, the last one marked end-of-word, and pairs
/// merged lowest rank first until no ranked pair is left.</item>
/// <item>Ids: start, the pieces' tokens, end; longer than the limit it is cut and the last id set back to end.</item>
/// </list>
/// OpenAI's tokenizer also runs ftfy's text repair (mojibake, odd quotes) first; that step is not done here, so texts with
/// broken encodings may tokenize differently.
/// </summary>
internal sealed partial class ClipBpeTokenizer : TextTokenizer
{
    /// <summary>Merges OpenAI's tokenizer uses from its file: 49152 − 256 − 2.</summary>
    public const int OpenAiMergeCount = 49152 - 256 - 2;

    private const string StartOfText = "<|startoftext|>";
    private const string EndOfText = "<|endoftext|>";
    private const int MaxCachedWords = 100_000;

    private readonly Dictionary<string, int> _ids;
    private readonly Dictionary<(string, string), int> _ranks;
    private readonly string[] _byteSymbols;
    private readonly ConcurrentDictionary<string, int[]> _cache = new(StringComparer.Ordinal);

    private ClipBpeTokenizer(List<(string, string)> merges)
    {
        _byteSymbols = ByteSymbols();
        var vocabulary = new List<string>(512 + merges.Count + 2);
        vocabulary.AddRange(_byteSymbols.Select((_, i) => _byteSymbols[SymbolOrder[i]]));
        vocabulary.AddRange(vocabulary.ToArray().Select(s => s + "</w>"));
        vocabulary.AddRange(merges.Select(m => m.Item1 + m.Item2));
        vocabulary.Add(StartOfText);
        vocabulary.Add(EndOfText);
        _ids = new Dictionary<string, int>(vocabulary.Count, StringComparer.Ordinal);
        for (var i = 0; i < vocabulary.Count; i++) _ids.TryAdd(vocabulary[i], i);
        _ranks = new Dictionary<(string, string), int>(merges.Count);
        for (var i = 0; i < merges.Count; i++) _ranks.TryAdd(merges[i], i);
        StartId = _ids[StartOfText];
        EndId = _ids[EndOfText];
    }

    /// <summary>Id of &lt;|startoftext|&gt;.</summary>
    public int StartId { get; }

    /// <summary>Id of &lt;|endoftext|&gt;.</summary>
    public int EndId { get; }

    /// <summary>Number of ids.</summary>
    public int VocabularySize => _ids.Count;

    /// <summary>OpenAI's tokenizer pads with zeros.</summary>
    public override long PaddingId => 0;

    /// <summary>Bytes in the order of the first 256 ids: the printable ones that stand for themselves, then the rest.</summary>
    private static readonly int[] SymbolOrder = BuildSymbolOrder();

    /// <summary>Reads a merges file: OpenAI's bpe_simple_vocab_16e6.txt(.gz) or a Hugging Face merges.txt.</summary>
    /// <exception cref="CandorFormatException">The file is not a merges list.</exception>
    public static ClipBpeTokenizer Load(string path)
    {
        var bytes = RegularFile.ReadAllBytes(path);
        if (bytes is [0x1F, 0x8B, ..])
        {
            try
            {
                using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
                using var plain = new MemoryStream();
                gzip.CopyTo(plain);
                bytes = plain.ToArray();
            }
            catch (InvalidDataException ex)
            {
                throw new CandorFormatException($"field 'tokenizer.vocab': {path} is a damaged gzip file: {ex.Message}", block: "CLIP BPE merges", inner: ex);
            }
        }
        return Parse(Encoding.UTF8.GetString(bytes), path);
    }

    /// <summary>Builds the tokenizer from the text of a merges file (<paramref name="source"/> names it in errors).</summary>
    public static ClipBpeTokenizer Parse(string text, string source)
    {
        var lines = text.Split('\n');
        var merges = new List<(string, string)>(OpenAiMergeCount);
        var start = lines.Length > 0 && lines[0].Contains("#version", StringComparison.Ordinal) ? 1 : 0;
        for (var i = start; i < lines.Length && merges.Count < OpenAiMergeCount; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0) continue;
            var parts = line.Split(' ');
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
                throw new CandorFormatException($"field 'tokenizer.vocab': line {i + 1} of {source} is not a merge (two symbols separated by one space): \"{(line.Length > 40 ? line[..40] + "…" : line)}\"", block: "CLIP BPE merges");
            merges.Add((parts[0], parts[1]));
        }
        if (merges.Count == 0) throw new CandorFormatException($"field 'tokenizer.vocab': {source} holds no merges", block: "CLIP BPE merges");
        return new ClipBpeTokenizer(merges);
    }

    public override long[] Encode(string text, int maxTokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 2);
        var ids = new List<long>(Math.Min(maxTokens, 128)) { StartId };
        foreach (var id in Tokens(text))
        {
            if (ids.Count == maxTokens) break;
            ids.Add(id);
        }
        if (ids.Count == maxTokens) ids[^1] = EndId;
        else ids.Add(EndId);
        return [.. ids];
    }

    /// <summary>The ids of <paramref name="text"/> without the start and end tokens.</summary>
    public IEnumerable<int> Tokens(string text)
    {
        var cleaned = WebUtility.HtmlDecode(WebUtility.HtmlDecode(text)).Trim();
        cleaned = WhiteSpace().Replace(cleaned, " ").Trim().ToLowerInvariant();
        foreach (Match piece in Pieces().Matches(cleaned))
        {
            if (piece.Value is StartOfText or EndOfText)
            {
                yield return _ids[piece.Value];
                continue;
            }
            foreach (var id in Word(piece.Value)) yield return id;
        }
    }

    private int[] Word(string piece)
    {
        if (_cache.TryGetValue(piece, out var cached)) return cached;
        var utf8 = Encoding.UTF8.GetBytes(piece);
        var word = new List<string>(utf8.Length);
        foreach (var b in utf8) word.Add(_byteSymbols[b]);
        word[^1] += "</w>";
        while (word.Count > 1)
        {
            var best = -1;
            var bestRank = int.MaxValue;
            for (var i = 0; i < word.Count - 1; i++)
                if (_ranks.TryGetValue((word[i], word[i + 1]), out var rank) && rank < bestRank) (best, bestRank) = (i, rank);
            if (best < 0) break;
            var (first, second) = (word[best], word[best + 1]);
            var merged = new List<string>(word.Count);
            for (var i = 0; i < word.Count; i++)
            {
                if (i < word.Count - 1 && word[i] == first && word[i + 1] == second)
                {
                    merged.Add(first + second);
                    i++;
                }
                else
                {
                    merged.Add(word[i]);
                }
            }
            word = merged;
        }
        var ids = new int[word.Count];
        for (var i = 0; i < ids.Length; i++)
            ids[i] = _ids.TryGetValue(word[i], out var id) ? id : throw new CandorFormatException($"the merges make the symbol \"{word[i]}\", which has no id", block: "CLIP BPE merges");
        if (_cache.Count >= MaxCachedWords) _cache.Clear();
        _cache.TryAdd(piece, ids);
        return ids;
    }

    private static int[] BuildSymbolOrder()
    {
        var order = new List<int>(256);
        for (var b = '!'; b <= '~'; b++) order.Add(b);
        for (var b = 0xA1; b <= 0xAC; b++) order.Add(b);
        for (var b = 0xAE; b <= 0xFF; b++) order.Add(b);
        for (var b = 0; b < 256; b++)
            if (!order.Contains(b)) order.Add(b);
        return [.. order];
    }

    /// <summary>The symbol each byte is written as: itself when printable, else U+0100 + n in byte order.</summary>
    private static string[] ByteSymbols()
    {
        var symbols = new string[256];
        var next = 0;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            symbols[b] = ((char)(printable ? b : 256 + next++)).ToString();
        }
        return symbols;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    [GeneratedRegex(@"<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|\p{L}+|\p{N}|[^\s\p{L}\p{N}]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pieces();
}
