using Candor.Consent;
using Candor.Consent.Signals;

namespace Candor.Tests.Consent.Signals;

/// <summary>The site fetcher against a real loopback HTTP server (Kestrel), no mocks.</summary>
public sealed class SiteSignalsTests
{
    private static SiteSignalOptions Fast(TimeSpan? timeout = null) => new()
    {
        PolitenessDelay = TimeSpan.Zero,
        Timeout = timeout ?? TimeSpan.FromSeconds(10),
    };

    [Fact]
    public async Task Robots_group_for_an_ai_crawler_forbids_training_and_names_the_line()
    {
        await using var site = await LoopbackSite.StartAsync();
        site.Serve("/robots.txt", new(Body: "User-agent: *\nAllow: /\n\nUser-agent: GPTBot\nDisallow: /art/\n"));
        site.Serve("/art/cat.jpg", new(ContentType: "image/jpeg"));
        using var signals = new SiteSignals(Fast());
        var decision = await signals.CheckAsync($"{site.Root}/art/cat.jpg", ConsentUse.AiTraining);
        Assert.Equal(ConsentVerdict.Forbidden, decision.Verdict);
        Assert.Equal("robots.txt: disallows GPTBot (OpenAI) for /art/cat.jpg: line 5 'Disallow: /art/'", decision.Reason);
        Assert.Equal($"{site.Root}/robots.txt", decision.Evidence[0].Source);
        // GPTBot speaks to training, not to text and data mining in general.
        Assert.Equal(ConsentVerdict.NotStated, (await signals.CheckAsync($"{site.Root}/art/cat.jpg", ConsentUse.DataMining)).Verdict);
    }

    [Fact]
    public async Task Site_files_are_fetched_once_per_host()
    {
        await using var site = await LoopbackSite.StartAsync();
        site.Serve("/robots.txt", new(Body: "User-agent: CCBot\nDisallow: /\n"));
        using var lookup = new SiteSignalLookup(new SiteSignalOptions { PolitenessDelay = TimeSpan.Zero, FetchItemHeaders = false });
        var queries = Enumerable.Range(0, 20).Select(i => new ConsentQuery(Url: $"{site.Root}/img/{i}.png")).Append(new ConsentQuery(Sha256: new string('0', 64))).ToList();
        var results = await lookup.CheckAsync(queries, ConsentUse.DataMining);
        Assert.Equal(21, results.Count);
        Assert.All(results.Take(20), r => Assert.Equal(ConsentVerdict.Forbidden, r.Verdict));
        Assert.Equal("no URL: site signals need one", results[20].Reason);
        Assert.Equal(1, site.Hits["GET /robots.txt"]);
        Assert.Equal(1, site.Hits["GET /ai.txt"]);
        Assert.Equal(1, site.Hits["GET /.well-known/tdmrep.json"]);
        Assert.Equal(1, lookup.Signals.CachedHosts);
    }

    /// <summary>A clock the test moves by hand.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }

    [Fact]
    public async Task Site_files_are_fetched_again_after_a_day_as_RFC_9309_asks()
    {
        await using var site = await LoopbackSite.StartAsync();
        site.Serve("/robots.txt", new(Body: "User-agent: CCBot\nDisallow: /\n"));
        var clock = new ManualClock();
        using var signals = new SiteSignals(new SiteSignalOptions { PolitenessDelay = TimeSpan.Zero, FetchItemHeaders = false, Time = clock });
        Assert.Equal(ConsentVerdict.Forbidden, (await signals.CheckAsync($"{site.Root}/a.png", ConsentUse.DataMining)).Verdict);
        clock.Advance(TimeSpan.FromHours(23));
        await signals.CheckAsync($"{site.Root}/b.png", ConsentUse.DataMining);
        Assert.Equal(1, site.Hits["GET /robots.txt"]);
        // The site changed its mind; a day later the new file counts.
        site.Serve("/robots.txt", new(Body: "User-agent: *\nAllow: /\n"));
        clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(ConsentVerdict.NotStated, (await signals.CheckAsync($"{site.Root}/c.png", ConsentUse.DataMining)).Verdict);
        Assert.Equal(2, site.Hits["GET /robots.txt"]);
        Assert.Equal(1, signals.CachedHosts);
    }

    [Fact]
    public async Task One_host_never_sees_two_requests_at_once()
    {
        await using var site = await LoopbackSite.StartAsync();
        for (var i = 0; i < 12; i++) site.Serve($"/{i}.jpg", new(ContentType: "image/jpeg", Delay: TimeSpan.FromMilliseconds(20)));
        using var lookup = new SiteSignalLookup(new SiteSignalOptions { PolitenessDelay = TimeSpan.Zero, MaxConcurrency = 8 });
        var results = await lookup.CheckAsync([.. Enumerable.Range(0, 12).Select(i => new ConsentQuery(Url: $"{site.Root}/{i}.jpg"))], ConsentUse.AiTraining);
        Assert.Equal(12, results.Count);
        Assert.Equal(12, Enumerable.Range(0, 12).Count(i => site.Hits.ContainsKey($"HEAD /{i}.jpg")));
        Assert.Equal(1, site.MaxInFlight);
    }

