using System.Buffers;
using System.Text;

namespace Candor.Consent.Signals;

// robots.txt (RFC 9309), read the way Google's reference parser (google/robotstxt) reads it:
//
//   file   = [UTF-8 BOM] *line            lines end with LF, CR or CRLF; a line keeps at most 2083×8−1 bytes
//   line   = key [ws] ":" [ws] value [# comment]
//          | key ws value                 (Google: a missing colon is accepted when there are exactly two words)
//   key    = user-agent | allow | disallow | sitemap | anything else (ignored), case-insensitive, prefix match
//   group  = 1*user-agent-line 1*rule-line  (a user-agent line after a rule starts a new group)
//
// Matching replays the lines in order for one path: in the groups that name the agent (its product token,
// case-insensitive) the longest matching Allow/Disallow pattern wins and Allow wins a tie; only when no group
// names the agent does the "*" group speak. Patterns: "*" any run of bytes, "$" at the end anchors.

/// <summary>
/// A parsed robots.txt file that answers "may this user agent fetch this URL?" exactly as Google's reference
/// matcher does (RFC 9309 plus Google's documented leniencies), and says which line decided.
/// </summary>
public sealed class RobotsTxt
{
    /// <summary>How much of a file is read: RFC 9309 asks crawlers to parse at least 500 KiB; the rest is ignored.</summary>
    public const int MaxBytes = 500 * 1024;

    /// <summary>Bytes of one line that are kept (Google's limit, 8 × the 2,083-byte URL limit, less one); the rest of the line is dropped.</summary>
    public const int MaxLineBytes = (2083 * 8) - 1;

    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    private readonly RobotsDirective[] _lines;

    private RobotsTxt(RobotsDirective[] lines, int lineCount, bool truncated, int longLines)
    {
        _lines = lines;
        LineCount = lineCount;
        Truncated = truncated;
        LinesCut = longLines;
    }

    /// <summary>Every recognised <c>key: value</c> line in file order (user-agent, allow, disallow, sitemap and unknown keys).</summary>
    public IReadOnlyList<RobotsDirective> Directives => _lines;

    /// <summary>How many lines the file has (the last line counts even when empty).</summary>
    public int LineCount { get; }

    /// <summary>True when the file was longer than <see cref="MaxBytes"/> and only its start was read.</summary>
    public bool Truncated { get; }

    /// <summary>How many lines were longer than <see cref="MaxLineBytes"/> and were cut.</summary>
    public int LinesCut { get; }

    /// <summary>The user-agent, allow, disallow and sitemap lines (what Google's parser reports as valid directives).</summary>
    public int ValidDirectives => _lines.Count(d => d.Kind != RobotsDirectiveKind.Unknown);

    /// <summary>The <c>key: value</c> lines whose key is not one robots.txt defines.</summary>
    public int UnknownDirectives => _lines.Count(d => d.Kind == RobotsDirectiveKind.Unknown);

    /// <summary>The values of the Sitemap lines, in file order.</summary>
    public IReadOnlyList<string> Sitemaps => [.. _lines.Where(d => d.Kind == RobotsDirectiveKind.Sitemap).Select(d => d.Value)];

    /// <summary>True when some group names <paramref name="userAgent"/> (by its product token, case-insensitive).</summary>
    public bool NamesAgent(string userAgent) =>
        _lines.Any(d => d.Kind == RobotsDirectiveKind.UserAgent && !IsWildcard(d.Value) && AgentMatches(d.Value, userAgent));

    /// <summary>Reads a robots.txt from its bytes. Never throws: anything unreadable is skipped the way Google's parser skips it.</summary>
    public static RobotsTxt Parse(ReadOnlySpan<byte> body)
    {
        var truncated = body.Length > MaxBytes;
        if (truncated) body = body[..MaxBytes];
        var lines = new List<RobotsDirective>();
        var lineNumber = 0;
        var cut = 0;
        var start = 0;
        // Google skips any prefix of the BOM (EF, EF BB, EF BB BF) at the very start.
        while (start < Bom.Length && start < body.Length && body[start] == Bom[start]) start++;
        var lastWasCr = false;
        for (var i = start; i < body.Length; i++)
        {
            var b = body[i];
            if (b is not ((byte)'\n' or (byte)'\r')) continue;
            // The LF of a CRLF ends no second line.
            if (!(i == start && lastWasCr && b == (byte)'\n'))
                EmitLine(body[start..i], ++lineNumber, lines, ref cut);
            start = i + 1;
            lastWasCr = b == (byte)'\r';
        }
        EmitLine(body[start..], ++lineNumber, lines, ref cut);
        return new RobotsTxt([.. lines], lineNumber, truncated, cut);
    }

