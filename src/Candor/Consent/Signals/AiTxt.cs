using System.Text;
using System.Text.RegularExpressions;

namespace Candor.Consent.Signals;

// ai.txt (Spawning): robots.txt syntax at /ai.txt, but about AI training only, and its rules usually name file
// types rather than folders:
//
//   User-Agent: *
//   Disallow: *.jpg          # no AI training on JPEG images anywhere on the site
//   Allow: *.txt
//
// Read here with the robots.txt parser, with two differences: a pattern that starts with neither '/' nor '*'
// (".png", "*.png" written as "png") is taken as "*" + pattern, and letters match case-insensitively
// (IMG.JPG is a JPEG too). The "*" group counts: the whole file speaks to AI training.

/// <summary>A parsed ai.txt file (Spawning's robots.txt-like file of AI-training permissions).</summary>
public sealed partial class AiTxt
{
    private AiTxt(RobotsTxt rules) => Rules = rules;

    /// <summary>The rules as the robots.txt parser read them (file-type patterns already prefixed with <c>*</c>).</summary>
    public RobotsTxt Rules { get; }

    /// <summary>Reads an ai.txt from its bytes (UTF-8; at most <see cref="RobotsTxt.MaxBytes"/> are read). Never throws.</summary>
    public static AiTxt Parse(ReadOnlySpan<byte> body)
    {
        var text = Encoding.UTF8.GetString(body.Length > RobotsTxt.MaxBytes ? body[..RobotsTxt.MaxBytes] : body);
        return new AiTxt(RobotsTxt.Parse(FileTypeRule().Replace(text, "$1*")));
    }

    /// <summary>Reads an ai.txt from text.</summary>
    public static AiTxt Parse(string text) => Parse(Encoding.UTF8.GetBytes(text));

    /// <summary>True when <paramref name="userAgent"/> may train on <paramref name="url"/> according to this file.</summary>
    public bool IsAllowed(string userAgent, string url) => Match(userAgent, url).Allowed;

    /// <summary>The deciding group and rule for <paramref name="userAgent"/> and <paramref name="url"/> (an empty agent asks the <c>*</c> group).</summary>
    public RobotsMatch Match(string userAgent, string url) => Rules.MatchPath(userAgent, RobotsTxt.PathParamsQuery(url), ignoreCase: true);

    /// <summary>
    /// The evidence this file (read from <paramref name="source"/>) gives about <paramref name="use"/> of <paramref name="url"/>:
    /// ai.txt speaks to AI training (and so generative training), not to text and data mining in general.
    /// </summary>
    public IReadOnlyList<ConsentEvidence> Evidence(string source, string url, ConsentUse use, SignalPolicy? policy = null)
    {
        policy ??= SignalPolicy.Default;
        var path = RobotsTxt.PathParamsQuery(url);
        if (!ConsentUses.RefusalCovers(ConsentUse.AiTraining, use))
            return [new ConsentEvidence("ai.txt", source, $"ai.txt speaks to AI training only, not to {ConsentUses.Word(use)}", ConsentVerdict.NotStated)];
        var evidence = new List<ConsentEvidence>();
        foreach (var crawler in AiCrawlers.For(use, policy.OwnAgent))
        {
            var m = Rules.MatchPath(crawler.Token, path, ignoreCase: true);
            if (m.Source == RobotsMatchSource.AgentGroup) evidence.Add(Say(source, crawler.Token, path, m));
        }
        var wildcard = Rules.MatchPath("", path, ignoreCase: true);
        if (wildcard.Source == RobotsMatchSource.WildcardGroup) evidence.Add(Say(source, "every agent (*)", path, wildcard));
        if (evidence.Count == 0)
            evidence.Add(new ConsentEvidence("ai.txt", source, $"no rule applies to {path}", ConsentVerdict.NotStated));
        if (Rules.Truncated)
            evidence.Add(new ConsentEvidence("ai.txt", source, $"file longer than {RobotsTxt.MaxBytes / 1024} KiB: only the start was read", ConsentVerdict.NotStated));
        return evidence;
    }

    /// <summary>The decision this file alone gives about <paramref name="use"/> of <paramref name="url"/>.</summary>
    public ConsentDecision Decide(string source, string url, ConsentUse use, SignalPolicy? policy = null) =>
        ConsentDecision.Combine(use, Evidence(source, url, use, policy), "ai.txt says nothing about this item");

    private static ConsentEvidence Say(string source, string who, string path, RobotsMatch m)
    {
        var rule = m.Rule is null ? "its group has no rule for it" : $"line {m.Rule.Line} '{m.Rule.Key}: {m.Rule.Value}'";
        return m.Allowed
            ? new ConsentEvidence("ai.txt", source, $"allows AI training by {who} on {path}: {rule}", m.Rule is null ? ConsentVerdict.NotStated : ConsentVerdict.Allowed)
            : new ConsentEvidence("ai.txt", source, $"disallows AI training by {who} on {path}: {rule}", ConsentVerdict.Forbidden);
    }

    [GeneratedRegex(@"^([ \t]*(?:dis)?allow(?:[ \t]*:[ \t]*|[ \t]+))(?=[^\s#/*$])", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex FileTypeRule();
}
