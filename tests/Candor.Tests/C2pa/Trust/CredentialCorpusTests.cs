using System.Text.Json;
using Candor.C2pa;
using Candor.C2pa.Trust;
using Candor.C2pa.Validation;
using Candor.Formats;

namespace Candor.Tests.C2pa.Trust;

public class CredentialCorpusTests
{
    // The codes the credential checks own; the rest of expected.json belongs to the hash and structure checks.
    private static readonly string[] Families = ["claimSignature.", "signingCredential.", "timeStamp.", "cawg."];

    // Corpus files where Candor's credential codes differ from the reference's, and why. Empty: full agreement.
    private static readonly Dictionary<string, string> KnownDifferences = new(StringComparer.Ordinal);

    private static bool Owned(string code) => Families.Any(code.StartsWith);

    internal static C2paManifestStore? Store(string path)
    {
        var scan = ContainerRegistry.Scan(path);
        var payload = scan.Payloads.FirstOrDefault(p => p.Kind == PayloadKind.C2pa);
        return payload is null ? null : ManifestStoreReader.Read(payload.Data);
    }

    internal static string[] CandorCodes(C2paManifestStore store, C2paTrustSettings trust)
    {
        var manifest = store.ActiveManifest!;
        var report = new C2paHashReport { ActiveManifestLabel = manifest.Label };
        CredentialValidator.Validate(manifest, trust, report);
        CawgIdentityValidator.Validate(manifest, trust, report);
        return report.For(manifest.Label)
            .Where(s => s.Kind != C2paStatusKind.Success && Owned(s.Code))
            .Select(s => s.Code).Distinct().Order(StringComparer.Ordinal).ToArray();
    }

    private static string[] ReferenceCodes(JsonElement run) =>
        run.GetProperty("failures").EnumerateArray().Concat(run.GetProperty("informational").EnumerateArray())
            .Select(e => e.GetString()!).Where(Owned).Distinct().Order(StringComparer.Ordinal).ToArray();

    [SkippableFact]
    public void Credential_codes_agree_with_the_reference_for_every_corpus_file_with_and_without_anchors()
    {
        using var expected = JsonDocument.Parse(File.ReadAllText(Corpus.Path("c2pa/expected.json")));
        var anchors = C2paTrustSettings.FromPemFiles(Corpus.Path("c2pa/certs/anchors.pem"));
        var runs = new (string Key, C2paTrustSettings Trust)[]
        {
            ("no_trust_anchors", new C2paTrustSettings { ValidationTime = DateTimeOffset.UtcNow }),
            ("with_anchors_pem", new C2paTrustSettings(anchors.Anchors) { ValidationTime = DateTimeOffset.UtcNow }),
        };
        var differences = new Dictionary<string, string>(StringComparer.Ordinal);
        var compared = 0;
        foreach (var file in expected.RootElement.GetProperty("files").EnumerateObject())
        {
            if (file.Value.GetProperty("no_trust_anchors").TryGetProperty("error", out _)) continue;
            var store = Store(Corpus.Path("c2pa/" + file.Name));
            Assert.NotNull(store);
            compared++;
            foreach (var (key, trust) in runs)
            {
                var want = ReferenceCodes(file.Value.GetProperty(key));
                var got = CandorCodes(store, trust);
                if (!got.SequenceEqual(want))
                    differences[$"{file.Name} ({key})"] = $"reference [{string.Join(", ", want)}], Candor [{string.Join(", ", got)}]";
            }
        }
        Assert.True(compared >= 30, $"only {compared} files compared");
        Assert.True(differences.Keys.Order(StringComparer.Ordinal).SequenceEqual(KnownDifferences.Keys.Order(StringComparer.Ordinal)),
            "differences:\n" + string.Join("\n", differences.Select(d => $"{d.Key}: {d.Value}")));
    }
}
