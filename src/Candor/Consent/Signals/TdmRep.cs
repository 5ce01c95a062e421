using System.Text;
using System.Text.RegularExpressions;

namespace Candor.Consent.Signals;

/// <summary>
/// W3C TDM Reservation Protocol: reading the declaration from HTTP headers, HTML meta, EPUB package metadata and PDF XMP;
/// combining them in the spec's priority order (tdmrep.json, then headers, then the content's own metadata, each later
/// one superseding an earlier one only when it says something); and turning the result into consent evidence.
/// A reservation (1) refuses text and data mining and with it every kind of AI training; 0 explicitly allows them.
/// </summary>
public static partial class TdmRep
{
    /// <summary>1 or 0 for the values "1" and "0" (surrounding white space ignored); null for anything else, which the spec calls a protocol error ("unset").</summary>
    public static int? ReservationValue(string? value) => value?.Trim() switch
    {
        "1" => 1,
        "0" => 0,
        _ => null,
    };

    /// <summary>The declaration in HTTP response headers (<c>tdm-reservation</c>, <c>tdm-policy</c>, names case-insensitive); null when neither is present.</summary>
    public static TdmDeclaration? FromHeaders(IEnumerable<KeyValuePair<string, string>> headers)
    {
        string? reservation = null, policy = null;
        foreach (var (name, value) in headers)
        {
            if (name.Equals("tdm-reservation", StringComparison.OrdinalIgnoreCase)) reservation ??= value;
            else if (name.Equals("tdm-policy", StringComparison.OrdinalIgnoreCase)) policy ??= value;
        }
        return Declaration(reservation, policy, "tdm-reservation header");
    }

    /// <summary>The declaration in an HTML head (<c>&lt;meta name="tdm-reservation"&gt;</c>, <c>tdm-policy</c>); null when absent.</summary>
    public static TdmDeclaration? FromHtml(string? html) => FromMeta(HtmlMeta.Read(html), "tdm-reservation", "tdm-policy", "HTML meta tdm-reservation");

    /// <summary>The declaration in an EPUB package document (EPUB 2 <c>&lt;meta name="tdm:reservation" content=…&gt;</c> or EPUB 3 <c>&lt;meta property="tdm:reservation"&gt;…&lt;/meta&gt;</c>); null when absent.</summary>
    public static TdmDeclaration? FromEpubPackage(string? opf) => FromMeta(HtmlMeta.Read(opf), "tdm:reservation", "tdm:policy", "EPUB package tdm:reservation");

    /// <summary>The declaration in XMP (PDF metadata): <c>&lt;tdm:reservation&gt;</c> / <c>&lt;tdm:policy&gt;</c> elements or attributes; null when absent.</summary>
    public static TdmDeclaration? FromXmp(string? xmp)
    {
        if (string.IsNullOrEmpty(xmp)) return null;
        try
        {
            return Declaration(XmpProperty(xmp, "reservation"), XmpProperty(xmp, "policy"), "XMP tdm:reservation");
        }
        catch (RegexMatchTimeoutException)
        {
            return new TdmDeclaration(null, null, "XMP tdm:reservation", "metadata too large or malformed to scan");
        }
    }

    private static string? XmpProperty(string xmp, string name)
    {
        var element = Regex.Match(xmp, $@"<tdm:{name}\s*>\s*([^<]*?)\s*</tdm:{name}\s*>", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(2));
        if (element.Success) return element.Groups[1].Value;
        var attribute = Regex.Match(xmp, $@"\btdm:{name}\s*=\s*[""']([^""']*)[""']", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(2));
        return attribute.Success ? attribute.Groups[1].Value : null;
    }

    private static TdmDeclaration? FromMeta(IReadOnlyList<KeyValuePair<string, string>> meta, string reservationName, string policyName, string source)
    {
        var reservation = meta.FirstOrDefault(m => m.Key == reservationName).Value;
        var policy = meta.FirstOrDefault(m => m.Key == policyName).Value;
        return Declaration(reservation, policy, source);
    }

