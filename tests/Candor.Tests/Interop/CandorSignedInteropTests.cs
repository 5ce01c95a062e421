using Candor.C2pa.Cose;
using Candor.C2pa.Signing;
using Candor.C2pa.Trust;
using Candor.C2pa.Validation;

namespace Candor.Tests.Interop;

// Every file Candor signs validates in the reference implementation (c2pa-rs 0.91.3 in
// WebAssembly): each format x each algorithm, edits of files signed by the reference, the
// optional assertions (training-mining, thumbnail, time-stamp), sidecars excepted (the
// reference's WebAssembly API cannot pair a .c2pa with its asset). Candor's own validator must
// say the same. One Node process validates the whole batch, once without anchors and once with.
public sealed class CandorSignedInteropTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("candor-interop-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly (string Input, string Format)[] Unsigned =
    [
        ("c2pa/jpeg/adobe-20220124-A.jpg", "jpg"), ("c2pa/png/libpng-test.png", "png"), ("c2pa/webp/test.webp", "webp"),
    ];

    private static readonly string[] CorpusAlgorithms = ["es256", "es384", "es512", "ps256", "ps512", "ed25519"];

    private static CoseAlgorithm Algorithm(string name) => CoseAlgorithmNames.Parse(name);

    private static C2paSignOptions Options(string alg, string chainPem, string keyPem, Func<C2paSignOptions, C2paSignOptions>? more = null)
    {
        var options = new C2paSignOptions
        {
            Algorithm = Algorithm(alg),
            Key = CoseSigningKey.FromPem(keyPem),
            Chain = [.. C2paTrustSettings.ReadPem(chainPem, "chain")],
            DigitalSourceType = "trainedAlgorithmicMedia",
        };
        return more is null ? options : more(options);
    }

    private static C2paSignOptions CorpusOptions(string alg, Func<C2paSignOptions, C2paSignOptions>? more = null) =>
        Options(alg, File.ReadAllText(Corpus.Path($"c2pa/certs/c2pa-rs-{alg}.chain.pem")), File.ReadAllText(Corpus.Path($"c2pa/certs/c2pa-rs-{alg}.key.pem")), more);

    private string SignInto(string input, string name, C2paSignOptions options)
    {
        var output = Path.Combine(_dir, name);
        C2paSigner.SignFile(Corpus.Path(input), output, options);
        return output;
    }

    private static void AssertAgree(IReadOnlyList<string> files, string? anchors, string expectedState, C2paValidationOptions candorOptions)
    {
        var verdicts = ReferenceValidator.Validate(files, anchors);
        var problems = new List<string>();
        foreach (var (file, reference) in files.Zip(verdicts))
        {
            var candor = C2paValidator.Validate(file, candorOptions);
            var want = expectedState == "Trusted" ? Array.Empty<string>() : ["signingCredential.untrusted"];
            if (reference.State != expectedState || !reference.Failures.SequenceEqual(want) || reference.IngredientFailures.Except(want).Any())
                problems.Add($"{Path.GetFileName(file)}: reference {reference.Describe()}");
            if (candor.State?.ToString() != reference.State
                || !candor.Failures.Select(f => f.Code).Distinct().Order().SequenceEqual(reference.Failures.Order()))
                problems.Add($"{Path.GetFileName(file)}: Candor {candor.State} [{string.Join(", ", candor.Failures.Select(f => f.Code))}] vs reference {reference.Describe()}");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [SkippableFact]
    public void Every_format_and_algorithm_Candor_signs_validates_in_the_reference()
    {
        ReferenceValidator.Require();
        var files = new List<string>();
        foreach (var (input, ext) in Unsigned)
            foreach (var alg in CorpusAlgorithms)
                files.Add(SignInto(input, $"created-{alg}.{ext}", CorpusOptions(alg)));
        // Edits: a file the reference signed becomes the parent ingredient of Candor's manifest.
        files.Add(SignInto("c2pa/png/gen-png-created-ps256.png", "edit-es256.png", CorpusOptions("es256", o => WithAction(o, "c2pa.edited"))));
        files.Add(SignInto("c2pa/jpeg/gen-jpeg-created-es512.jpg", "edit-ps256.jpg", CorpusOptions("ps256", o => WithAction(o, "c2pa.color_adjustments"))));
        files.Add(SignInto("c2pa/webp/gen-webp-edit-ps256.webp", "edit-ed25519.webp", CorpusOptions("ed25519", o => WithAction(o, "c2pa.resized"))));
        // The optional assertions.
        files.Add(SignInto("c2pa/png/libpng-test.png", "training-thumbnail.png", CorpusOptions("es256", o => new C2paSignOptions
        {
            Algorithm = o.Algorithm,
            Key = o.Key,
            Chain = o.Chain,
            DigitalSourceType = o.DigitalSourceType,
            Training = "notAllowed",
            Thumbnail = true,
            Title = "Candor interop",
        })));
        // One training entry only (what "no generative AI training" becomes).
        files.Add(SignInto("c2pa/webp/test.webp", "genai-only.webp", CorpusOptions("es384", o => o with
        {
            TrainingByEntry = new Dictionary<string, string> { ["cawg.ai_generative_training"] = "notAllowed" },
        })));
        var anchors = Corpus.Path("c2pa/certs/anchors.pem");
        AssertAgree(files, null, "Valid", C2paValidationOptions.Default);
        AssertAgree(files, anchors, "Trusted", new C2paValidationOptions { Trust = C2paTrustSettings.FromPemFiles(anchors) });
    }

    [SkippableFact]
    public void A_keygen_test_chain_meets_the_reference_certificate_profile_and_is_trusted_with_its_CA()
    {
        ReferenceValidator.Require();
        foreach (var alg in new[] { "es256", "ps256", "ed25519" })
        {
            var made = TestCertificateFactory.Create(Algorithm(alg));
            var file = SignInto("c2pa/png/libpng-test.png", $"keygen-{alg}.png", Options(alg, made.ChainPem, made.PrivateKeyPem));
            var anchors = Path.Combine(_dir, $"ca-{alg}.pem");
            File.WriteAllText(anchors, made.CaCertificatePem);
            AssertAgree([file], null, "Valid", C2paValidationOptions.Default);
            AssertAgree([file], anchors, "Trusted", new C2paValidationOptions { Trust = C2paTrustSettings.FromPemFiles(anchors) });
        }
    }

    // A time-stamp from a real RFC 3161 exchange (the tests' own TSA on loopback): the reference
    // finds the token over the right bytes (no timeStamp.mismatch) and, its TSA not being on any
    // list, reports timeStamp.untrusted; with the TSA's root as an anchor too, timeStamp.trusted.
    [SkippableFact]
    public void A_time_stamped_signature_validates_in_the_reference()
    {
        ReferenceValidator.Require();
        using var tsa = new Candor.Tests.C2pa.Trust.LocalTimeStampAuthority();
        var client = new Rfc3161Client();
        var file = SignInto("c2pa/png/libpng-test.png", "timestamped-es256.png", CorpusOptions("es256", o => new C2paSignOptions
        {
            Algorithm = o.Algorithm,
            Key = o.Key,
            Chain = o.Chain,
            DigitalSourceType = o.DigitalSourceType,
            TimeStamper = data => client.RequestToken(tsa.Url, data.Span, System.Security.Cryptography.HashAlgorithmName.SHA256),
        }));
        var reference = ReferenceValidator.Validate(file);
        Assert.True(reference.State == "Valid" && reference.Failures.SequenceEqual(["signingCredential.untrusted"]), reference.Describe());
        Assert.Contains("timeStamp.untrusted", reference.Informational);
        Assert.DoesNotContain("timeStamp.mismatch", reference.Informational);
        var candor = C2paValidator.Validate(file);
        Assert.Equal(C2paValidationState.Valid, candor.State);
        Assert.Equal(reference.Informational.Order(), candor.Informational.Select(i => i.Code).Distinct().Order());
    }

    private static C2paSignOptions WithAction(C2paSignOptions o, string action) => new()
    {
        Algorithm = o.Algorithm,
        Key = o.Key,
        Chain = o.Chain,
        DigitalSourceType = o.DigitalSourceType,
        Action = action,
    };
}
