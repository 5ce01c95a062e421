namespace Candor.Consent.Signals;

/// <summary>One <c>key: value</c> line of a robots.txt (or ai.txt) file.</summary>
/// <param name="Kind">What the key named.</param>
/// <param name="Key">The key as written (useful for <see cref="RobotsDirectiveKind.Unknown"/> lines).</param>
/// <param name="Value">
/// The value: for Allow, Disallow and unknown keys the path pattern with every non-ASCII byte percent-encoded and
/// every existing <c>%xx</c> upper-cased (so <c>/ä</c> reads <c>/%C3%A4</c>); for user-agent and sitemap lines the text as written.
/// </param>
/// <param name="Line">The 1-based line number in the file.</param>
public sealed record RobotsDirective(RobotsDirectiveKind Kind, string Key, string Value, int Line);
