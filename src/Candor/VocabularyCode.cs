namespace Candor;

/// <summary>
/// Pulls the short code out of a controlled-vocabulary value as files write it:
/// "http://base/code", "https://base/code", either with a trailing slash, an optional QCode
/// alias ("digsrctype:code"), or the bare code.
/// </summary>
internal static class VocabularyCode
{
    /// <summary>The short code of <paramref name="value"/> in the vocabulary at <paramref name="schemeHostAndPath"/> (e.g. "cv.iptc.org/newscodes/digitalsourcetype/"); null when it names another vocabulary.</summary>
    public static string? ShortName(string? value, string schemeHostAndPath, string? qcodeAlias = null)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var s = value.Trim();
        foreach (var scheme in (ReadOnlySpan<string>)["http://", "https://"])
        {
            if (s.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                var rest = s[scheme.Length..];
                if (!rest.StartsWith(schemeHostAndPath, StringComparison.OrdinalIgnoreCase)) return null;
                return Bare(rest[schemeHostAndPath.Length..]);
            }
        }
        if (qcodeAlias is not null && s.StartsWith(qcodeAlias + ":", StringComparison.OrdinalIgnoreCase))
            return Bare(s[(qcodeAlias.Length + 1)..]);
        return s.Contains('/') || s.Contains(':') ? null : Bare(s);
    }

    private static string? Bare(string code)
    {
        code = code.TrimEnd('/');
        return code.Length == 0 || code.Contains('/') ? null : code;
    }
}