    private static TdmDeclaration? Declaration(string? reservation, string? policy, string source)
    {
        if (reservation is null && policy is null) return null;
        var value = ReservationValue(reservation);
        var problem = reservation is null
            ? "tdm-policy without tdm-reservation"
            : value is null ? $"tdm-reservation '{Shorten(reservation)}' is neither 0 nor 1 (protocol error: unset)" : null;
        return new TdmDeclaration(value, value == 1 ? policy?.Trim() : null, source, problem);
    }

    /// <summary>
    /// The effective declaration from declarations in processing order (tdmrep.json, headers, then HTML/EPUB/XMP): a later one
    /// supersedes an earlier one only when its reservation is set; absence or an invalid value does not reset an earlier one.
    /// Null when none sets a reservation.
    /// </summary>
    public static TdmDeclaration? Resolve(params IEnumerable<TdmDeclaration?> inOrder) =>
        inOrder.LastOrDefault(d => d?.Reservation is not null);

    /// <summary>
    /// True when a tdmrep.json <paramref name="location"/> matches <paramref name="url"/> (a URL or a path): robots.txt
    /// patterns (<c>*</c>, a final <c>$</c>, prefix match), compared after percent-decoding unreserved characters on both
    /// sides; <c>%24</c> and <c>%2A</c> in a pattern match a literal <c>$</c> and <c>*</c>.
    /// </summary>
    public static bool LocationMatches(string location, string url)
    {
        var path = NormalizePath(RobotsTxt.PathParamsQuery(url));
        var pattern = NormalizePattern(location.Trim());
        return RobotsTxt.PatternMatches(path, pattern);
    }

    // A literal '$' or '*' is carried as a private-use character so that only the pattern's own '*' and final '$' are special.
    private const char LiteralDollar = '\uE024';
    private const char LiteralStar = '\uE02A';

    private static string NormalizePath(string path)
    {
        var sb = new StringBuilder(path.Length);
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (c == '%' && TryHex(path, i, out var decoded))
            {
                sb.Append(Decoded(decoded, path, i));
                i += 2;
            }
            else
            {
                sb.Append(c switch { '$' => LiteralDollar, '*' => LiteralStar, _ => c });
            }
        }
        return sb.ToString();
    }

    private static string NormalizePattern(string pattern)
    {
        var sb = new StringBuilder(pattern.Length);
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '%' && TryHex(pattern, i, out var decoded))
            {
                sb.Append(Decoded(decoded, pattern, i));
                i += 2;
            }
            else if (c == '$' && i != pattern.Length - 1)
            {
                sb.Append(LiteralDollar);
            }
            else if (!char.IsAscii(c))
            {
                foreach (var b in Encoding.UTF8.GetBytes(c.ToString())) sb.Append('%').Append(b.ToString("X2"));
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    private static string Decoded(byte b, string s, int i) => (char)b switch
    {
        '$' => LiteralDollar.ToString(),
        '*' => LiteralStar.ToString(),
        var ch when char.IsAsciiLetterOrDigit(ch) || ch is '-' or '.' or '_' or '~' => ch.ToString(),
        _ => s.Substring(i, 3).ToUpperInvariant(),
    };

    private static bool TryHex(string s, int i, out byte value)
    {
        value = 0;
        if (i + 2 >= s.Length || !char.IsAsciiHexDigit(s[i + 1]) || !char.IsAsciiHexDigit(s[i + 2])) return false;
        value = Convert.ToByte(s.Substring(i + 1, 2), 16);
        return true;
    }

    /// <summary>
    /// The evidence a declaration (read at <paramref name="where"/>, a URL) gives about every use: a reservation refuses text and
    /// data mining and so every kind of AI training; 0 allows them; unset says nothing.
    /// </summary>
    public static ConsentEvidence Evidence(TdmDeclaration declaration, string where)
    {
        var from = declaration.Source;
        return declaration.Reservation switch
        {
            1 => new ConsentEvidence("tdmrep", where,
                $"{from}: TDM rights reserved{(declaration.Policy is null ? "" : $"; licence terms at {declaration.Policy}")}", ConsentVerdict.Forbidden),
            0 => new ConsentEvidence("tdmrep", where, $"{from}: TDM rights not reserved", ConsentVerdict.Allowed),
            _ => new ConsentEvidence("tdmrep", where, $"{from}: {declaration.Problem ?? "no reservation"}", ConsentVerdict.NotStated),
        };
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
