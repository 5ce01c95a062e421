using Candor.Consent;
using Candor.Consent.Signals;

namespace Candor.Tests.Consent.Signals;

public sealed class SignalEvaluatorTests
{
    private const string Src = "https://site.example/robots.txt";

    [Fact]
    public void Wildcard_disallow_is_recorded_but_not_a_refusal_unless_the_policy_says_so()
    {
        var robots = RobotsTxt.Parse("User-agent: *\nDisallow: /\n");
        var lenient = RobotsTxtEvaluator.Decide(robots, Src, "https://site.example/a.jpg", ConsentUse.AiTraining);
        Assert.Equal(ConsentVerdict.NotStated, lenient.Verdict);
        Assert.Equal("disallows every crawler (*) for /a.jpg: line 2 'Disallow: /'; a crawling rule, not counted as a refusal of ai-training",
            Assert.Single(lenient.Evidence).Detail);
        var strict = RobotsTxtEvaluator.Decide(robots, Src, "https://site.example/a.jpg", ConsentUse.AiTraining, new SignalPolicy(WildcardRobotsRefuses: true));
        Assert.Equal(ConsentVerdict.Forbidden, strict.Verdict);
    }

    [Fact]
    public void Each_crawler_speaks_to_its_uses()
    {
        var robots = RobotsTxt.Parse("User-agent: Google-Extended\nDisallow: /\n\nUser-agent: PerplexityBot\nDisallow: /\n");
        string Verdicts(ConsentUse use) => RobotsTxtEvaluator.Decide(robots, Src, "/x", use).Verdict.ToString();
        // Google-Extended refuses generative training only; PerplexityBot (answer engine, no training) refuses mining only.
        Assert.Equal("Forbidden", Verdicts(ConsentUse.GenAiTraining));
        Assert.Equal("NotStated", Verdicts(ConsentUse.AiTraining));
        Assert.Equal("Forbidden", Verdicts(ConsentUse.DataMining));
        Assert.Equal(["GPTBot", "CCBot", "Google-Extended", "anthropic-ai", "ClaudeBot", "PerplexityBot", "Bytespider", "img2dataset"],
            AiCrawlers.All.Select(c => c.Token));
    }

    [Fact]
    public void Own_agent_speaks_to_every_use_and_an_explicit_allow_is_evidence()
    {
        var robots = RobotsTxt.Parse("User-agent: MyBot\nDisallow: /private/\n\nUser-agent: GPTBot\nAllow: /\n");
        var policy = new SignalPolicy(OwnAgent: "MyBot");
        Assert.Equal(ConsentVerdict.Forbidden, RobotsTxtEvaluator.Decide(robots, Src, "/private/a.png", ConsentUse.DataMining, policy).Verdict);
        var open = RobotsTxtEvaluator.Decide(robots, Src, "/open/a.png", ConsentUse.AiTraining, policy);
        Assert.Equal(ConsentVerdict.Allowed, open.Verdict);
        Assert.Equal("robots.txt: allows GPTBot (OpenAI) to fetch /open/a.png: line 5 'Allow: /'", open.Reason);
    }

    [Fact]
    public void Ai_txt_speaks_to_training_only_and_file_types_match_any_case()
    {
        var ai = AiTxt.Parse("User-Agent: *\nDisallow: .png\nDisallow: /private/\n");
        Assert.False(ai.IsAllowed("", "https://x.org/a/B.PNG"));
        Assert.True(ai.IsAllowed("", "https://x.org/a/b.gif"));
        Assert.Equal(ConsentVerdict.Forbidden, ai.Decide("ai", "https://x.org/private/b.gif", ConsentUse.GenAiTraining).Verdict);
        Assert.Equal("ai.txt: ai.txt speaks to AI training only, not to tdm", ai.Decide("ai", "https://x.org/a.png", ConsentUse.DataMining) is var d && d.Verdict == ConsentVerdict.NotStated
            ? $"ai.txt: {d.Evidence[0].Detail}" : "wrong");
    }

