using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Candor.Consent;

/// <summary>
/// An http or https URL parsed and normalised for consent matching, so that the spellings of one address that a
/// browser would fetch from the same place give the same keys.
/// </summary>
/// <remarks>
/// <para>
/// Normalisation: surrounding white space and control characters are trimmed and tabs and line breaks inside are
/// removed (as browsers do); the scheme and host are lower-cased; a Unicode host is converted to its IDNA ASCII form
/// (punycode); a trailing dot on the host is removed; the default port (80 for http, 443 for https) is dropped;
/// user information before an <c>@</c> is removed and named in <see cref="Removed"/> — in
/// <c>http://evil.com@artist.com/</c> the host is <c>artist.com</c>, never <c>evil.com</c>; a backslash ends the
/// host like a slash (<c>http://evil.com\@artist.com/</c> has the host <c>evil.com</c>, as browsers read it);
/// percent-escapes of unreserved characters (letters, digits, <c>-._~</c>) are decoded and the hex digits of the
/// others upper-cased; characters that may not appear in a URL are percent-encoded as UTF-8; the fragment is dropped;
/// <c>.</c> and <c>..</c> path segments are resolved; an empty path becomes <c>/</c> and an empty query is dropped.
/// </para>
/// <para>
/// Rejected with a reason: a scheme other than http or https, no host, a host with characters a DNS name cannot
/// have, a label longer than 63 or a name longer than 253 characters, a numeric host that is not a plain dotted
/// IPv4 address (<c>0x7f.1</c>, <c>2130706433</c>), an invalid IPv6 literal, a port that is not a number up to
/// 65535, and input longer than <see cref="MaxLength"/> characters.
/// </para>
/// <para>
/// The keys ignore the scheme: <c>http://artist.com/a.jpg</c> and <c>https://artist.com/a.jpg</c> are the same work,
/// because an artist who refuses one means both.
/// </para>
/// </remarks>
public sealed class ConsentUrl
{
    /// <summary>The longest URL accepted, in characters (longer input is rejected, not truncated).</summary>
    public const int MaxLength = 8192;

    private ConsentUrl(string scheme, string host, int? port, string path, string? query, string? removed, bool isIp)
    {
        Scheme = scheme;
        Host = host;
        Port = port;
        Path = path;
        Query = query;
        Removed = removed;
        IsIpAddress = isIp;
        Authority = port is null ? host : $"{host}:{port.Value.ToString(CultureInfo.InvariantCulture)}";
        Normalized = $"{scheme}://{Authority}{path}{(query is null ? "" : "?" + query)}";
    }

    /// <summary>The scheme, <c>http</c> or <c>https</c>.</summary>
    public string Scheme { get; }

    /// <summary>The host in lower case ASCII (punycode for Unicode names), without a trailing dot; an IPv6 address in brackets.</summary>
    public string Host { get; }

    /// <summary>The port when it is not the scheme's default; null otherwise.</summary>
    public int? Port { get; }

    /// <summary>The host and, when not the default, <c>:port</c>.</summary>
    public string Authority { get; }

    /// <summary>The normalised path, always starting with <c>/</c>.</summary>
    public string Path { get; }

    /// <summary>The normalised query without the <c>?</c>; null when there is none or it is empty.</summary>
    public string? Query { get; }

    /// <summary>What normalisation removed that changes what a reader might think the URL names (user information), or null.</summary>
    public string? Removed { get; }

    /// <summary>True when the host is an IPv4 or IPv6 address (it then has no parent domains).</summary>
    public bool IsIpAddress { get; }

    /// <summary>The whole normalised URL, without the fragment.</summary>
    public string Normalized { get; }

    /// <summary>The key of an exact-URL entry: authority, path and query, without the scheme (e.g. <c>artist.com/a.jpg?s=1</c>).</summary>
    public string ExactKey => Query is null ? Authority + Path : $"{Authority}{Path}?{Query}";

