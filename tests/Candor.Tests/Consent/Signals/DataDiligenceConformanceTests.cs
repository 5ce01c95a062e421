using System.Text.Json;
using Candor.C2pa;
using Candor.Consent;
using Candor.Consent.Signals;
using Candor.Formats;

namespace Candor.Tests.Consent.Signals;

/// <summary>datadiligence's header and C2PA cases (shared/corpus/signals/datadiligence-cases.json), data-driven.</summary>
public sealed class DataDiligenceConformanceTests
{
    private static JsonElement Root()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Corpus.Path("signals/datadiligence-cases.json")));
        return doc.RootElement.Clone();
    }

    [SkippableFact]
    public void Every_x_robots_tag_case_matches_datadiligence()
    {
        var cases = Root().GetProperty("x_robots_tag_cases").EnumerateArray().ToList();
        Assert.Equal(44, cases.Count);
        var failures = cases.Where(c => XRobotsTag.AllowedByDataDiligence(
                c.GetProperty("header_value").GetString(), c.GetProperty("rule_user_agent").GetString(), c.GetProperty("respect_noindex").GetBoolean())
            != c.GetProperty("expected_allowed").GetBoolean()).Select(c => c.GetProperty("id").GetString()).ToList();
        Assert.Empty(failures);
    }

    [SkippableFact]
    public void Candor_evidence_agrees_with_datadiligence_where_the_agent_is_an_ai_crawler()
    {
        // Candor's own reading: spawningbot is configured as the own agent, noindex is never a refusal of training.
        var policy = new SignalPolicy(OwnAgent: "spawningbot");
        var failures = new List<string>();
        foreach (var c in Root().GetProperty("x_robots_tag_cases").EnumerateArray())
        {
            if (c.GetProperty("respect_noindex").GetBoolean() || c.GetProperty("rule_user_agent").GetString() is null) continue;
            var evidence = XRobotsTag.Evidence([c.GetProperty("header_value").GetString()], "u", ConsentUse.AiTraining, policy);
            var forbidden = ConsentDecision.Combine(ConsentUse.AiTraining, evidence).Verdict == ConsentVerdict.Forbidden;
            if (forbidden == c.GetProperty("expected_allowed").GetBoolean()) failures.Add(c.GetProperty("id").GetString()!);
        }
        // "test:noai" (xrobots@66) is addressed to an agent Candor does not read for, so it agrees too.
        Assert.Empty(failures);
    }

    [SkippableFact]
    public void Every_tdm_reservation_header_case_matches_datadiligence()
    {
        var cases = Root().GetProperty("tdm_reservation_header_cases").EnumerateArray().ToList();
        Assert.Equal(7, cases.Count);
        foreach (var c in cases)
        {
            var headers = new List<KeyValuePair<string, string>>();
            if (c.GetProperty("header_value").GetString() is { } v) headers.Add(new("tdm-reservation", v));
            if (c.TryGetProperty("tdm_policy_header", out var p)) headers.Add(new("TDM-Policy", p.GetString()!));
            var declaration = TdmRep.FromHeaders(headers);
            var allowed = declaration?.Reservation != 1;
            Assert.True(allowed == c.GetProperty("expected_allowed").GetBoolean(), c.GetProperty("id").GetString());
        }
    }

    [SkippableFact]
    public void Every_c2pa_case_with_a_local_file_matches_datadiligence()
    {
        var cases = Root().GetProperty("c2pa_training_mining_cases").EnumerateArray().ToList();
        Assert.Equal(8, cases.Count);
        var checkedCases = 0;
        foreach (var c in cases)
        {
            var expected = c.GetProperty("expected").GetString()!;
            var local = c.GetProperty("local_copy").GetString();
            IReadOnlyList<ConsentEvidence> evidence;
            if (local is null)
            {
                // No file (404, missing path, bytes that are not an image): datadiligence raises; Candor has no entries to read,
                // so the evaluator is given none and says nothing rather than throwing.
                Assert.StartsWith("error:", expected);
                evidence = EmbeddedSignals.FromTrainingMining([], c.GetProperty("input").GetString()!, ConsentUse.AiTraining);
                Assert.Equal(ConsentVerdict.NotStated, ConsentDecision.Combine(ConsentUse.AiTraining, evidence).Verdict);
                checkedCases++;
                continue;
            }
            var path = Corpus.Path(local["shared/corpus/".Length..]);
            var entries = TrainingEntries(path);
            var blocked = false;
            foreach (var use in Enum.GetValues<ConsentUse>())
                blocked |= ConsentDecision.Combine(use, EmbeddedSignals.FromTrainingMining(entries, path, use)).Verdict == ConsentVerdict.Forbidden;
            Assert.True(blocked == (expected == "blocked"), $"{c.GetProperty("id").GetString()}: expected {expected}");
            checkedCases++;
        }
        Assert.Equal(8, checkedCases);
    }

    [SkippableFact]
    public void Sample_c2pa_png_forbids_every_use()
    {
        var path = Corpus.Path("signals/datadiligence/sample_c2pa.png");
        var entries = TrainingEntries(path);
        Assert.Equal(4, entries.Count);
        foreach (var use in Enum.GetValues<ConsentUse>())
        {
            var decision = ConsentDecision.Combine(use, EmbeddedSignals.FromTrainingMining(entries, "sample_c2pa.png", use));
            Assert.Equal(ConsentVerdict.Forbidden, decision.Verdict);
        }
    }

    private static List<KeyValuePair<string, string?>> TrainingEntries(string path)
    {
        // Consent (layer 1) cannot read C2PA; the test reads the manifest with Candor.C2pa and hands the entries in.
        var payload = CorpusFiles.FindPayload(path, PayloadKind.C2pa);
        if (payload is null) return [];
        var store = ManifestStoreReader.Read(payload.Data);
        return store.ActiveManifest?.TrainingMining.Select(t => new KeyValuePair<string, string?>(t.Key, t.Use)).ToList() ?? [];
    }
}
