namespace Candor.Consent.Signals;

/// <summary>
/// The robots meta elements of an HTML page: <c>&lt;meta name="robots" content="noai, noimageai"&gt;</c> for every agent, and
/// <c>&lt;meta name="GPTBot" content="noai"&gt;</c> for a named AI crawler (or the policy's own agent). Read like <see cref="XRobotsTag"/>.
/// </summary>
public static class RobotsMeta
{
    /// <summary>The directives of the page's robots meta elements (agent-specific ones carry the agent).</summary>
    public static IReadOnlyList<RobotsTagDirective> Directives(string? html, SignalPolicy? policy = null)
    {
        policy ??= SignalPolicy.Default;
        var directives = new List<RobotsTagDirective>();
        foreach (var (name, content) in HtmlMeta.Read(html))
        {
            string? agent;
            if (name == "robots") agent = null;
            else if (AiCrawlers.Find(name) is { } crawler) agent = crawler.Token;
            else if (string.Equals(name, policy.OwnAgent, StringComparison.OrdinalIgnoreCase)) agent = policy.OwnAgent;
            else continue;
            foreach (var d in XRobotsTag.Parse([content]))
                directives.Add(d.Agent is null ? d with { Agent = agent } : d);
        }
        return directives;
    }

    /// <summary>The evidence the page's robots meta elements (page at <paramref name="source"/>) give about <paramref name="use"/>.</summary>
    public static IReadOnlyList<ConsentEvidence> Evidence(string? html, string source, ConsentUse use, SignalPolicy? policy = null) =>
        XRobotsTag.Evidence(Directives(html, policy), "html-meta", source, use, policy);
}
