using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;

namespace Candor.Consent;

/// <summary>
/// The scheme-less key of a normalised URL (<see cref="ConsentUrl.ExactKey"/>) as ASCII bytes in a reusable buffer,
/// with the positions of its host, authority, path and query, for a bulk check that hashes the candidate keys in
/// place instead of making a <see cref="ConsentUrl"/> and its strings for every URL.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Bytes"/> holds one spare byte in front of the key (index 0, for a kind letter that the caller writes) and
/// the key from index 1: <c>host[:port]</c>, the path, and <c>?query</c> when there is a query. The key is exactly
/// the bytes of <see cref="ConsentUrl.ExactKey"/>.
/// </para>
/// <para>
/// URLs that are already in normal form — http or https, a lower- or upper-case ASCII DNS name without a port, user
/// information, trailing dot or percent-escape, and a path and query of plain URL characters with escapes already
/// upper-case, no <c>.</c> or <c>..</c> segments — are copied in one pass without allocating; LAION-style URLs are
/// almost all of this kind. Anything else goes through <see cref="ConsentUrl.TryParse"/>, so both ways give the same
/// key by construction (a property test compares them on random input).
/// </para>
/// </remarks>
public sealed class ConsentUrlKey
{
    private byte[] _bytes = new byte[256];

    /// <summary>Index 0 is free for a kind letter; the key is at 1 … <see cref="Length"/>, plus one spare byte after it.</summary>
    public byte[] Bytes => _bytes;

    /// <summary>The key's length in bytes (without the byte in front).</summary>
    public int Length { get; private set; }

    /// <summary>The host's length: the host is at 1 … <see cref="HostLength"/>.</summary>
    public int HostLength { get; private set; }

    /// <summary>The authority's length (host and, when not the default, <c>:port</c>); the path starts after it.</summary>
    public int AuthorityLength { get; private set; }

    /// <summary>The path's length (at least 1: it always starts with <c>/</c>).</summary>
    public int PathLength { get; private set; }

    /// <summary>True when the host is an IP address (it then has no parent domains).</summary>
    public bool IsIpAddress { get; private set; }

    /// <summary>The key as text (for evidence on a hit; allocates).</summary>
    public string Key => Encoding.ASCII.GetString(_bytes, 1, Length);

    /// <summary>The host as text (allocates).</summary>
    public string Host => Encoding.ASCII.GetString(_bytes, 1, HostLength);

    /// <summary>The path as text (allocates).</summary>
    public string Path => Encoding.ASCII.GetString(_bytes, 1 + AuthorityLength, PathLength);

    /// <summary>The authority as text (allocates).</summary>
    public string Authority => Encoding.ASCII.GetString(_bytes, 1, AuthorityLength);

    /// <summary>Normalises <paramref name="text"/> into this buffer; false with the reason (<see cref="ConsentUrl.TryParse"/>'s) when it is not an acceptable URL. Never throws.</summary>
    public bool TrySet(string? text, [NotNullWhen(false)] out string? problem)
    {
        if (text is not null && TrySetNormal(text))
        {
            problem = null;
            return true;
        }
        if (!ConsentUrl.TryParse(text, out var url, out problem)) return false;
        var host = url.Host;
        var authority = url.Authority;
        var path = url.Path;
        var query = url.Query;
        var length = authority.Length + path.Length + (query is null ? 0 : 1 + query.Length);
        Reserve(length);
        var at = Put(authority, 1);
        at = Put(path, at);
        if (query is not null)
        {
            _bytes[at++] = (byte)'?';
            Put(query, at);
        }
        Length = length;
        HostLength = host.Length;
        AuthorityLength = authority.Length;
        PathLength = path.Length;
        IsIpAddress = url.IsIpAddress;
        return true;
    }

    private int Put(string s, int at)
    {
        // The normalised parts are ASCII (punycode host, percent-escaped path and query).
        foreach (var c in s) _bytes[at++] = (byte)c;
        return at;
    }

    private void Reserve(int length)
    {
        if (length + 2 > _bytes.Length) _bytes = new byte[Math.Max(length + 2, _bytes.Length * 2)];
    }