    /// <summary>
    /// The key of a URL-prefix entry registered with this URL: authority and path, ending with <c>/</c> (a slash is
    /// added when missing, so the prefix <c>artist.com/gallery</c> covers <c>/gallery/…</c> but not <c>/gallery2</c>);
    /// the query is ignored.
    /// </summary>
    public string PrefixKey => Authority + (Path.EndsWith('/') ? Path : Path + "/");

    /// <summary>
    /// The prefix keys that cover this URL, shortest first: the authority with each leading run of whole path
    /// segments (<c>artist.com/</c>, <c>artist.com/gallery/</c>, …), and the whole path as a folder.
    /// </summary>
    public IEnumerable<string> PrefixCandidates()
    {
        for (var i = Path.IndexOf('/'); i >= 0; i = Path.IndexOf('/', i + 1))
            yield return string.Concat(Authority, Path.AsSpan(0, i + 1));
        if (!Path.EndsWith('/')) yield return Authority + Path + "/";
    }

    /// <summary>
    /// The domain keys that cover this URL, most specific first: the host, then each parent domain
    /// (<c>a.b.artist.com</c>, <c>b.artist.com</c>, <c>artist.com</c>, <c>com</c>); only the host for an IP address.
    /// A domain entry therefore covers every subdomain, and every port, of its domain.
    /// </summary>
    public IEnumerable<string> DomainCandidates()
    {
        yield return Host;
        if (IsIpAddress) yield break;
        for (var i = Host.IndexOf('.'); i >= 0; i = Host.IndexOf('.', i + 1))
            yield return Host[(i + 1)..];
    }

    /// <inheritdoc/>
    public override string ToString() => Normalized;

    /// <summary>Parses and normalises <paramref name="text"/>.</summary>
    /// <exception cref="CandorFormatException">The text is not an acceptable http or https URL; the message says why.</exception>
    public static ConsentUrl Parse(string text) =>
        TryParse(text, out var url, out var problem) ? url : throw new CandorFormatException($"invalid URL: {problem}");

