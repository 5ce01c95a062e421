using System.Text.Json;
using Candor.Consent.Signals;

namespace Candor.Tests.Consent.Signals;

/// <summary>Every case converted from Google's robots_test.cc (shared/corpus/signals/robotstxt-cases.json), data-driven.</summary>
public sealed class RobotsTxtConformanceTests
{
    private static JsonElement Cases(string list)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Corpus.Path("signals/robotstxt-cases.json")));
        return doc.RootElement.GetProperty(list).Clone();
    }

    private static List<string> Failures(string list, Func<JsonElement, string?> check)
    {
        var failures = new List<string>();
        var count = 0;
        foreach (var c in Cases(list).EnumerateArray())
        {
            count++;
            if (check(c) is { } problem) failures.Add($"{c.GetProperty("id").GetString()}: {problem}");
        }
        Assert.True(count > 0, $"{list} is empty");
        return failures;
    }

    [SkippableFact]
    public void Every_allow_disallow_case_matches_Google()
    {
        var failures = Failures("cases", c =>
        {
            var robots = RobotsTxt.Parse(c.GetProperty("robots_txt").GetString()!);
            var expected = c.GetProperty("allowed").GetBoolean();
            var got = robots.IsAllowed(c.GetProperty("user_agent").GetString()!, c.GetProperty("url").GetString()!);
            return got == expected ? null : $"expected {(expected ? "allowed" : "disallowed")}";
        });
        Assert.Empty(failures);
    }

    [SkippableFact]
    public void Every_user_agent_validity_case_matches_Google()
    {
        var failures = Failures("user_agent_validity_cases", c =>
            RobotsTxt.IsValidUserAgent(c.GetProperty("user_agent").GetString()) == c.GetProperty("valid").GetBoolean() ? null : "validity differs");
        Assert.Empty(failures);
    }

    [SkippableFact]
    public void Every_path_params_query_case_matches_Google()
    {
        var failures = Failures("path_params_query_cases", c =>
        {
            var got = RobotsTxt.PathParamsQuery(c.GetProperty("url").GetString()!);
            var expected = c.GetProperty("expected_path_params_query").GetString();
            return got == expected ? null : $"got '{got}', expected '{expected}'";
        });
        Assert.Empty(failures);
    }

    [SkippableFact]
    public void Every_escape_pattern_case_matches_Google()
    {
        var failures = Failures("escape_pattern_cases", c =>
        {
            var got = RobotsTxt.EscapePattern(c.GetProperty("pattern").GetString()!);
            var expected = c.GetProperty("expected_escaped").GetString();
            return got == expected ? null : $"got '{got}', expected '{expected}'";
        });
        Assert.Empty(failures);
    }

    [SkippableFact]
    public void Every_parse_report_case_matches_Google()
    {
        var failures = Failures("parse_report_cases", c =>
        {
            var robots = c.TryGetProperty("robots_txt_hex", out var hex)
                ? RobotsTxt.Parse(Convert.FromHexString(hex.GetString()!))
                : RobotsTxt.Parse(c.GetProperty("robots_txt").GetString()!);
            var expected = c.GetProperty("expected");
            var problems = new List<string>();
            if (expected.TryGetProperty("valid_directives", out var valid) && valid.GetInt32() != robots.ValidDirectives)
                problems.Add($"valid {robots.ValidDirectives} != {valid.GetInt32()}");
            if (expected.TryGetProperty("unknown_directives", out var unknown) && unknown.GetInt32() != robots.UnknownDirectives)
                problems.Add($"unknown {robots.UnknownDirectives} != {unknown.GetInt32()}");
            if (expected.TryGetProperty("last_line_seen", out var last) && last.GetInt32() != robots.Directives[^1].Line)
                problems.Add($"last line {robots.Directives[^1].Line} != {last.GetInt32()}");
            if (expected.TryGetProperty("sitemap", out var sitemap) && !robots.Sitemaps.SequenceEqual([sitemap.GetString()!]))
                problems.Add($"sitemaps [{string.Join(", ", robots.Sitemaps)}]");
            return problems.Count == 0 ? null : string.Join("; ", problems);
        });
        Assert.Empty(failures);
    }
}