    [Theory]
    [InlineData("DMI-PROHIBITED", ConsentUse.DataMining, ConsentVerdict.Forbidden)]
    [InlineData("http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED-AIMLTRAINING", ConsentUse.GenAiTraining, ConsentVerdict.Forbidden)]
    [InlineData("DMI-PROHIBITED-AIMLTRAINING", ConsentUse.DataMining, ConsentVerdict.NotStated)]
    [InlineData("DMI-PROHIBITED-GENAIMLTRAINING", ConsentUse.AiTraining, ConsentVerdict.NotStated)]
    [InlineData("DMI-PROHIBITED-EXCEPTSEARCHENGINEINDEXING", ConsentUse.DataMining, ConsentVerdict.Forbidden)]
    [InlineData("DMI-PROHIBITED-SEECONSTRAINT", ConsentUse.AiTraining, ConsentVerdict.Forbidden)]
    [InlineData("DMI-ALLOWED", ConsentUse.AiTraining, ConsentVerdict.Allowed)]
    [InlineData("DMI-UNSPECIFIED", ConsentUse.AiTraining, ConsentVerdict.NotStated)]
    [InlineData("maybe", ConsentUse.AiTraining, ConsentVerdict.NotStated)]
    [InlineData(null, ConsentUse.AiTraining, ConsentVerdict.NotStated)]
    public void Plus_data_mining_values_decide_by_scope(string? value, ConsentUse use, ConsentVerdict verdict) =>
        Assert.Equal(verdict, EmbeddedSignals.FromDataMining(value, "a.jpg", use).Verdict);

    [Theory]
    [InlineData(DoNotTrainScope.AllMining, ConsentUse.DataMining, ConsentVerdict.Forbidden)]
    [InlineData(DoNotTrainScope.AiTraining, ConsentUse.GenAiTraining, ConsentVerdict.Forbidden)]
    [InlineData(DoNotTrainScope.AiTraining, ConsentUse.DataMining, ConsentVerdict.NotStated)]
    [InlineData(DoNotTrainScope.GenerativeAiTraining, ConsentUse.AiTraining, ConsentVerdict.NotStated)]
    [InlineData(null, ConsentUse.AiTraining, ConsentVerdict.NotStated)]
    [InlineData((DoNotTrainScope)99, ConsentUse.AiTraining, ConsentVerdict.NotStated)]
    public void Watermark_scopes_decide_by_nesting(DoNotTrainScope? scope, ConsentUse use, ConsentVerdict verdict) =>
        Assert.Equal(verdict, EmbeddedSignals.FromWatermark(scope, "a.png", use).Verdict);

    [Fact]
    public void Training_mining_entries_speak_when_their_use_covers_the_one_asked()
    {
        KeyValuePair<string, string?>[] entries =
        [
            new("cawg.data_mining", "allowed"),
            new("cawg.ai_generative_training", "notAllowed"),
            new("cawg.ai_inference", "notAllowed"),
            new("cawg.ai_training", "constrained"),
        ];
        Assert.Equal(ConsentVerdict.Allowed, ConsentDecision.Combine(ConsentUse.DataMining, EmbeddedSignals.FromTrainingMining(entries, "f", ConsentUse.DataMining)).Verdict);
        var ai = ConsentDecision.Combine(ConsentUse.AiTraining, EmbeddedSignals.FromTrainingMining(entries, "f", ConsentUse.AiTraining));
        Assert.Equal("c2pa: cawg.ai_training: allowed with constraints: constraints Candor does not evaluate; counted as a refusal", ai.Reason);
        Assert.Equal("c2pa: cawg.ai_generative_training: not allowed",
            ConsentDecision.Combine(ConsentUse.GenAiTraining, EmbeddedSignals.FromTrainingMining(entries, "f", ConsentUse.GenAiTraining)).Reason);
    }

    [Fact]
    public void Meta_robots_reads_named_crawlers_and_ignores_others()
    {
        const string html = "<head><meta name='CCBot' content='noai'><meta name=googlebot content=noai><meta content=\"noindex\" name=\"robots\"/></head>";
        var directives = RobotsMeta.Directives(html);
        Assert.Equal([new RobotsTagDirective("CCBot", "noai"), new RobotsTagDirective(null, "noindex")], directives);
        Assert.Equal(ConsentVerdict.Forbidden, ConsentDecision.Combine(ConsentUse.AiTraining, RobotsMeta.Evidence(html, "p", ConsentUse.AiTraining)).Verdict);
    }

    [Fact]
    public void Huge_and_malformed_headers_and_pages_do_not_throw()
    {
        var huge = string.Join(",", Enumerable.Repeat("x:y:z", 100_000)) + ", noai";
        // Values are read up to 16 KiB, so the trailing noai is past the cut.
        Assert.DoesNotContain(XRobotsTag.Evidence([huge], "u", ConsentUse.AiTraining), e => e.Verdict == ConsentVerdict.Forbidden);
        Assert.Equal(ConsentVerdict.NotStated, ConsentDecision.Combine(ConsentUse.AiTraining, XRobotsTag.Evidence([":,", null, ""], "u", ConsentUse.AiTraining)).Verdict);
        var page = "<meta name=robots content='noai'" + new string('<', 300_000);
        Assert.NotNull(RobotsMeta.Evidence(page, "p", ConsentUse.AiTraining));
        Assert.Null(TdmRep.FromXmp("<tdm:reservation>" + new string('x', 100_000)));
    }
}
