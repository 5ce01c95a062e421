using System.Text.Json;

namespace Candor.Tests.Interop;

/// <summary>
/// The reference harness is trustworthy: run on every corpus file, it reproduces what the corpus's
/// expected.json recorded from the same reference, with and without trust anchors.
/// </summary>
public class ReferenceHarnessTests
{
    [SkippableTheory]
    [InlineData("no_trust_anchors", false)]
    [InlineData("with_anchors_pem", true)]
    public void Reference_harness_reproduces_expected_json_for_every_corpus_file(string recording, bool withAnchors)
    {
        using var expected = JsonDocument.Parse(File.ReadAllText(Corpus.Path("c2pa/expected.json")));
        var files = expected.RootElement.GetProperty("files").EnumerateObject().ToList();
        Assert.NotEmpty(files);

        var verdicts = ReferenceValidator.Validate(
            files.Select(f => Corpus.Path("c2pa/" + f.Name)),
            withAnchors ? Corpus.Path("c2pa/certs/anchors.pem") : null);

        var differences = new List<string>();
        foreach (var (file, verdict) in files.Zip(verdicts))
        {
            var want = Recorded(file.Value.GetProperty(recording));
            if (!Same(want, verdict)) differences.Add($"{file.Name}: expected {want.Describe()}, reference now says {verdict.Describe()}");
        }
        Assert.True(differences.Count == 0, string.Join('\n', differences));
    }

    [SkippableFact]
    public void Trust_anchors_given_as_pem_text_count_like_a_pem_file()
    {
        var file = Corpus.Path("c2pa/png/gen-png-created-ps256.png");
        var pem = File.ReadAllText(Corpus.Path("c2pa/certs/anchors.pem"));

        var untrusted = ReferenceValidator.Validate(file);
        var trusted = ReferenceValidator.Validate(file, pem);

        Assert.Equal(("Valid", "Trusted"), (untrusted.State, trusted.State));
    }

    private static ReferenceVerdict Recorded(JsonElement recording)
    {
        IReadOnlyList<string> Codes(string name) => recording.TryGetProperty(name, out var v)
            ? v.EnumerateArray().Select(e => e.GetString()!).ToList()
            : [];
        return new ReferenceVerdict(
            "",
            recording.TryGetProperty("state", out var state) ? state.GetString() : null,
            Codes("failures"),
            Codes("informational"),
            Codes("ingredient_failures"),
            recording.TryGetProperty("error", out var error) ? error.GetString() : null,
            double.NaN);
    }

    private static bool Same(ReferenceVerdict want, ReferenceVerdict got) =>
        want.State == got.State
        && want.Error == got.Error
        && want.Failures.SequenceEqual(got.Failures)
        && want.Informational.SequenceEqual(got.Informational)
        && want.IngredientFailures.SequenceEqual(got.IngredientFailures);
}