    [Fact]
    public async Task Robots_4xx_is_allow_all_and_5xx_is_disallow_all_by_RFC_9309_said_in_evidence()
    {
        await using var missing = await LoopbackSite.StartAsync();
        await using var broken = await LoopbackSite.StartAsync();
        broken.Serve("/robots.txt", new(Status: 503));
        using var signals = new SiteSignals(Fast() with { FetchItemHeaders = false });
        var a = await signals.EvidenceAsync($"{missing.Root}/x.jpg", ConsentUse.AiTraining);
        Assert.Contains(a, e => e.Signal == "robots.txt" && e.Detail.StartsWith("HTTP 404: unavailable, which RFC 9309 reads as allow all", StringComparison.Ordinal));
        var b = await signals.EvidenceAsync($"{broken.Root}/x.jpg", ConsentUse.AiTraining);
        var robots = Assert.Single(b, e => e.Signal == "robots.txt");
        Assert.Contains("RFC 9309 reads as complete disallow", robots.Detail);
        Assert.Equal(ConsentVerdict.NotStated, robots.Verdict);
        using var strict = new SiteSignals(Fast() with { FetchItemHeaders = false, Policy = new SignalPolicy(WildcardRobotsRefuses: true) });
        Assert.Equal(ConsentVerdict.Forbidden, (await strict.CheckAsync($"{broken.Root}/x.jpg", ConsentUse.AiTraining)).Verdict);
    }