    /// <summary>Reads a robots.txt from text (encoded as UTF-8 first, as it would travel).</summary>
    public static RobotsTxt Parse(string text) => Parse(Encoding.UTF8.GetBytes(text));

    /// <summary>True when <paramref name="userAgent"/> may fetch <paramref name="url"/> (Google's <c>OneAgentAllowedByRobots</c>).</summary>
    public bool IsAllowed(string userAgent, string url) => Match(userAgent, url).Allowed;

    /// <summary>
    /// Decides whether <paramref name="userAgent"/> may fetch <paramref name="url"/> (an absolute URL, or just a path;
    /// expected percent-encoded already) and says which rule decided.
    /// </summary>
    public RobotsMatch Match(string userAgent, string url) => MatchPath(userAgent, PathParamsQuery(url));

    /// <summary>As <see cref="Match"/>, for a path (with parameters and query) that starts with '/'.</summary>
    public RobotsMatch MatchPath(string userAgent, string path) => MatchPath(userAgent, path, ignoreCase: false);

    /// <summary>As <see cref="MatchPath(string, string)"/>; <paramref name="ignoreCase"/> compares ASCII letters case-insensitively (ai.txt file types).</summary>
    internal RobotsMatch MatchPath(string userAgent, string path, bool ignoreCase)
    {
        if (path.Length == 0 || path[0] != '/') path = "/" + path;
        var positions = ArrayPool<int>.Shared.Rent(path.Length + 1);
        try
        {
            return Replay(userAgent, path, positions, ignoreCase);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(positions);
        }
    }

    private RobotsMatch Replay(string userAgent, string path, int[] positions, bool ignoreCase)
    {
        bool seenGlobal = false, seenSpecific = false, everSpecific = false, seenSeparator = false;
        Best allowSpecific = default, disallowSpecific = default, allowGlobal = default, disallowGlobal = default;
        allowSpecific.Priority = disallowSpecific.Priority = allowGlobal.Priority = disallowGlobal.Priority = -1;
        foreach (var d in _lines)
        {
            switch (d.Kind)
            {
                case RobotsDirectiveKind.UserAgent:
                    if (seenSeparator) seenSpecific = seenGlobal = seenSeparator = false;
                    if (IsWildcard(d.Value)) seenGlobal = true;
                    else if (AgentMatches(d.Value, userAgent)) everSpecific = seenSpecific = true;
                    break;
                case RobotsDirectiveKind.Allow when seenGlobal || seenSpecific:
                    seenSeparator = true;
                    Consider(d, d.Value, path, positions, ref seenSpecific ? ref allowSpecific : ref allowGlobal, isAllow: true, ignoreCase);
                    break;
                case RobotsDirectiveKind.Disallow when seenGlobal || seenSpecific:
                    seenSeparator = true;
                    Consider(d, d.Value, path, positions, ref seenSpecific ? ref disallowSpecific : ref disallowGlobal, isAllow: false, ignoreCase);
                    break;
            }
        }
        if (allowSpecific.Priority > 0 || disallowSpecific.Priority > 0)
            return disallowSpecific.Priority > allowSpecific.Priority
                ? new RobotsMatch(false, RobotsMatchSource.AgentGroup, disallowSpecific.Rule)
                : new RobotsMatch(true, RobotsMatchSource.AgentGroup, allowSpecific.Rule);
        if (everSpecific) return new RobotsMatch(true, RobotsMatchSource.AgentGroup, null);
        if (allowGlobal.Priority > 0 || disallowGlobal.Priority > 0)
            return disallowGlobal.Priority > allowGlobal.Priority
                ? new RobotsMatch(false, RobotsMatchSource.WildcardGroup, disallowGlobal.Rule)
                : new RobotsMatch(true, RobotsMatchSource.WildcardGroup, allowGlobal.Rule);
        return new RobotsMatch(true, RobotsMatchSource.Nothing, null);
    }

    private struct Best
    {
        public int Priority;
        public RobotsDirective? Rule;
    }

    private static void Consider(RobotsDirective d, string pattern, string path, int[] positions, ref Best best, bool isAllow, bool ignoreCase)
    {
        if (Matches(path, pattern, positions, ignoreCase))
        {
            // The first line of the highest priority is kept: later lines must be strictly longer.
            if (best.Priority < pattern.Length)
            {
                best.Priority = pattern.Length;
                best.Rule = d;
            }
            return;
        }
        if (!isAllow) return;
        // Google: "Allow: /dir/index.htm(l)" also allows "/dir/" itself.
        var slash = pattern.LastIndexOf('/');
        if (slash >= 0 && pattern.AsSpan(slash).StartsWith("/index.htm", StringComparison.Ordinal))
            Consider(d, string.Concat(pattern.AsSpan(0, slash + 1), "$"), path, positions, ref best, isAllow, ignoreCase);
    }

