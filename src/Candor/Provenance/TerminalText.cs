using System.Globalization;
using System.Text;

namespace Candor.Provenance;

/// <summary>
/// Makes text read from files (prompts, metadata values, file names, messages that quote them)
/// safe to print on a terminal: every character that a terminal obeys instead of showing is
/// replaced by a visible escape, so a file cannot clear the screen, move the cursor over earlier
/// lines, set the window title, plant a hyperlink or reorder a line with bidi overrides to fake
/// a report. JSON writers escape these characters themselves and need none of this.
/// </summary>
/// <remarks>
/// Mapped: C0 controls (U+0000–U+001F), DEL (U+007F) and C1 controls (U+0080–U+009F) as
/// <c>\t</c>, <c>\n</c>, <c>\r</c>, <c>\e</c> or <c>\xHH</c>; bidi embeddings, overrides, isolates
/// and marks (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) and the line and paragraph
/// separators (U+2028, U+2029) as <c>\uHHHH</c>. Backslashes are left alone: Windows paths are full
/// of them, and a literal <c>\e</c> in a name is harmless. This lives in the library rather than in
/// the command line because every front end that writes plain text (the CLI, a server's log, the
/// darktable plug-in's messages) shows the same untrusted strings.
/// </remarks>
public static class TerminalText
{
    /// <summary>
    /// <paramref name="text"/> on one line with every control character visible (line breaks too,
    /// so a file name cannot start a fake line of its own). Returns the same instance when nothing
    /// needs mapping.
    /// </summary>
    public static string Visible(string? text) => Map(text ?? "", keepLineBreaks: false);

    /// <summary>
    /// Like <see cref="Visible"/>, but keeps line feeds (and CR LF pairs, as a line feed) for
    /// multi-line values such as prompts; a lone carriage return, which would let the next
    /// characters overwrite the line, is still made visible.
    /// </summary>
    public static string VisibleLines(string? text) => Map(text ?? "", keepLineBreaks: true);

    private static bool IsHidden(char c) =>
        c < 0x20 || c is >= '\u007F' and <= '\u009F'
        || c is '\u061C' or '\u200E' or '\u200F' or (>= '\u2028' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    private static string Map(string text, bool keepLineBreaks)
    {
        var first = 0;
        while (first < text.Length && (!IsHidden(text[first]) || keepLineBreaks && text[first] == '\n')) first++;
        if (first == text.Length) return text;

        var result = new StringBuilder(text.Length + 16).Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (keepLineBreaks && c == '\n') result.Append('\n');
            else if (keepLineBreaks && c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') continue;
            else if (!IsHidden(c)) result.Append(c);
            else result.Append(c switch
            {
                '\t' => @"\t",
                '\n' => @"\n",
                '\r' => @"\r",
                '\u001B' => @"\e",
                <= '\u00FF' => string.Create(CultureInfo.InvariantCulture, $@"\x{(int)c:X2}"),
                _ => string.Create(CultureInfo.InvariantCulture, $@"\u{(int)c:X4}"),
            });
        }
        return result.ToString();
    }
}
