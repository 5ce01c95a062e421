using System.Text;
using System.Text.Json;

namespace Candor.Generators.A1111;

/// <summary>
/// The AUTOMATIC1111 "infotext" grammar, as webui's <c>parse_generation_parameters</c> reads it:
/// <code>
///   prompt line 1                      ← lines before "Negative prompt:" are the prompt
///   prompt line 2 …
///   Negative prompt: text …            ← this line and the ones after it (but the last) are the negative prompt
///   Key: value, Key: "json quoted", …  ← the last line, only if the key/value pattern matches it ≥ 3 times
/// </code>
/// The key/value pattern is <c>\s*(\w[\w \-/]+):\s*("(?:\\.|[^\\"])+"|[^,]*)(?:,|$)</c>; it is implemented here as a
/// linear scan (the regex is quadratic on long lines that never reach a colon). Beyond webui it accepts Windows
/// newlines, trims blank lines around the prompts, and lifts out the unquoted JSON of Civitai
/// (<c>Civitai resources: [...]</c>, <c>Civitai metadata: {...}</c>) and of the Civitai extension
/// (<c>Hashes: {...}</c>) by balanced brackets before the comma grammar would cut it apart.
/// </summary>
public sealed class A1111Infotext
{
    /// <summary>Keys whose value may be unquoted JSON; the table is the only place to add one.</summary>
    private static readonly string[] RawJsonKeys = ["Civitai resources", "Civitai metadata", "Hashes"];

    private const string NegativeMarker = "Negative prompt:";

    private A1111Infotext(string prompt, string negative, IReadOnlyList<InfotextEntry> entries, int promptLine,
        int? negativeLine, int? parameterLine, string? unparsed)
    {
        Prompt = prompt;
        NegativePrompt = negative;
        Entries = entries;
        PromptLine = promptLine;
        NegativePromptLine = negativeLine;
        ParameterLine = parameterLine;
        UnparsedText = unparsed;
    }

    /// <summary>The prompt (lines joined with "\n", each trimmed; blank lines at either end dropped).</summary>
    public string Prompt { get; }

    /// <summary>The negative prompt, empty when there is none.</summary>
    public string NegativePrompt { get; }

    /// <summary>Key/values of the parameter line in written order; empty when the last line is not a parameter line.</summary>
    public IReadOnlyList<InfotextEntry> Entries { get; }

    /// <summary>1-based line (in the original text) where the prompt starts.</summary>
    public int PromptLine { get; }

    /// <summary>1-based line of "Negative prompt:", or null.</summary>
    public int? NegativePromptLine { get; }

    /// <summary>1-based line of the parameter line, or null when there is none.</summary>
    public int? ParameterLine { get; }

    /// <summary>Text of the parameter line that no key/value explains (other than separators), or null.</summary>
    public string? UnparsedText { get; }

    /// <summary>True when the text has a parameter line (the key/value pattern matched it at least 3 times).</summary>
    public bool HasParameters => Entries.Count > 0;

    /// <summary>First value for <paramref name="key"/> (exact, case-sensitive as webui writes keys), or null.</summary>
    public string? this[string key]
    {
        get
        {
            foreach (var e in Entries) if (e.Key == key) return e.Value;
            return null;
        }
    }