    /// <summary>
    /// True when <paramref name="pattern"/> (robots.txt syntax: <c>*</c> matches any run, a final <c>$</c> anchors at the end)
    /// matches a prefix of <paramref name="path"/>, the whole path when anchored.
    /// </summary>
    public static bool PatternMatches(string path, string pattern)
    {
        var positions = ArrayPool<int>.Shared.Rent(path.Length + 1);
        try
        {
            return Matches(path, pattern, positions, ignoreCase: false);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(positions);
        }
    }

    // Keeps the sorted set of path offsets that the pattern read so far can end at; '*' widens it to every offset
    // from the smallest on, a literal narrows it. Linear in pattern × path, no backtracking.
    private static bool Matches(string path, string pattern, int[] pos, bool ignoreCase)
    {
        var pathLength = path.Length;
        pos[0] = 0;
        var count = 1;
        for (var p = 0; p < pattern.Length; p++)
        {
            var c = pattern[p];
            if (c == '$' && p + 1 == pattern.Length) return pos[count - 1] == pathLength;
            if (c == '*')
            {
                count = pathLength - pos[0] + 1;
                for (var i = 1; i < count; i++) pos[i] = pos[i - 1] + 1;
                continue;
            }
            var next = 0;
            for (var i = 0; i < count; i++)
                if (pos[i] < pathLength && (path[pos[i]] == c || (ignoreCase && char.ToLowerInvariant(path[pos[i]]) == char.ToLowerInvariant(c)))) pos[next++] = pos[i] + 1;
            count = next;
            if (count == 0) return false;
        }
        return true;
    }

    // Google: "*" alone, or followed by white space and anything, is the wildcard group.
    private static bool IsWildcard(string value) => value.Length >= 1 && value[0] == '*' && (value.Length == 1 || IsSpace(value[1]));

    private static bool AgentMatches(string lineValue, string userAgent)
    {
        if (userAgent.Length == 0) return false;
        // RFC 9309 product tokens are [A-Za-z_-]; Google compares only that prefix of the line's value. Agents outside
        // that alphabet (img2dataset) could then never match, so for them the value is read up to white space or '/'.
        var token = IsValidUserAgent(userAgent) ? ProductToken(lineValue) : RawToken(lineValue);
        return token.Equals(userAgent, StringComparison.OrdinalIgnoreCase);
    }

    private static ReadOnlySpan<char> ProductToken(string value)
    {
        var end = 0;
        while (end < value.Length && (char.IsAsciiLetter(value[end]) || value[end] is '-' or '_')) end++;
        return value.AsSpan(0, end);
    }

    private static ReadOnlySpan<char> RawToken(string value)
    {
        var end = value.AsSpan().IndexOfAny(" \t/");
        return end < 0 ? value : value.AsSpan(0, end);
    }

    /// <summary>True when <paramref name="userAgent"/> is a product token robots.txt can name: non-empty, only letters, '-' and '_'.</summary>
    public static bool IsValidUserAgent(string? userAgent) =>
        !string.IsNullOrEmpty(userAgent) && ProductToken(userAgent).Length == userAgent.Length;

    /// <summary>
    /// The part of <paramref name="url"/> that rules are matched against: path, parameters and query, without the fragment,
    /// always starting with '/' (Google's <c>GetPathParamsQuery</c>; "example.com?a" gives "/?a").
    /// </summary>
    public static string PathParamsQuery(string url)
    {
        var searchStart = url.StartsWith("//", StringComparison.Ordinal) ? 2 : 0;
        var earlyPath = IndexOfAny(url, "/?;", searchStart);
        var protocolEnd = url.IndexOf("://", searchStart, StringComparison.Ordinal);
        if (earlyPath >= 0 && (protocolEnd < 0 || earlyPath < protocolEnd)) protocolEnd = -1;
        protocolEnd = protocolEnd < 0 ? searchStart : protocolEnd + 3;
        var pathStart = IndexOfAny(url, "/?;", protocolEnd);
        if (pathStart < 0) return "/";
        var hash = url.IndexOf('#', searchStart);
        if (hash >= 0 && hash < pathStart) return "/";
        var pathEnd = hash < 0 ? url.Length : hash;
        var path = url[pathStart..pathEnd];
        return url[pathStart] == '/' ? path : "/" + path;
    }

