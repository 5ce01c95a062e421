using System.Net;
using System.Text.RegularExpressions;

namespace Candor.Consent.Signals;

/// <summary>
/// Finds the <c>&lt;meta name=… content=…&gt;</c> (and EPUB <c>&lt;meta property=…&gt;text&lt;/meta&gt;</c>) elements of an
/// HTML or XML document head, leniently: attributes in any order, quoted or not, names case-insensitive, entities decoded.
/// Not an HTML parser: enough to read consent declarations from the first kilobytes of a page.
/// </summary>
public static partial class HtmlMeta
{
    /// <summary>How much of a document is scanned; declarations belong in the head.</summary>
    public const int MaxChars = 256 * 1024;

    /// <summary>Every meta element's name (or <c>property</c>) and content (or element text), in document order; names lower-cased.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Read(string? html)
    {
        if (string.IsNullOrEmpty(html)) return [];
        if (html.Length > MaxChars) html = html[..MaxChars];
        var found = new List<KeyValuePair<string, string>>();
        try
        {
            Scan(html, found);
        }
        catch (RegexMatchTimeoutException)
        {
            // A pathological document: keep what was found before the scan gave up.
        }
        return found;
    }

    private static void Scan(string html, List<KeyValuePair<string, string>> found)
    {
        foreach (Match tag in MetaTag().Matches(html))
        {
            string? name = null, content = null;
            foreach (Match a in Attribute().Matches(tag.Groups["attrs"].Value))
            {
                var key = a.Groups["key"].Value.ToLowerInvariant();
                var value = WebUtility.HtmlDecode(a.Groups["dq"].Success ? a.Groups["dq"].Value : a.Groups["sq"].Success ? a.Groups["sq"].Value : a.Groups["bare"].Value);
                if (key is "name" or "property" or "http-equiv") name ??= value;
                else if (key == "content") content ??= value;
            }
            if (content is null && !tag.Groups["selfclose"].Success)
            {
                // EPUB 3: <meta property="tdm:reservation">1</meta>
                var end = html.IndexOf("</meta", tag.Index + tag.Length, StringComparison.OrdinalIgnoreCase);
                if (end > 0 && end - (tag.Index + tag.Length) < 4096)
                    content = WebUtility.HtmlDecode(html[(tag.Index + tag.Length)..end]).Trim();
            }
            if (name is not null && content is not null)
                found.Add(new(name.Trim().ToLowerInvariant(), content.Trim()));
        }
    }

    [GeneratedRegex(@"<meta\b(?<attrs>[^>]*?)(?<selfclose>/)?>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex MetaTag();

    [GeneratedRegex(@"(?<key>[A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*(?:""(?<dq>[^""]*)""|'(?<sq>[^']*)'|(?<bare>[^\s""'=<>`]+))", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex Attribute();
}