    [Fact]
    public async Task A_slow_robots_txt_becomes_timeout_evidence_not_an_exception()
    {
        await using var site = await LoopbackSite.StartAsync();
        site.Serve("/robots.txt", new(Body: "User-agent: GPTBot\nDisallow: /\n", Delay: TimeSpan.FromSeconds(30)));
        using var signals = new SiteSignals(Fast(TimeSpan.FromMilliseconds(300)) with { FetchItemHeaders = false });
        var evidence = await signals.EvidenceAsync($"{site.Root}/a.png", ConsentUse.AiTraining);
        Assert.Contains(evidence, e => e.Signal == "robots.txt" && e.Detail.StartsWith("fetch failed (timeout after 0.3 s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Redirect_loops_are_bounded()
    {
        await using var site = await LoopbackSite.StartAsync();
        site.Serve("/robots.txt", new(Status: 302, Location: "/robots.txt"));
        using var signals = new SiteSignals(Fast() with { FetchItemHeaders = false });
        var evidence = await signals.EvidenceAsync($"{site.Root}/a.png", ConsentUse.AiTraining);
        Assert.Contains(evidence, e => e.Signal == "robots.txt" && e.Detail.StartsWith("more than 5 redirects: unavailable", StringComparison.Ordinal));
        Assert.Equal(6, site.Hits["GET /robots.txt"]);
    }

    [Fact]
    public async Task Item_headers_and_html_meta_are_read()
    {
        await using var site = await LoopbackSite.StartAsync();
        site.Serve("/noai.jpg", new(ContentType: "image/jpeg", Headers: new() { ["X-Robots-Tag"] = "GPTBot: noai" }));
        site.Serve("/other.jpg", new(ContentType: "image/jpeg", Headers: new() { ["X-Robots-Tag"] = "demobot: noai, noindex" }));
        site.Serve("/reserved.jpg", new(ContentType: "image/jpeg", Headers: new() { ["tdm-reservation"] = "1", ["tdm-policy"] = "https://x.org/p.json" }));
        site.Serve("/page.html", new(ContentType: "text/html; charset=utf-8",
            Body: "<html><head><META NAME=robots CONTENT='noimageai'><meta name=\"tdm-reservation\" content=\"0\"></head><body>hi</body></html>"));
        using var signals = new SiteSignals(Fast());
        var noai = await signals.CheckAsync($"{site.Root}/noai.jpg", ConsentUse.GenAiTraining);
        Assert.Equal("x-robots-tag: 'GPTBot: noai': no AI training by GPTBot", noai.Reason);
        var other = await signals.CheckAsync($"{site.Root}/other.jpg", ConsentUse.AiTraining);
        Assert.Equal(ConsentVerdict.NotStated, other.Verdict);
        Assert.Contains(other.Evidence, e => e.Detail == "'demobot: noai' is addressed to demobot only, not an AI crawler Candor reads for");
        var reserved = await signals.CheckAsync($"{site.Root}/reserved.jpg", ConsentUse.DataMining);
        Assert.Equal("tdmrep: tdm-reservation header: TDM rights reserved; licence terms at https://x.org/p.json", reserved.Reason);
        var page = await signals.CheckAsync($"{site.Root}/page.html", ConsentUse.AiTraining);
        Assert.Equal("html-meta: 'noimageai': no AI training", page.Reason);
        Assert.Contains(page.Evidence, e => e is { Signal: "tdmrep", Verdict: ConsentVerdict.Allowed });
        Assert.Equal(1, site.Hits["HEAD /page.html"]);
        Assert.Equal(1, site.Hits["GET /page.html"]);
    }

    [Fact]
    public async Task Ai_txt_and_tdmrep_json_are_read_with_header_superseding_the_file()
    {
        await using var site = await LoopbackSite.StartAsync();
        site.Serve("/ai.txt", new(Body: "# Spawning AI\nUser-Agent: *\nDisallow: *.jpg\nAllow: *.txt\n"));
        site.Serve("/.well-known/tdmrep.json", new(ContentType: "application/json", Body: """[{"location":"/docs/","tdm-reservation":1}]"""));
        site.Serve("/docs/open.pdf", new(ContentType: "application/pdf", Headers: new() { ["tdm-reservation"] = "0" }));
        using var signals = new SiteSignals(Fast());
        var jpg = await signals.CheckAsync($"{site.Root}/photos/IMG_1.JPG", ConsentUse.AiTraining);
        Assert.Equal("ai.txt: disallows AI training by every agent (*) on /photos/IMG_1.JPG: line 3 'Disallow: *.jpg'", jpg.Reason);
        var txt = await signals.CheckAsync($"{site.Root}/notes.txt", ConsentUse.AiTraining);
        Assert.Equal(ConsentVerdict.Allowed, txt.Verdict);
        var file = await signals.CheckAsync($"{site.Root}/docs/a.pdf", ConsentUse.DataMining);
        Assert.Equal("tdmrep: /.well-known/tdmrep.json rule 1 (/docs/): TDM rights reserved", file.Reason);
        var open = await signals.CheckAsync($"{site.Root}/docs/open.pdf", ConsentUse.DataMining);
        Assert.Equal(ConsentVerdict.Allowed, open.Verdict);
        Assert.Contains(open.Evidence, e => e.Detail == "/.well-known/tdmrep.json rule 1 (/docs/): reservation 1, superseded by tdm-reservation header");
    }

    [Fact]
    public async Task Huge_headers_and_huge_robots_txt_become_evidence()
    {
        await using var site = await LoopbackSite.StartAsync();
        site.Serve("/robots.txt", new(Body: "User-agent: GPTBot\nDisallow: /a\n" + new string('#', RobotsTxt.MaxBytes) + "\nUser-agent: CCBot\nDisallow: /\n"));
        site.Serve("/big.jpg", new(ContentType: "image/jpeg", Headers: new() { ["X-Robots-Tag"] = new string('n', 100_000) }));
        using var signals = new SiteSignals(Fast() with { MaxResponseHeadersKiB = 16 });
        var evidence = await signals.EvidenceAsync($"{site.Root}/big.jpg", ConsentUse.AiTraining);
        Assert.Contains(evidence, e => e.Detail.Contains("only the first 500 KiB were read", StringComparison.Ordinal));
        Assert.Contains(evidence, e => e.Detail == "item not fetched: fetch failed (response headers too large)");
        // The CCBot group lies past the 500 KiB limit and was not read.
        Assert.DoesNotContain(evidence, e => e.Detail.Contains("CCBot", StringComparison.Ordinal) && e.Verdict == ConsentVerdict.Forbidden);
    }

    [Theory]
    [InlineData("", "no URL")]
    [InlineData("not a url", "'not a url' is not an absolute URL")]
    [InlineData("ftp://example.com/a.jpg", "'ftp' URLs carry no site signals (only http and https)")]
    [InlineData("http://", "'http://' is not an absolute URL")]
    public async Task Invalid_urls_give_reasons_not_exceptions(string url, string reason)
    {
        using var signals = new SiteSignals(Fast());
        var decision = await signals.CheckAsync(url, ConsentUse.AiTraining);
        Assert.Equal(ConsentVerdict.NotStated, decision.Verdict);
        Assert.Equal(reason, Assert.Single(decision.Evidence).Detail);
        Assert.Equal(0, signals.RequestCount);
    }

    [Theory]
    [InlineData("http://evil.com@artist.com/a.jpg", "http://artist.com/a.jpg")]
    [InlineData("HTTP://Artist.COM.:80/a b.jpg#frag", "http://artist.com/a%20b.jpg")]
    [InlineData("https://bücher.example/ü.png", "https://xn--bcher-kva.example/%C3%BC.png")]
    [InlineData("https://artist.com:443/x", "https://artist.com/x")]
    public void Urls_are_normalised(string url, string expected)
    {
        Assert.True(SiteSignals.TryNormalize(url, out var uri, out var problem), problem);
        Assert.Equal(expected, uri.AbsoluteUri);
    }
}