    /// <summary>Parses infotext. Never throws; linear in the length of the text.</summary>
    public static A1111Infotext Parse(string text)
    {
        // Line numbers refer to the original text, so count the lines the outer trim drops.
        var start = 0;
        while (start < text.Length && char.IsWhiteSpace(text[start])) start++;
        var end = text.Length;
        while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
        var firstLine = 1 + CountNewlines(text.AsSpan(0, start));
        var body = text.AsSpan(start, end - start);

        var lines = new List<(int Start, int Length)>();
        var pos = 0;
        while (true)
        {
            var nl = body[pos..].IndexOf('\n');
            if (nl < 0) { lines.Add((pos, body.Length - pos)); break; }
            lines.Add((pos, nl));
            pos += nl + 1;
        }

        var last = lines[^1];
        var lastText = body.Slice(last.Start, last.Length).TrimEnd('\r').ToString();
        var entries = new List<InfotextEntry>();
        var unparsed = ScanParameters(lastText, entries);
        int? parameterLine = null;
        var promptLineCount = lines.Count;
        if (entries.Count >= 3)
        {
            parameterLine = firstLine + lines.Count - 1;
            promptLineCount--;
        }
        else
        {
            entries.Clear();
            unparsed = null;
        }

        var prompt = new StringBuilder();
        var negative = new StringBuilder();
        int? negativeLine = null;
        for (var i = 0; i < promptLineCount; i++)
        {
            var line = body.Slice(lines[i].Start, lines[i].Length).Trim();
            if (negativeLine is null && line.StartsWith(NegativeMarker, StringComparison.Ordinal))
            {
                negativeLine = firstLine + i;
                line = line[NegativeMarker.Length..].Trim();
            }
            AppendLine(negativeLine is null ? prompt : negative, line);
        }

        return new A1111Infotext(TrimBlankLines(prompt), TrimBlankLines(negative), entries, firstLine, negativeLine, parameterLine, unparsed);
    }

    /// <summary>
    /// Scans <paramref name="line"/> for key/values exactly as the webui pattern's findall would, in linear time.
    /// Returns the text not covered by any match (null when only separators remain).
    /// </summary>
    internal static string? ScanParameters(string line, List<InfotextEntry> entries)
    {
        int[]? closingQuote = null;
        StringBuilder? gaps = null;
        var pos = 0;
        var gapStart = 0;
        while (pos < line.Length)
        {
            var attempt = pos;
            var p = pos;
            while (p < line.Length && char.IsWhiteSpace(line[p])) p++;

            if (IsKeyBoundary(line, p) && TryRawJson(line, p, out var rawKey, out var rawValue, out var rawEnd))
            {
                AddGap(line, gapStart, attempt, ref gaps);
                entries.Add(new InfotextEntry(rawKey, rawValue, RawJson: true));
                pos = gapStart = rawEnd;
                continue;
            }

            // Key: \w[\w \-/]+ then ':'; the run is maximal because ':' is not a key character.
            if (p >= line.Length || !IsWord(line[p]))
            {
                pos = Math.Max(attempt + 1, p);
                continue;
            }
            var keyEnd = p + 1;
            while (keyEnd < line.Length && IsKeyChar(line[keyEnd])) keyEnd++;
            if (keyEnd - p < 2 || keyEnd >= line.Length || line[keyEnd] != ':')
            {
                // Every start inside this run ends at the same non-colon, so skip it whole.
                pos = Math.Max(attempt + 1, keyEnd);
                continue;
            }

            var key = line[p..keyEnd].TrimEnd();
            var v = keyEnd + 1;
            while (v < line.Length && char.IsWhiteSpace(line[v])) v++;

            string value;
            var quoted = false;
            int next;
            var close = v < line.Length && line[v] == '"' ? ClosingQuote(line, v + 1, ref closingQuote) : -1;
            if (close > v + 1 && (close + 1 == line.Length || line[close + 1] == ','))
            {
                value = Unquote(line.Substring(v, close - v + 1));
                quoted = true;
                next = Math.Min(close + 2, line.Length);
            }
            else
            {
                var comma = line.IndexOf(',', v);
                var valueEnd = comma < 0 ? line.Length : comma;
                value = line[v..valueEnd];
                next = comma < 0 ? line.Length : comma + 1;
            }
            AddGap(line, gapStart, attempt, ref gaps);
            entries.Add(new InfotextEntry(key, value, quoted));
            pos = gapStart = next;
        }
        AddGap(line, gapStart, line.Length, ref gaps);
        return gaps?.ToString();
    }

