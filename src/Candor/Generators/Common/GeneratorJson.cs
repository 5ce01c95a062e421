using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Candor.Generators.Common;

/// <summary>
/// The one lenient, bounded JSON reader for what image generators embed, and the forgiving reads of its
/// values. It accepts what tools really write rather than strict RFC 8259:
/// <list type="bullet">
/// <item>bare <c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c> outside strings (Python's <c>json.dumps</c>, used by
/// ComfyUI) — read as <c>null</c>, since no typed parameter can hold them;</item>
/// <item>a trailing NUL terminator, trailing commas, <c>//</c> and <c>/* */</c> comments (skipped: hand-edited workflows carry them and they
/// cannot change a value), a leading byte-order mark;</item>
/// <item>duplicate property names (the first one wins when looked up).</item>
/// </list>
/// Nesting is capped at <see cref="MaxDepth"/> and the text at <see cref="MaxChars"/>; a failure is an error
/// message (from <see cref="TryParse(string, out JsonElement, out string?)"/>) or null, never a
/// <see cref="JsonException"/>. Values are read forgivingly: a property that is missing or of the wrong kind
/// gives null, because tools disagree on types (seeds as strings, steps as floats).
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

    /// <summary>Parses <paramref name="text"/>, or returns false with a plain-language <paramref name="error"/> so a parser can add a finding instead of failing the file.</summary>
    public static bool TryParse(string text, out JsonElement root, out string? error) => TryParse(text.AsMemory(), out root, out error);

    /// <summary>As <see cref="TryParse(string, out JsonElement, out string?)"/>, for a part of a longer text (no copy of it is made).</summary>
    internal static bool TryParse(ReadOnlyMemory<char> text, out JsonElement root, out string? error)
    {
        root = default;
        if (text.Length > MaxChars)
        {
            error = $"JSON text of {text.Length} characters exceeds the {MaxChars}-character cap";
            return false;
        }
        if (text.Length > 0 && text.Span[0] == '\uFEFF') text = text[1..];
        // C writers (Tensor.Art among them) leave the string terminator in the chunk.
        text = text.TrimEnd('\0');
        var prepared = ReplaceNonFiniteNumbers(text);
        try
        {
            using var doc = JsonDocument.Parse(prepared, Options);
            root = doc.RootElement.Clone();
            error = null;
            return true;
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1} of the line)" : "";
            error = $"malformed JSON{where}: {FirstSentence(e.Message)}";
            return false;
        }
    }

    /// <summary>True when the text, after leading whitespace, starts like a JSON object or array.</summary>
    public static bool LooksLikeJson(string text)
    {
        var s = text.AsSpan().TrimStart();
        return s.Length > 0 && (s[0] == '{' || s[0] == '[');
    }

    /// <summary>Parses <paramref name="text"/> as any JSON value; null when it is not JSON (the reason is dropped).</summary>
    public static JsonElement? TryParse(string text) => TryParse(text, out var root, out _) ? root : null;

    /// <summary>Parses <paramref name="text"/> as a JSON object; null when it is not one.</summary>
    public static JsonElement? TryParseObject(string text) => TryParse(text) is { ValueKind: JsonValueKind.Object } root ? root : null;

    /// <summary>Text of a JSON value: strings unquoted, numbers and booleans as written, null as null, arrays and objects as compact JSON.</summary>
    public static string? ToText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };

    /// <summary>
    /// The property <paramref name="name"/> of an object as <see cref="ToText"/> renders it (arrays and objects as
    /// compact JSON); null when absent, null or not an object. <see cref="Text"/> is the scalar-only form.
    /// </summary>
    public static string? Property(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) ? ToText(v) : null;

    /// <summary>The named property of an object, or null when <paramref name="e"/> is not an object or lacks it.</summary>
    internal static JsonElement? Prop(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v : null;

    /// <summary>Scalar as text: strings as is, numbers as written, booleans lower-case; null for null, objects and arrays.</summary>
    internal static string? AsText(this JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    /// <summary>Number (or numeric string) as a finite double; null otherwise.</summary>
    internal static double? AsDouble(this JsonElement e)
    {
        double d;
        if (e.ValueKind == JsonValueKind.Number) { if (!e.TryGetDouble(out d)) return null; }
        else if (e.ValueKind != JsonValueKind.String || !double.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out d)) return null;
        return double.IsFinite(d) ? d : null;
    }

    /// <summary>Number (or numeric string) as an int when it is whole and in range.</summary>
    internal static int? AsInt(this JsonElement e)
    {
        var d = e.AsDouble();
        if (d is not { } v || v != Math.Floor(v) || v < int.MinValue || v > int.MaxValue) return null;
        return (int)v;
    }

    /// <summary>Text of a named scalar property (<see cref="AsText"/>).</summary>
    internal static string? Text(this JsonElement e, string name) => e.Prop(name)?.AsText();

    /// <summary>A named numeric property (or numeric string) as a finite double.</summary>
    internal static double? Double(this JsonElement e, string name) => e.Prop(name)?.AsDouble();

    /// <summary>A named numeric property as an int when it is whole and in range.</summary>
    internal static int? Int(this JsonElement e, string name) => e.Prop(name)?.AsInt();

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

    private static readonly SearchValues<char> OutsideString = SearchValues.Create("\"NI-");
    private static readonly SearchValues<char> InsideString = SearchValues.Create("\"\\");

    // Replaces the bare tokens NaN, Infinity and -Infinity outside strings with null. Copies only when one is found; the
    // search jumps from candidate to candidate (vectorised) rather than looking at every character.
    private static ReadOnlyMemory<char> ReplaceNonFiniteNumbers(ReadOnlyMemory<char> memory)
    {
        var text = memory.Span;
        StringBuilder? sb = null;
        var copied = 0;
        var i = 0;
        while (i < text.Length)
        {
            var next = text[i..].IndexOfAny(OutsideString);
            if (next < 0) break;
            i += next;
            var c = text[i];
            if (c == '"')
            {
                for (i++; i < text.Length;)
                {
                    var special = text[i..].IndexOfAny(InsideString);
                    if (special < 0)
                    {
                        i = text.Length;
                        break;
                    }
                    i += special;
                    if (text[i] == '\\')
                    {
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                continue;
            }
            int length;
            if (c == 'N' && Token(text, i, "NaN")) length = 3;
            else if (c == 'I' && Token(text, i, "Infinity")) length = 8;
            else if (c == '-' && Token(text, i, "-Infinity")) length = 9;
            else
            {
                i++;
                continue;
            }
            sb ??= new StringBuilder(text.Length);
            sb.Append(text[copied..i]).Append("null");
            i += length;
            copied = i;
        }
        if (sb is null) return memory;
        sb.Append(text[copied..]);
        return sb.ToString().AsMemory();
    }

    private static bool Token(ReadOnlySpan<char> text, int at, string token)
    {
        if (!text[at..].StartsWith(token, StringComparison.Ordinal)) return false;
        var before = at == 0 ? ' ' : text[at - 1];
        var after = at + token.Length >= text.Length ? ' ' : text[at + token.Length];
        return !char.IsLetterOrDigit(before) && !char.IsLetterOrDigit(after) && after != '_' && before != '_';
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