    private static int IndexOfAny(string s, string chars, int from)
    {
        var i = s.AsSpan(from).IndexOfAny(chars);
        return i < 0 ? -1 : i + from;
    }

    /// <summary>A rule pattern as the matcher sees it: UTF-8 bytes ≥ 0x80 percent-encoded, existing <c>%xx</c> upper-cased.</summary>
    public static string EscapePattern(string pattern) => EscapePattern(Encoding.UTF8.GetBytes(pattern));

    private static string EscapePattern(ReadOnlySpan<byte> src)
    {
        var sb = new StringBuilder(src.Length + 8);
        for (var i = 0; i < src.Length; i++)
        {
            var b = src[i];
            if (b == '%' && IsHex(src, i + 1) && IsHex(src, i + 2))
            {
                sb.Append('%').Append(char.ToUpperInvariant((char)src[i + 1])).Append(char.ToUpperInvariant((char)src[i + 2]));
                i += 2;
            }
            else if (b >= 0x80)
            {
                sb.Append('%').Append("0123456789ABCDEF"[b >> 4]).Append("0123456789ABCDEF"[b & 0xF]);
            }
            else
            {
                sb.Append((char)b);
            }
        }
        return sb.ToString();
    }

    private static bool IsHex(ReadOnlySpan<byte> s, int i) => i < s.Length && char.IsAsciiHexDigit((char)s[i]);

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r';

    private static bool IsSpace(byte b) => IsSpace((char)b);

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> s)
    {
        var a = 0;
        var z = s.Length;
        while (a < z && IsSpace(s[a])) a++;
        while (z > a && IsSpace(s[z - 1])) z--;
        return s[a..z];
    }

    private static void EmitLine(ReadOnlySpan<byte> line, int number, List<RobotsDirective> into, ref int cut)
    {
        if (line.Length > MaxLineBytes)
        {
            line = line[..MaxLineBytes];
            cut++;
        }
        // Google's parser works on C strings: a NUL byte ends the line.
        var nul = line.IndexOf((byte)0);
        if (nul >= 0) line = line[..nul];
        var hash = line.IndexOf((byte)'#');
        if (hash >= 0) line = line[..hash];
        line = Trim(line);
        if (line.IsEmpty) return;
        var sep = line.IndexOf((byte)':');
        if (sep < 0)
        {
            // Google: "Disallow /x" (white space instead of the colon) is accepted when it leaves exactly two words.
            sep = line.IndexOfAny((byte)' ', (byte)'\t');
            if (sep < 0) return;
            var rest = line[sep..].TrimStart(" \t"u8);
            if (rest.IndexOfAny((byte)' ', (byte)'\t') >= 0) return;
        }
        var key = Trim(line[..sep]);
        if (key.IsEmpty) return;
        var value = Trim(line[(sep + 1)..]);
        var kind = KindOf(key);
        var text = kind is RobotsDirectiveKind.UserAgent or RobotsDirectiveKind.Sitemap
            ? Encoding.UTF8.GetString(value)
            : EscapePattern(value);
        into.Add(new RobotsDirective(kind, Encoding.UTF8.GetString(key), text, number));
    }

    private static RobotsDirectiveKind KindOf(ReadOnlySpan<byte> key)
    {
        if (StartsWith(key, "user-agent"u8) || StartsWith(key, "useragent"u8) || StartsWith(key, "user agent"u8))
            return RobotsDirectiveKind.UserAgent;
        if (StartsWith(key, "allow"u8)) return RobotsDirectiveKind.Allow;
        if (StartsWith(key, "disallow"u8) || StartsWith(key, "dissallow"u8) || StartsWith(key, "dissalow"u8)
            || StartsWith(key, "disalow"u8) || StartsWith(key, "diasllow"u8) || StartsWith(key, "disallaw"u8))
            return RobotsDirectiveKind.Disallow;
        if (StartsWith(key, "sitemap"u8) || StartsWith(key, "site-map"u8)) return RobotsDirectiveKind.Sitemap;
        return RobotsDirectiveKind.Unknown;
    }

    private static bool StartsWith(ReadOnlySpan<byte> s, ReadOnlySpan<byte> lowerPrefix)
    {
        if (s.Length < lowerPrefix.Length) return false;
        for (var i = 0; i < lowerPrefix.Length; i++)
            if ((s[i] is >= (byte)'A' and <= (byte)'Z' ? (byte)(s[i] | 0x20) : s[i]) != lowerPrefix[i]) return false;
        return true;
    }
}