    /// <summary>The one-pass copy for a URL already in normal form; false (buffer contents undefined) for anything that needs <see cref="ConsentUrl.TryParse"/>.</summary>
    private bool TrySetNormal(string s)
    {
        int start;
        if (s.Length > 8 && (s[4] | 0x20) == 's' && s[5] == ':' && s[6] == '/' && s[7] == '/' && IsHttp(s)) start = 8;
        else if (s.Length > 7 && s[4] == ':' && s[5] == '/' && s[6] == '/' && IsHttp(s)) start = 7;
        else return false;
        if (s.Length > ConsentUrl.MaxLength || s[^1] <= ' ') return false;
        Reserve(s.Length);
        var b = _bytes;
        // Host: labels of [a-z0-9-_] (upper case folded), 1–63 each, at most 253 in all; no port, user, escape or trailing dot.
        var i = start;
        var labelStart = i;
        var lastLabelDigit = false;
        for (; i < s.Length; i++)
        {
            var c = s[i];
            if (c is '/' or '?' or '#') break;
            if (c == '.')
            {
                if (i == labelStart || i - labelStart > 63) return false;
                labelStart = i + 1;
                b[1 + i - start] = (byte)'.';
                continue;
            }
            if (char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_') { }
            else if (char.IsAsciiLetterUpper(c)) c = (char)(c | 0x20);
            else return false;
            if (i == labelStart) lastLabelDigit = char.IsAsciiDigit(c);
            b[1 + i - start] = (byte)c;
        }
        var hostLength = i - start;
        if (hostLength == 0 || hostLength > 253 || i == labelStart || i - labelStart > 63) return false;
        // A numeric last label (IPv4, 0x…) is left to the full parser.
        if (lastLabelDigit) return false;
        var at = 1 + hostLength;
        // Path (and query): plain URL characters only; escapes must already be in normal form.
        var pathStart = at;
        var queryAt = -1;
        if (i == s.Length || s[i] != '/')
        {
            // An empty path becomes "/".
            b[at++] = (byte)'/';
        }
        for (; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '#') break;
            if (c >= 127 || c <= ' ' || c is '"' or '<' or '>' or '`' or '{' or '}' or '|' or '^' or '\\') return false;
            if (c == '%')
            {
                if (i + 2 >= s.Length || !IsUpperHex(s[i + 1]) || !IsUpperHex(s[i + 2]) || IsUnreserved(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]))) return false;
            }
            else if (c == '?')
            {
                if (queryAt < 0) queryAt = at;
            }
            else if (c == '\'' && queryAt >= 0) return false;
            else if (c == '.' && queryAt < 0 && b[at - 1] == '/' && IsDotSegment(s, i)) return false;
            b[at++] = (byte)c;
        }
        // An empty query ("…?" or "…?#x") is dropped.
        if (queryAt >= 0 && queryAt == at - 1) at--;
        HostLength = hostLength;
        AuthorityLength = hostLength;
        PathLength = (queryAt >= 0 && queryAt < at ? queryAt : at) - pathStart;
        Length = at - 1;
        IsIpAddress = false;
        return true;
    }

    private static bool IsHttp(string s) => (s[0] | 0x20) == 'h' && (s[1] | 0x20) == 't' && (s[2] | 0x20) == 't' && (s[3] | 0x20) == 'p';

    /// <summary>True when the segment starting at <paramref name="i"/> (just after a slash) is <c>.</c> or <c>..</c>.</summary>
    private static bool IsDotSegment(string s, int i)
    {
        var k = i + 1;
        if (k < s.Length && s[k] == '.') k++;
        return k == s.Length || s[k] is '/' or '?' or '#';
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsUpperHex(char c) => char.IsAsciiDigit(c) || c is >= 'A' and <= 'F';

    private static int HexValue(char c) => c <= '9' ? c - '0' : c - 'A' + 10;

    private static bool IsUnreserved(int c) => char.IsAsciiLetterOrDigit((char)c) || c is '-' or '.' or '_' or '~';
}