    /// <summary>Parses and normalises <paramref name="text"/>; false with the reason when it is not an acceptable http or https URL. Never throws.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ConsentUrl? url, [NotNullWhen(false)] out string? problem)
    {
        url = null;
        if (text is null) { problem = "no URL"; return false; }
        if (text.Length > MaxLength) { problem = $"longer than {MaxLength} characters"; return false; }
        var s = Clean(text);
        if (s.Length == 0) { problem = "empty"; return false; }
        var colon = s.IndexOf(':');
        if (colon <= 0 || !IsScheme(s.AsSpan(0, colon)))
        {
            problem = "no scheme: expected http:// or https://";
            return false;
        }
        var scheme = s[..colon].ToLowerInvariant();
        if (scheme is not ("http" or "https"))
        {
            problem = $"scheme '{scheme}' is not http or https";
            return false;
        }
        var rest = s.AsSpan(colon + 1);
        var slashes = 0;
        while (slashes < rest.Length && rest[slashes] is '/' or '\\') slashes++;
        rest = rest[slashes..];
        var hash = rest.IndexOf('#');
        if (hash >= 0) rest = rest[..hash];
        var end = rest.IndexOfAny("/?\\");
        var authority = end < 0 ? rest : rest[..end];
        var tail = end < 0 ? [] : rest[end..];
        string? removed = null;
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            var userinfo = authority[..at].ToString();
            authority = authority[(at + 1)..];
            removed = $"user information '{Truncate(userinfo)}' removed; the host is what follows the '@'";
        }
        if (!TrySplitPort(authority, scheme, out var hostText, out var port, out problem)) return false;
        if (!TryNormalizeHost(hostText, out var host, out var isIp, out problem)) return false;
        var question = tail.IndexOf('?');
        var pathText = question < 0 ? tail : tail[..question];
        var queryText = question < 0 ? [] : tail[(question + 1)..];
        var path = RemoveDotSegments(NormalizeEscapes(pathText.ToString().Replace('\\', '/'), isQuery: false));
        var query = queryText.IsEmpty ? null : NormalizeEscapes(queryText.ToString(), isQuery: true);
        url = new ConsentUrl(scheme, host, port, path, query, removed, isIp);
        problem = null;
        return true;
    }

    /// <summary>
    /// Normalises a bare domain name for a domain entry (<c>Artist.COM.</c> → <c>artist.com</c>, IDNA applied); a URL
    /// is accepted too and its host taken. False with the reason for an IP address, a single label such as
    /// <c>com</c> (too wide to belong to one owner) or an invalid name. Never throws.
    /// </summary>
    public static bool TryParseDomain(string? text, [NotNullWhen(true)] out string? domain, [NotNullWhen(false)] out string? problem)
    {
        domain = null;
        if (text is null) { problem = "no domain"; return false; }
        if (text.Length > MaxLength) { problem = $"longer than {MaxLength} characters"; return false; }
        var s = Clean(text);
        if (s.Length == 0) { problem = "empty"; return false; }
        if (s.Contains("://", StringComparison.Ordinal))
        {
            if (!TryParse(s, out var url, out problem)) return false;
            s = url.Host;
        }
        if (!TryNormalizeHost(s, out var host, out var isIp, out problem)) return false;
        if (isIp) { problem = "an IP address is not a domain (register the URL prefix instead)"; return false; }
        if (!host.Contains('.')) { problem = $"'{host}' is a single label, too wide for one owner"; return false; }
        domain = host;
        return true;
    }

    private static string Clean(string text)
    {
        var span = text.AsSpan().Trim("\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000B\f\r\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F ");
        if (span.IndexOfAny("\t\r\n") < 0) return span.ToString();
        var sb = new StringBuilder(span.Length);
        foreach (var c in span)
            if (c is not ('\t' or '\r' or '\n')) sb.Append(c);
        return sb.ToString();
    }

    private static bool IsScheme(ReadOnlySpan<char> s)
    {
        if (!char.IsAsciiLetter(s[0])) return false;
        foreach (var c in s)
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.')) return false;
        return true;
    }

    private static string Truncate(string s) => s.Length <= 64 ? s : s[..64] + "…";

    private static bool TrySplitPort(ReadOnlySpan<char> authority, string scheme, out string host, out int? port, [NotNullWhen(false)] out string? problem)
    {
        port = null;
        problem = null;
        var colon = authority.LastIndexOf(':');
        var bracket = authority.LastIndexOf(']');
        if (colon < 0 || colon < bracket)
        {
            host = authority.ToString();
            return true;
        }
        host = authority[..colon].ToString();
        var digits = authority[(colon + 1)..];
        if (digits.IsEmpty) return true;
        var value = 0;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c) || value > 65535)
            {
                problem = $"port '{Truncate(digits.ToString())}' is not a number from 0 to 65535";
                return false;
            }
            value = value * 10 + (c - '0');
        }
        if (value > 65535)
        {
            problem = $"port {value} is larger than 65535";
            return false;
        }
        if (!((scheme == "http" && value == 80) || (scheme == "https" && value == 443))) port = value;
        return true;
    }

    private static bool TryNormalizeHost(string text, out string host, out bool isIp, [NotNullWhen(false)] out string? problem)
    {
        host = "";
        isIp = false;
        problem = null;
        if (text.Length == 0) { problem = "no host"; return false; }
        if (text[0] == '[')
        {
            if (text[^1] != ']' || !IPAddress.TryParse(text.AsSpan(1, text.Length - 2), out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                problem = $"'{Truncate(text)}' is not a valid IPv6 address";
                return false;
            }
            host = $"[{v6}]";
            isIp = true;
            return true;
        }
        string decoded;
        try
        {
            decoded = text.Contains('%') ? Uri.UnescapeDataString(text) : text;
        }
        catch (UriFormatException)
        {
            problem = $"host '{Truncate(text)}' has a broken percent-escape";
            return false;
        }
        decoded = decoded.ToLowerInvariant().Replace('\u3002', '.').Replace('\uFF0E', '.').Replace('\uFF61', '.');
        if (decoded.EndsWith('.')) decoded = decoded[..^1];
        if (decoded.Length == 0) { problem = "no host"; return false; }
        if (decoded.Any(c => c > 127))
        {
            try
            {
                decoded = new IdnMapping().GetAscii(decoded).ToLowerInvariant();
            }
            catch (ArgumentException)
            {
                problem = $"host '{Truncate(decoded)}' is not a valid internationalised domain name";
                return false;
            }
        }
        if (decoded.Length > 253) { problem = "host longer than 253 characters"; return false; }
        var labels = decoded.Split('.');
        foreach (var label in labels)
        {
            if (label.Length == 0) { problem = $"host '{Truncate(decoded)}' has an empty label"; return false; }
            if (label.Length > 63) { problem = $"host label '{Truncate(label)}' is longer than 63 characters"; return false; }
            foreach (var c in label)
                if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c is not ('-' or '_'))
                {
                    problem = $"host '{Truncate(decoded)}' contains '{c}', which a domain name cannot have";
                    return false;
                }
        }
        var last = labels[^1];
        if (last.All(char.IsAsciiDigit) || (last.StartsWith("0x", StringComparison.Ordinal) && last.Length > 2))
        {
            if (labels.Length == 4 && labels.All(l => l.Length <= 3 && l.All(char.IsAsciiDigit) && int.Parse(l, CultureInfo.InvariantCulture) <= 255 && (l.Length == 1 || l[0] != '0')))
            {
                host = decoded;
                isIp = true;
                return true;
            }
            problem = $"numeric host '{Truncate(decoded)}' is not a plain dotted IPv4 address";
            return false;
        }
        host = decoded;
        return true;
    }

    private static bool IsUnreserved(int c) => char.IsAsciiLetterOrDigit((char)c) || c is '-' or '.' or '_' or '~';

    private static string NormalizeEscapes(string s, bool isQuery)
    {
        var sb = new StringBuilder(s.Length + 8);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '%')
            {
                if (i + 2 < s.Length && char.IsAsciiHexDigit(s[i + 1]) && char.IsAsciiHexDigit(s[i + 2]))
                {
                    var value = Convert.ToInt32(s.Substring(i + 1, 2), 16);
                    if (IsUnreserved(value)) sb.Append((char)value);
                    else sb.Append('%').Append(char.ToUpperInvariant(s[i + 1])).Append(char.ToUpperInvariant(s[i + 2]));
                    i += 2;
                }
                else sb.Append("%25");
                continue;
            }
            if (c < 128)
            {
                if (c <= ' ' || c == 127 || c is '"' or '<' or '>' or '`' or '{' or '}' or '|' or '^' || (c == '\'' && isQuery))
                    sb.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
                else sb.Append(c);
                continue;
            }
            int n;
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                n = Encoding.UTF8.GetBytes(s.AsSpan(i, 2), utf8);
                i++;
            }
            else n = Encoding.UTF8.GetBytes(char.IsSurrogate(c) ? "\uFFFD" : c.ToString(), utf8);
            for (var k = 0; k < n; k++) sb.Append('%').Append(utf8[k].ToString("X2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    private static string RemoveDotSegments(string path)
    {
        if (path.Length == 0) return "/";
        if (!path.Contains('.')) return path;
        var segments = path.Split('/');
        var output = new List<string>(segments.Length);
        // segments[0] is the empty string before the leading slash.
        for (var i = 1; i < segments.Length; i++)
        {
            var seg = segments[i];
            var last = i == segments.Length - 1;
            if (seg == ".")
            {
                if (last) output.Add("");
            }
            else if (seg == "..")
            {
                if (output.Count > 0) output.RemoveAt(output.Count - 1);
                if (last) output.Add("");
            }
            else output.Add(seg);
        }
        return "/" + string.Join('/', output);
    }
}
