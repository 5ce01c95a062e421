namespace Candor.Consent.Signals;

// X-Robots-Tag: a comma-separated list of directives, each optionally prefixed by the user agent it is for:
//
//   X-Robots-Tag: noai, noimageai
//   X-Robots-Tag: GPTBot: noai
//
// Read part by part, as datadiligence and img2dataset read it: a part with exactly one ':' is "agent: directive",
// any other part is for every agent (so in "GPTBot: noai, noimageai" the noimageai is for everyone).

/// <summary>
/// The <c>noai</c> / <c>noimageai</c> directives of <c>X-Robots-Tag</c> headers (and, through <see cref="RobotsMeta"/>, of
/// robots meta elements): a refusal of AI training, read for every agent or for the AI crawlers Candor knows.
/// </summary>
public static class XRobotsTag
{
    /// <summary>The largest header value read; longer values are cut there.</summary>
    public const int MaxValueChars = 16 * 1024;

    /// <summary>The directives of every <c>X-Robots-Tag</c> value (headers may repeat), in order; empty parts skipped.</summary>
    public static IReadOnlyList<RobotsTagDirective> Parse(IEnumerable<string?> headerValues)
    {
        var directives = new List<RobotsTagDirective>();
        foreach (var raw in headerValues)
        {
            if (string.IsNullOrEmpty(raw)) continue;
            var value = raw.Length > MaxValueChars ? raw[..MaxValueChars] : raw;
            foreach (var part in value.Split(','))
            {
                var p = part.Trim();
                if (p.Length == 0) continue;
                var colon = p.IndexOf(':');
                if (colon >= 0 && p.IndexOf(':', colon + 1) < 0)
                {
                    var agent = p[..colon].Trim();
                    var directive = p[(colon + 1)..].Trim();
                    if (agent.Length > 0 && directive.Length > 0) directives.Add(new RobotsTagDirective(agent, directive));
                    continue;
                }
                directives.Add(new RobotsTagDirective(null, p));
            }
        }
        return directives;
    }

    /// <summary>
    /// datadiligence's reading of one header value, for compatibility: false (blocked) when a part is exactly <c>noai</c> or
    /// <c>noimageai</c> (and, with <paramref name="respectNoindex"/>, <c>noindex</c>, <c>none</c>, <c>noimageindex</c>), or is
    /// <c>agent: value</c> with that value and agent exactly <paramref name="userAgent"/>; case-sensitive. True otherwise.
    /// </summary>
    public static bool AllowedByDataDiligence(string? headerValue, string? userAgent, bool respectNoindex = false)
    {
        if (string.IsNullOrEmpty(headerValue)) return true;
        string[] refusing = respectNoindex ? ["noai", "noimageai", "noindex", "none", "noimageindex"] : ["noai", "noimageai"];
        foreach (var part in headerValue.Split(','))
        {
            if (refusing.Contains(part.Trim())) return false;
            var pieces = part.Split(':');
            if (pieces.Length == 2 && !string.IsNullOrEmpty(userAgent) && pieces[0].Trim() == userAgent && refusing.Contains(pieces[1].Trim()))
                return false;
        }
        return true;
    }

    /// <summary>The evidence the <c>X-Robots-Tag</c> values of a response (from <paramref name="source"/>, a URL) give about <paramref name="use"/>.</summary>
    public static IReadOnlyList<ConsentEvidence> Evidence(IEnumerable<string?> headerValues, string source, ConsentUse use, SignalPolicy? policy = null) =>
        Evidence(Parse(headerValues), "x-robots-tag", source, use, policy);

    internal static IReadOnlyList<ConsentEvidence> Evidence(IReadOnlyList<RobotsTagDirective> directives, string signal, string source, ConsentUse use, SignalPolicy? policy)
    {
        policy ??= SignalPolicy.Default;
        var evidence = new List<ConsentEvidence>();
        var speaks = ConsentUses.RefusalCovers(ConsentUse.AiTraining, use);
        foreach (var d in directives.Where(d => d.RefusesAi))
        {
            var said = d.Agent is null ? d.Value : $"{d.Agent}: {d.Value}";
            var forUs = d.Agent is null
                || AiCrawlers.Find(d.Agent) is not null
                || string.Equals(d.Agent, policy.OwnAgent, StringComparison.OrdinalIgnoreCase);
            if (!forUs)
                evidence.Add(new ConsentEvidence(signal, source, $"'{said}' is addressed to {d.Agent} only, not an AI crawler Candor reads for", ConsentVerdict.NotStated));
            else if (!speaks)
                evidence.Add(new ConsentEvidence(signal, source, $"'{said}' refuses AI training; it says nothing about {ConsentUses.Word(use)}", ConsentVerdict.NotStated));
            else
                evidence.Add(new ConsentEvidence(signal, source, $"'{said}': no AI training{(d.Agent is null ? "" : $" by {d.Agent}")}", ConsentVerdict.Forbidden));
        }
        if (evidence.Count == 0 && directives.Count > 0)
            evidence.Add(new ConsentEvidence(signal, source,
                $"'{string.Join(", ", directives.Take(8).Select(d => d.Agent is null ? d.Value : $"{d.Agent}: {d.Value}"))}' has no noai or noimageai", ConsentVerdict.NotStated));
        return evidence;
    }
}
