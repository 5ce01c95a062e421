using System.Text;
using System.Text.Json;

namespace Candor.Generators.Json;

/// <summary>
/// Lenient, bounded loader for the JSON that image generators embed. It accepts what tools
/// really write rather than strict RFC 8259:
/// <list type="bullet">
/// <item>bare <c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c> outside strings (Python's <c>json.dumps</c>, used by
/// ComfyUI) — read as <c>null</c>, since no typed parameter can hold them;</item>
/// <item>a trailing NUL terminator, trailing commas, <c>//</c> and <c>/* */</c> comments (skipped: hand-edited workflows carry them and they
/// cannot change a value), a leading byte-order mark;</item>
/// <item>duplicate property names (the first one wins when looked up).</item>
/// </list>
/// Nesting is capped at <see cref="MaxDepth"/> and the text at <see cref="MaxChars"/>; every failure is a
/// <see cref="CandorFormatException"/> (from <see cref="Parse"/>) or an error message (from <c>TryParse</c>),
/// never a <see cref="JsonException"/>.
/// </summary>
public static class GeneratorJson
{
    /// <summary>Deepest nesting accepted.</summary>
    public const int MaxDepth = 64;

    /// <summary>Longest text accepted (8 Mi characters), matching the per-chunk decompression cap.</summary>
    public const int MaxChars = 8 << 20;

    private static readonly JsonDocumentOptions Options = new()
    {
        MaxDepth = MaxDepth,
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>
    /// Parses <paramref name="text"/>; the result is detached from any pooled memory and safe to keep.
    /// Raises <see cref="CandorFormatException"/> naming <paramref name="block"/> and the offset for bad input.
    /// </summary>
    public static JsonElement Parse(string text, string? block = null)
    {
        if (TryParse(text, out var root, out var error, out var offset)) return root;
        throw new CandorFormatException(error!, offset, block);
    }

    /// <summary>Parses <paramref name="text"/>, or returns false with a plain-language <paramref name="error"/> so a parser can add a finding instead of failing the file.</summary>
    public static bool TryParse(string text, out JsonElement root, out string? error) =>
        TryParse(text, out root, out error, out _);

    /// <summary>As <see cref="TryParse(string, out JsonElement, out string?)"/>, also giving the character offset of the problem (-1 when unknown).</summary>
    public static bool TryParse(string text, out JsonElement root, out string? error, out long offset)
    {
        root = default;
        offset = -1;
        if (text.Length > MaxChars)
        {
            error = $"JSON text of {text.Length} characters exceeds the {MaxChars}-character cap";
            return false;
        }
        var span = text.AsSpan();
        if (span.Length > 0 && span[0] == '\uFEFF') span = span[1..];
        // C writers (Tensor.Art among them) leave the string terminator in the chunk.
        span = span.TrimEnd('\0');
        var prepared = ReplaceNonFiniteNumbers(span);
        try
        {
            using var doc = JsonDocument.Parse(prepared.AsMemory(), Options);
            root = doc.RootElement.Clone();
            error = null;
            return true;
        }
        catch (JsonException e)
        {
            offset = OffsetOf(prepared, e.LineNumber, e.BytePositionInLine);
            var where = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1} of the line)" : "";
            error = $"malformed JSON{where}: {FirstSentence(e.Message)}";
            return false;
        }
    }

    /// <summary>
    /// Undoes a common mis-decoding: tools write UTF-8 bytes into Latin-1 tEXt chunks, so a reader that follows
    /// the PNG rule sees mojibake ("ãƒ†" for "テ"). When every character fits in a byte, some are above ASCII,
    /// and the bytes form valid UTF-8, the UTF-8 reading is returned; otherwise <paramref name="text"/> unchanged.
    /// </summary>
    public static string RepairUtf8InLatin1(string text)
    {
        var high = false;
        foreach (var c in text)
        {
            if (c > '\u00FF') return text;
            if (c >= '\u0080') high = true;
        }
        if (!high) return text;
        var bytes = Encoding.Latin1.GetBytes(text);
        var strict = new UTF8Encoding(false, true);
        try
        {
            return strict.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return text;
        }
    }

    // Replaces the bare tokens NaN, Infinity and -Infinity outside strings with null. Copies only when one is found.
    private static string ReplaceNonFiniteNumbers(ReadOnlySpan<char> text)
    {
        StringBuilder? sb = null;
        var copied = 0;
        var inString = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
                continue;
            }
            if (c == '"') { inString = true; continue; }
            int length;
            if (c == 'N' && Token(text, i, "NaN")) length = 3;
            else if (c == 'I' && Token(text, i, "Infinity")) length = 8;
            else if (c == '-' && Token(text, i, "-Infinity")) length = 9;
            else continue;
            sb ??= new StringBuilder(text.Length);
            sb.Append(text[copied..i]).Append("null");
            i += length - 1;
            copied = i + 1;
        }
        if (sb is null) return text.ToString();
        sb.Append(text[copied..]);
        return sb.ToString();
    }

    private static bool Token(ReadOnlySpan<char> text, int at, string token)
    {
        if (!text[at..].StartsWith(token, StringComparison.Ordinal)) return false;
        var before = at == 0 ? ' ' : text[at - 1];
        var after = at + token.Length >= text.Length ? ' ' : text[at + token.Length];
        return !char.IsLetterOrDigit(before) && !char.IsLetterOrDigit(after) && after != '_' && before != '_';
    }

    private static long OffsetOf(string text, long? line, long? bytePosition)
    {
        if (line is null) return -1;
        var start = 0;
        for (long l = 0; l < line && start < text.Length; l++)
        {
            var next = text.IndexOf('\n', start);
            if (next < 0) return -1;
            start = next + 1;
        }
        return start + (bytePosition ?? 0);
    }

    private static string FirstSentence(string message)
    {
        foreach (var marker in new[] { " LineNumber:", " Path:" })
        {
            var cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut > 0) message = message[..cut];
        }
        return message.TrimEnd();
    }
}