    /// <summary>
    /// Index of the quote closing a quoted value whose body starts at <paramref name="bodyStart"/>, or -1. Computed
    /// for all positions at once, right to left, so repeated attempts stay linear.
    /// </summary>
    private static int ClosingQuote(string line, int bodyStart, ref int[]? table)
    {
        if (table is null)
        {
            table = new int[line.Length + 2];
            table[line.Length] = table[line.Length + 1] = -1;
            for (var i = line.Length - 1; i >= 0; i--)
            {
                table[i] = line[i] switch
                {
                    '"' => i,
                    '\\' => i + 2 <= line.Length && line[i + 1] != '\n' ? table[i + 2] : -1,
                    '\n' => -1,
                    _ => table[i + 1],
                };
            }
        }
        return bodyStart <= line.Length ? table[bodyStart] : -1;
    }

    private static bool TryRawJson(string line, int p, out string key, out string value, out int end)
    {
        key = value = "";
        end = p;
        foreach (var candidate in RawJsonKeys)
        {
            if (string.CompareOrdinal(line, p, candidate, 0, candidate.Length) != 0) continue;
            var c = p + candidate.Length;
            if (c >= line.Length || line[c] != ':') continue;
            c++;
            while (c < line.Length && char.IsWhiteSpace(line[c])) c++;
            if (c >= line.Length || (line[c] != '[' && line[c] != '{')) continue;
            var close = BalancedEnd(line, c);
            if (close < 0) continue;
            var after = close + 1;
            while (after < line.Length && char.IsWhiteSpace(line[after])) after++;
            if (after < line.Length && line[after] != ',') continue;
            key = candidate;
            value = line[c..(close + 1)];
            end = Math.Min(after + 1, line.Length);
            return true;
        }
        return false;
    }

    /// <summary>Index of the bracket closing the JSON array/object that opens at <paramref name="open"/>, honouring strings; -1 if unbalanced.</summary>
    private static int BalancedEnd(string line, int open)
    {
        var depth = 0;
        var inString = false;
        for (var i = open; i < line.Length; i++)
        {
            var ch = line[i];
            if (inString)
            {
                if (ch == '\\') i++;
                else if (ch == '"') inString = false;
                continue;
            }
            switch (ch)
            {
                case '"': inString = true; break;
                case '[' or '{': depth++; break;
                case ']' or '}':
                    depth--;
                    if (depth == 0) return i;
                    break;
            }
        }
        return -1;
    }

    private static string Unquote(string quoted)
    {
        try
        {
            using var doc = JsonDocument.Parse(quoted);
            if (doc.RootElement.ValueKind == JsonValueKind.String) return doc.RootElement.GetString() ?? quoted;
        }
        catch (JsonException)
        {
            // webui keeps the text as written when json.loads fails.
        }
        return quoted;
    }

    private static bool IsKeyBoundary(string line, int p) => p == 0 || line[p - 1] == ',' || char.IsWhiteSpace(line[p - 1]);

    private static bool IsWord(char c) => char.IsLetterOrDigit(c) || c == '_' || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.ConnectorPunctuation;

    private static bool IsKeyChar(char c) => IsWord(c) || c is ' ' or '-' or '/';

    private static void AddGap(string line, int from, int to, ref StringBuilder? gaps)
    {
        if (to <= from) return;
        var gap = line.AsSpan(from, to - from).Trim().Trim(',').Trim();
        if (gap.IsEmpty) return;
        gaps ??= new StringBuilder();
        if (gaps.Length > 0) gaps.Append(" … ");
        gaps.Append(gap);
    }

    private static int CountNewlines(ReadOnlySpan<char> s) => s.Count('\n');

    // webui's rule: a newline joins lines only once the text is non-empty, so leading blank lines vanish.
    private static void AppendLine(StringBuilder sb, ReadOnlySpan<char> line)
    {
        if (sb.Length > 0) sb.Append('\n');
        sb.Append(line);
    }

    private static string TrimBlankLines(StringBuilder sb) => sb.ToString().Trim('\n', '\r', ' ', '\t');
}
