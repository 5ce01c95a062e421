using System.Text.Json;
using Candor.Consent.Signals;

namespace Candor.Tests.Consent.Signals;

/// <summary>Every case of shared/corpus/signals/tdmrep/tdmrep-cases.json (spec examples, location matching, derived rules).</summary>
public sealed class TdmRepConformanceTests
{
    private static JsonElement Root()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Corpus.Path("signals/tdmrep/tdmrep-cases.json")));
        return doc.RootElement.Clone();
    }

    /// <summary>Header lines of an HTTP message ("Name: value"), the status line skipped.</summary>
    private static List<KeyValuePair<string, string>> Headers(string message) =>
        [.. message.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Contains(':') && !l.StartsWith("HTTP/", StringComparison.Ordinal))
            .Select(l => new KeyValuePair<string, string>(l[..l.IndexOf(':')].Trim(), l[(l.IndexOf(':') + 1)..].Trim()))];

    private static TdmDeclaration? Read(string kind, string input, string? url) => kind switch
    {
        "json" => TdmRepFile.Parse(System.Text.Encoding.UTF8.GetBytes(input)).DeclarationFor(url!),
        "header" => TdmRep.FromHeaders(Headers(input)),
        "html" => TdmRep.FromHtml(input),
        "epub2-opf" or "epub3-opf" => TdmRep.FromEpubPackage(input),
        "pdf-xmp" => TdmRep.FromXmp(input),
        _ => throw new InvalidOperationException($"unknown kind {kind}"),
    };

    private static string? Check(JsonElement c, TdmDeclaration? got)
    {
        int? expectedReservation = c.GetProperty("expected_reservation").ValueKind == JsonValueKind.Null ? null : c.GetProperty("expected_reservation").GetInt32();
        var expectedPolicy = c.GetProperty("expected_policy").GetString();
        return got?.Reservation == expectedReservation && (got?.Policy) == expectedPolicy
            ? null
            : $"{c.GetProperty("id").GetString()}: got ({got?.Reservation}, {got?.Policy}), expected ({expectedReservation}, {expectedPolicy})";
    }

    [SkippableFact]
    public void Every_spec_example_gives_the_expected_reservation_and_policy()
    {
        var cases = Root().GetProperty("spec_example_cases").EnumerateArray().ToList();
        Assert.Equal(11, cases.Count);
        var failures = cases.Select(c =>
        {
            var input = c.GetProperty("input").GetString()!;
            // The example files are the same text as "input"; read the file where there is one.
            if (c.TryGetProperty("input_file", out var file))
                input = File.ReadAllText(Corpus.Path("signals/tdmrep/" + file.GetString()));
            return Check(c, Read(c.GetProperty("kind").GetString()!, input, c.GetProperty("url").GetString()));
        }).OfType<string>().ToList();
        Assert.Empty(failures);
    }

    [SkippableFact]
    public void Location_match_case_passes()
    {
        foreach (var c in Root().GetProperty("location_match_cases").EnumerateArray())
            Assert.Equal(c.GetProperty("expected_match").GetBoolean(),
                TdmRep.LocationMatches(c.GetProperty("pattern").GetString()!, c.GetProperty("url").GetString()!));
    }

    [SkippableFact]
    public void Every_derived_rule_case_passes()
    {
        var cases = Root().GetProperty("derived_rule_cases").EnumerateArray().ToList();
        Assert.Equal(5, cases.Count);
        var failures = cases.Select(c =>
        {
            var kind = c.GetProperty("kind").GetString()!;
            if (kind != "priority") return Check(c, Read(kind, c.GetProperty("input").GetString()!, null));
            var inputs = c.GetProperty("inputs");
            var url = c.GetProperty("url").GetString();
            var file = inputs.TryGetProperty("well_known", out var wk) ? TdmRepFile.Parse(System.Text.Encoding.UTF8.GetBytes(wk.GetString()!)).DeclarationFor(url!) : null;
            var header = inputs.TryGetProperty("header", out var h) ? TdmRep.FromHeaders(Headers(h.GetString()!)) : null;
            var html = inputs.TryGetProperty("html", out var page) ? TdmRep.FromHtml(page.GetString()) : null;
            return Check(c, TdmRep.Resolve(file, header, html));
        }).OfType<string>().ToList();
        Assert.Empty(failures);
    }

    [SkippableFact]
    public void Invalid_policy_example_is_reported_not_thrown()
    {
        var bytes = File.ReadAllBytes(Corpus.Path("signals/tdmrep/examples/policy-full-2.invalid-json.txt"));
        var file = TdmRepFile.Parse(bytes);
        Assert.Empty(file.Rules);
        Assert.StartsWith("not valid JSON", file.Problem);
    }

    [Fact]
    public void Malformed_tdmrep_files_give_reasons()
    {
        Assert.Contains("expected a JSON array", TdmRepFile.Parse("{\"location\":\"/\"}"u8).Problem);
        Assert.Contains("rule 1 has no location", TdmRepFile.Parse("[{\"tdm-reservation\":1}]"u8).Problem);
        Assert.Contains("neither 0 nor 1", TdmRepFile.Parse("[{\"location\":\"/\",\"tdm-reservation\":7}]"u8).Problem);
        Assert.Contains("more than", TdmRepFile.Parse(new byte[TdmRepFile.MaxBytes + 1]).Problem);
    }

    [Fact]
    public void First_matching_rule_applies()
    {
        var file = TdmRepFile.Parse("""[{"location":"/a/*.jpg$","tdm-reservation":0},{"location":"/a/","tdm-reservation":1}]"""u8);
        Assert.Equal(0, file.DeclarationFor("https://x.org/a/b.jpg")!.Reservation);
        Assert.Equal(1, file.DeclarationFor("https://x.org/a/b.jpg?w=2")!.Reservation);
        Assert.Null(file.DeclarationFor("https://x.org/b/"));
    }

    [Fact]
    public void Reservation_evidence_refuses_and_zero_allows()
    {
        Assert.Equal(Candor.Consent.ConsentVerdict.Forbidden, TdmRep.Evidence(new TdmDeclaration(1, null, "h"), "u").Verdict);
        Assert.Equal(Candor.Consent.ConsentVerdict.Allowed, TdmRep.Evidence(new TdmDeclaration(0, null, "h"), "u").Verdict);
        Assert.Equal(Candor.Consent.ConsentVerdict.NotStated, TdmRep.Evidence(new TdmDeclaration(null, null, "h", "bad"), "u").Verdict);
    }
}
