using System.Text.Json;
using Candor.C2pa.Trust;
using Candor.C2pa.Validation;

namespace Candor.Tests.C2pa.Validation;

// The heart of C2PA interoperability: for every corpus file, Candor's verdict (state), the
// active manifest's failure and informational codes, and the ingredient-delta failures are
// the ones the reference implementation recorded in expected.json, with no trust anchors and
// with certs/anchors.pem. Candor's own informational codes ("candor.*", e.g. a hard binding it
// does not check yet) have no counterpart in the reference and are left out of the comparison.
public class C2paValidatorCorpusTests
{
    // expected.json "error" (the reference read no store or stopped early) → what Candor reports instead.
    private static readonly Dictionary<string, Func<C2paValidationResult, bool>> ReferenceErrors = new(StringComparer.Ordinal)
    {
        ["C2pa(JumbfNotFound)"] = r => r.Outcome == C2paValidationOutcome.NoManifest,
        ["C2pa(RemoteManifestUrl"] = r => r.Outcome == C2paValidationOutcome.RemoteManifest && r.RemoteManifestUrl is not null,
        // The reference stops at the first unusable hash or pre-1.0 structure; Candor reads on and
        // says why the store is Invalid (algorithm.unsupported, or the failures of the old layout).
        ["C2pa(UnknownAlgorithm)"] = r => r.State == C2paValidationState.Invalid && r.Failures.Any(s => s.Code == C2paStatusCodes.AlgorithmUnsupported),
        ["C2pa(PrereleaseError)"] = r => r.Outcome == C2paValidationOutcome.Unreadable || r.State == C2paValidationState.Invalid,
    };

    public static TheoryData<string> Modes => new() { "no_trust_anchors", "with_anchors_pem" };

    private static string[] Sorted(IEnumerable<string> codes) => codes.Distinct().Order(StringComparer.Ordinal).ToArray();

    private static string[] Strings(JsonElement element, string name) =>
        Sorted(element.GetProperty(name).EnumerateArray().Select(e => e.GetString()!));

    internal static C2paValidationOptions Options(string mode) => new()
    {
        Trust = mode == "with_anchors_pem" ? C2paTrustSettings.FromPemFiles(Corpus.Path("c2pa/certs/anchors.pem")) : C2paTrustSettings.None,
    };

    [SkippableTheory]
    [MemberData(nameof(Modes))]
    public void Every_corpus_file_gets_the_reference_verdict_and_codes(string mode)
    {
        using var expected = JsonDocument.Parse(File.ReadAllText(Corpus.Path("c2pa/expected.json")));
        var options = Options(mode);
        var differences = new List<string>();
        var compared = 0;
        foreach (var file in expected.RootElement.GetProperty("files").EnumerateObject())
        {
            var reference = file.Value.GetProperty(mode);
            var result = C2paValidator.Validate(Corpus.Path("c2pa/" + file.Name), options);
            compared++;
            if (reference.TryGetProperty("error", out var error))
            {
                var rule = ReferenceErrors.Single(e => error.GetString()!.StartsWith(e.Key, StringComparison.Ordinal));
                if (!rule.Value(result)) differences.Add($"{file.Name}: reference error {error}, Candor {result.Outcome} {result.State} {string.Join(", ", result.Failures.Select(f => f.Code))} {result.Message}");
                continue;
            }
            var want = (State: reference.GetProperty("state").GetString(), Failures: Strings(reference, "failures"),
                Ingredients: Strings(reference, "ingredient_failures"), Info: Strings(reference, "informational"));
            var got = (State: result.State?.ToString(), Failures: Sorted(result.Failures.Select(s => s.Code)),
                Ingredients: Sorted(result.IngredientDeltas.SelectMany(d => d.Failures).Select(s => s.Code)),
                Info: Sorted(result.Informational.Select(s => s.Code).Where(c => !c.StartsWith("candor.", StringComparison.Ordinal))));
            if (want.State != got.State || !want.Failures.SequenceEqual(got.Failures) || !want.Ingredients.SequenceEqual(got.Ingredients) || !want.Info.SequenceEqual(got.Info))
                differences.Add($"{file.Name}: reference {want.State} F[{string.Join(" ", want.Failures)}] IF[{string.Join(" ", want.Ingredients)}] I[{string.Join(" ", want.Info)}]"
                    + $"\n    Candor {got.State ?? result.Outcome.ToString()} F[{string.Join(" ", got.Failures)}] IF[{string.Join(" ", got.Ingredients)}] I[{string.Join(" ", got.Info)}] {result.Message}"
                    + string.Concat(result.Failures.Select(f => $"\n      {f}")));
        }
        Assert.True(compared >= 40, $"only {compared} corpus files compared");
        Assert.True(differences.Count == 0, $"{differences.Count} of {compared} files differ from the reference ({mode}):\n" + string.Join("\n", differences));
    }
}
