namespace Candor.Consent.Signals;

/// <summary>
/// Reads a robots.txt as a consent signal: the groups for AI crawlers (<see cref="AiCrawlers"/>) that speak to the use
/// asked decide; a <c>*</c> group is recorded but, by default, not counted (it governs crawling, not training).
/// </summary>
public static class RobotsTxtEvaluator
{
    /// <summary>The evidence <paramref name="robots"/> (read from <paramref name="source"/>) gives about <paramref name="use"/> of <paramref name="url"/>.</summary>
    public static IReadOnlyList<ConsentEvidence> Evidence(RobotsTxt robots, string source, string url, ConsentUse use, SignalPolicy? policy = null)
    {
        policy ??= SignalPolicy.Default;
        var path = RobotsTxt.PathParamsQuery(url);
        var evidence = new List<ConsentEvidence>();
        var crawlers = AiCrawlers.For(use, policy.OwnAgent);
        var unnamed = new List<string>();
        foreach (var crawler in crawlers)
        {
            var m = robots.MatchPath(crawler.Token, path);
            if (m.Source != RobotsMatchSource.AgentGroup)
            {
                unnamed.Add(crawler.Token);
                continue;
            }
            var rule = m.Rule is null ? $"its group has no rule for {path}" : $"line {m.Rule.Line} '{m.Rule.Key}: {m.Rule.Value}'";
            evidence.Add(m.Allowed
                ? new ConsentEvidence("robots.txt", source, $"allows {crawler.Token} ({crawler.Operator}) to fetch {path}: {rule}", ConsentVerdict.Allowed)
                : new ConsentEvidence("robots.txt", source, $"disallows {crawler.Token} ({crawler.Operator}) for {path}: {rule}", ConsentVerdict.Forbidden));
        }
        if (unnamed.Count > 0)
        {
            var wildcard = robots.MatchPath("", path);
            if (wildcard is { Allowed: false, Rule: { } rule })
                evidence.Add(policy.WildcardRobotsRefuses
                    ? new ConsentEvidence("robots.txt", source,
                        $"disallows every crawler (*) for {path}: line {rule.Line} '{rule.Key}: {rule.Value}'; counted as a refusal by policy", ConsentVerdict.Forbidden)
                    : new ConsentEvidence("robots.txt", source,
                        $"disallows every crawler (*) for {path}: line {rule.Line} '{rule.Key}: {rule.Value}'; a crawling rule, not counted as a refusal of {ConsentUses.Word(use)}", ConsentVerdict.NotStated));
            else if (evidence.Count == 0)
                evidence.Add(new ConsentEvidence("robots.txt", source,
                    $"no group names {string.Join(", ", unnamed)}; nothing said about {ConsentUses.Word(use)}", ConsentVerdict.NotStated));
        }
        if (robots.Truncated)
            evidence.Add(new ConsentEvidence("robots.txt", source,
                $"file longer than {RobotsTxt.MaxBytes / 1024} KiB: only the first {RobotsTxt.MaxBytes / 1024} KiB were read (RFC 9309)", ConsentVerdict.NotStated));
        return evidence;
    }

    /// <summary>The decision <paramref name="robots"/> alone gives about <paramref name="use"/> of <paramref name="url"/>.</summary>
    public static ConsentDecision Decide(RobotsTxt robots, string source, string url, ConsentUse use, SignalPolicy? policy = null) =>
        ConsentDecision.Combine(use, Evidence(robots, source, url, use, policy), "robots.txt has no rule for the AI crawlers that speak to this use");

    /// <summary>
    /// The evidence when robots.txt could not be read. RFC 9309: a 4xx answer means "no rules" (allow all); a 5xx answer or a
    /// network failure means the crawler must assume complete disallow.
    /// </summary>
    public static ConsentEvidence Unavailable(string source, int? status, string problem, SignalPolicy? policy = null)
    {
        policy ??= SignalPolicy.Default;
        if (status is >= 400 and < 500)
            return new ConsentEvidence("robots.txt", source, $"HTTP {status}: unavailable, which RFC 9309 reads as allow all; nothing said about AI", ConsentVerdict.NotStated);
        var what = status is null ? $"fetch failed ({problem})" : $"HTTP {status} ({problem})";
        return policy.WildcardRobotsRefuses
            ? new ConsentEvidence("robots.txt", source, $"{what}: unreachable, which RFC 9309 reads as complete disallow; counted as a refusal by policy", ConsentVerdict.Forbidden)
            : new ConsentEvidence("robots.txt", source, $"{what}: unreachable, which RFC 9309 reads as complete disallow for crawling; not counted as a refusal", ConsentVerdict.NotStated);
    }
}
