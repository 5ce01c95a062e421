using System.Text;
using Candor.Consent.Signals;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.Consent.Signals;

public sealed class RobotsTxtPropertyTests
{
    // Pieces of robots.txt-like text: real keys, separators, patterns, line ends, BOMs, junk.
    private static readonly Gen<string> Pieces = Gen.Elements(
        "User-agent:", "user-agent: *", "User-Agent: GPTBot", "useragent ", "Disallow:", "disallow /", "Allow:", "allow: /a$",
        "Sitemap: http://x/s.xml", ":", " ", "\t", "\n", "\r\n", "\r", "#", "*", "$", "%", "%2f", "%zz", "/", "/a", "ä", "ツ",
        "\uFEFF", "\0", "index.html", "/*.jpg$", "Crawl-delay: 5", "x", "GPTBot", "CCBot");

    private static readonly Gen<string> Texts = Gen.ListOf(Pieces).Select(l => string.Concat(l));

    // Literal paths: ASCII printable, no pattern syntax, comment, space or percent (so escaping leaves them as they are).
    private static readonly Gen<string> LiteralPaths =
        Gen.Elements("abcxyzABC019-_.~/;?=&!@()+,".ToCharArray()).ArrayOf().Select(cs => "/" + new string(cs));

    [Fact]
    public void Parsing_and_matching_never_throw()
    {
        Prop.ForAll(Texts.ToArbitrary(), Texts.ToArbitrary(), (text, url) =>
        {
            var robots = RobotsTxt.Parse(text);
            foreach (var agent in new[] { "GPTBot", "", "img2dataset", "*" })
                robots.Match(agent, url);
            return robots.LineCount >= 1 && robots.ValidDirectives + robots.UnknownDirectives == robots.Directives.Count;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        Prop.ForAll(ArbMap.Default.GeneratorFor<byte[]>().ToArbitrary(), bytes =>
        {
            var robots = RobotsTxt.Parse(bytes);
            return robots.Match("GPTBot", "/" + Encoding.Latin1.GetString(bytes)) is not null;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Its_own_literal_allow_wins_over_a_shorter_or_equal_disallow()
    {
        Prop.ForAll(LiteralPaths.ToArbitrary(), path =>
        {
            var robots = RobotsTxt.Parse($"User-agent: FooBot\nDisallow: /\nDisallow: {path}\nAllow: {path}\n");
            var m = robots.MatchPath("FooBot", path);
            return m.Allowed && m.Rule!.Kind == RobotsDirectiveKind.Allow && m.Source == RobotsMatchSource.AgentGroup;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_literal_disallow_covers_the_path_and_everything_below_it()
    {
        Prop.ForAll(LiteralPaths.ToArbitrary(), LiteralPaths.ToArbitrary(), (path, tail) =>
        {
            var robots = RobotsTxt.Parse($"User-agent: *\nDisallow: {path}\n");
            // MatchPath: as IsAllowed with a URL, "//a" would read as a host.
            return !robots.MatchPath("AnyBot", path).Allowed && !robots.MatchPath("AnyBot", path + tail).Allowed;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Anchored_patterns_match_only_the_whole_path()
    {
        Prop.ForAll(LiteralPaths.ToArbitrary(), path =>
            RobotsTxt.PatternMatches(path, path + "$")
            && !RobotsTxt.PatternMatches(path + "x", path + "$")
            && RobotsTxt.PatternMatches(path, "*")
            && RobotsTxt.PatternMatches(path + "x", "/*x$")).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Agent_names_match_case_insensitively_and_fall_back_to_the_wildcard_group()
    {
        var robots = RobotsTxt.Parse("User-agent: *\nDisallow: /private\n\nUser-agent: gptbot\nDisallow: /\n\nUser-agent: img2dataset\nDisallow: /img/\n");
        Assert.False(robots.IsAllowed("GPTBot", "/public"));
        Assert.Equal(RobotsMatchSource.AgentGroup, robots.Match("GPTBot", "/public").Source);
        var ccbot = robots.Match("CCBot", "/private/x");
        Assert.Equal((false, RobotsMatchSource.WildcardGroup, 2), (ccbot.Allowed, ccbot.Source, ccbot.Rule!.Line));
        // img2dataset has digits, which RFC 9309 product tokens cannot; Candor still matches it by its whole name.
        Assert.False(robots.IsAllowed("img2dataset", "/img/a.jpg"));
        Assert.True(robots.IsAllowed("img2dataset", "/private/ok"));
    }

    [Fact]
    public void Files_over_500_KiB_are_read_up_to_the_limit()
    {
        var text = "User-agent: GPTBot\nDisallow: /a\n" + new string('#', RobotsTxt.MaxBytes) + "\nUser-agent: CCBot\nDisallow: /\n";
        var robots = RobotsTxt.Parse(text);
        Assert.True(robots.Truncated);
        Assert.False(robots.IsAllowed("GPTBot", "/a"));
        Assert.True(robots.IsAllowed("CCBot", "/a"));
    }
}
