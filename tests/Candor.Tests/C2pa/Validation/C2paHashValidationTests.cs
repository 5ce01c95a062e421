using System.Text.Json;
using Candor.C2pa.Validation;
using Candor.Formats;
using Candor.Formats.Jpeg;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.C2pa.Validation;

public class C2paHashValidationTests
{
    // The codes the hash checks own; other codes in expected.json belong to signature and certificate checks.
    private static readonly string[] HashFamily = ["assertion.hashedURI.", "assertion.dataHash.", "assertion.missing"];

    // expected.json "error" (the reference read no store or stopped early) → what Candor must report instead.
    private static readonly Dictionary<string, Func<C2paHashReport?, bool>> ReferenceErrors = new(StringComparer.Ordinal)
    {
        ["C2pa(JumbfNotFound)"] = r => r is null,
        ["C2pa(RemoteManifestUrl"] = r => r is null,
        ["C2pa(UnknownAlgorithm)"] = r => r is not null && r.Failures.Any(s => s.Code == C2paStatusCodes.AlgorithmUnsupported),
        ["C2pa(PrereleaseError)"] = r => r is not null && !r.Passed,
    };

    // Corpus files where Candor's hash codes differ from the reference's, and why. Empty: full agreement.
    private static readonly Dictionary<string, string> KnownDifferences = new(StringComparer.Ordinal);

    private static bool IsHashCode(string code) => HashFamily.Any(code.StartsWith);

    private static C2paHashReport Validate(string relative) =>
        C2paHashValidation.Validate(Corpus.Path(relative)) ?? throw new Xunit.Sdk.XunitException($"{relative}: no manifest store found");

    private static C2paHashReport Validate(byte[] file) =>
        C2paHashValidation.Validate(new MemoryStream(file)) ?? throw new Xunit.Sdk.XunitException("no manifest store found");

    private static string[] Codes(IEnumerable<C2paStatus> statuses) => statuses.Select(s => s.Code).Distinct().Order(StringComparer.Ordinal).ToArray();

    [SkippableFact]
    public void Hash_failures_agree_with_the_reference_for_every_corpus_file()
    {
        using var expected = JsonDocument.Parse(File.ReadAllText(Corpus.Path("c2pa/expected.json")));
        var differences = new Dictionary<string, string>(StringComparer.Ordinal);
        var compared = 0;
        foreach (var file in expected.RootElement.GetProperty("files").EnumerateObject())
        {
            var reference = file.Value.GetProperty("no_trust_anchors");
            var report = C2paHashValidation.Validate(Corpus.Path("c2pa/" + file.Name));
            if (reference.TryGetProperty("error", out var error))
            {
                var rule = ReferenceErrors.Single(e => error.GetString()!.StartsWith(e.Key, StringComparison.Ordinal));
                if (!rule.Value(report)) differences[file.Name] = $"reference error {error}, Candor: {string.Join("; ", report?.Failures ?? [])}";
                continue;
            }
            Assert.NotNull(report);
            compared++;
            var active = Codes(report.Failures.Where(s => s.ManifestLabel == report.ActiveManifestLabel && IsHashCode(s.Code)));
            var ingredients = Codes(report.Failures.Where(s => s.ManifestLabel != report.ActiveManifestLabel && IsHashCode(s.Code)));
            var wantActive = reference.GetProperty("failures").EnumerateArray().Select(e => e.GetString()!).Where(IsHashCode).Distinct().Order(StringComparer.Ordinal).ToArray();
            var wantIngredients = reference.GetProperty("ingredient_failures").EnumerateArray().Select(e => e.GetString()!).Where(IsHashCode).Distinct().Order(StringComparer.Ordinal).ToArray();
            if (!active.SequenceEqual(wantActive) || !ingredients.SequenceEqual(wantIngredients))
                differences[file.Name] = $"reference [{string.Join(", ", wantActive)}] / ingredients [{string.Join(", ", wantIngredients)}], Candor [{string.Join(", ", active)}] / [{string.Join(", ", ingredients)}]";
        }
        Assert.True(compared >= 30, $"only {compared} files compared");
        Assert.Equal(KnownDifferences.Keys.Order(StringComparer.Ordinal), differences.Keys.Order(StringComparer.Ordinal));
    }

    [SkippableTheory]
    [InlineData("c2pa/png/gen-png-created-es256-thumb.png")]
    [InlineData("c2pa/png/gen-png-created-ps256.png")]
    [InlineData("c2pa/png/gen-png-edit-es384.png")]
    [InlineData("c2pa/jpeg/gen-jpeg-created-es512.jpg")]
    [InlineData("c2pa/jpeg/adobe-20220124-CAIAIIICAICIICAIICICA.jpg")]
    [InlineData("c2pa/jpeg/CACA.jpg")]
    [InlineData("c2pa/webp/gen-webp-edit-ps256.webp")]
    [InlineData("c2pa/webp/gen-webp-lossy-created-ed25519.webp")]
    [InlineData("c2pa/webp/gen-webp-vp8x-xmp-created-ps256.webp")]
    [InlineData("generators/adobe-firefly/photoshop-generative-fill_splash-banner.png")]
    [InlineData("generators/openai/DALL-E_cloud_surfing_puppy.webp")]
    [InlineData("generators/amazon-titan/amazon-titan-g1.png")]
    public void Untampered_files_match_every_hashed_uri_and_the_data_hash(string relative)
    {
        var report = Validate(relative);
        Assert.Empty(report.Failures);
        Assert.Contains(report.Statuses, s => s.Code == C2paStatusCodes.HashedUriMatch);
        var binding = Assert.Single(report.Statuses, s => s.Code.StartsWith("assertion.dataHash.", StringComparison.Ordinal));
        Assert.Equal(C2paStatusCodes.DataHashMatch, binding.Code);
        Assert.Equal(report.ActiveManifestLabel, binding.ManifestLabel);
    }

    [SkippableTheory]
    [InlineData("c2pa/png/gen-png-tampered-pixels.png", C2paStatusCodes.DataHashMismatch, "c2pa.hash.data")]
    [InlineData("c2pa/webp/gen-webp-tampered-pixels.webp", C2paStatusCodes.DataHashMismatch, "c2pa.hash.data")]
    [InlineData("c2pa/jpeg/adobe-20220124-E-dat-CA.jpg", C2paStatusCodes.DataHashMismatch, "c2pa.hash.data")]
    [InlineData("c2pa/webp/gen-webp-tampered-assertion.webp", C2paStatusCodes.HashedUriMismatch, "self#jumbf=c2pa.assertions/c2pa.actions.v2")]
    [InlineData("c2pa/jpeg/adobe-20220124-E-uri-CA.jpg", C2paStatusCodes.HashedUriMismatch, "self#jumbf=c2pa.assertions/c2pa.actions")]
    [InlineData("c2pa/jpeg/adobe-20220124-E-clm-CAICAI.jpg", C2paStatusCodes.HashedUriMismatch, "self#jumbf=c2pa.assertions/c2pa.ingredient__1")]
    public void A_tampered_file_fails_exactly_where_it_was_changed(string relative, string code, string url)
    {
        var report = Validate(relative);
        var failure = Assert.Single(report.Failures);
        Assert.Equal(code, failure.Code);
        Assert.Equal(url, failure.Url);
        Assert.Equal(report.ActiveManifestLabel, failure.ManifestLabel);
    }

    [SkippableFact]
    public void Truepic_exclusion_reaching_back_to_the_start_of_the_file_is_a_data_hash_mismatch()
    {
        var failure = Assert.Single(Validate("c2pa/jpeg/truepic-20230212-camera.jpg").Failures);
        Assert.Equal(C2paStatusCodes.DataHashMismatch, failure.Code);
        Assert.Contains("[0+206316] do not cover exactly the manifest store at [13617+192699]", failure.Message);
    }

    [SkippableFact]
    public void Jpeg_store_split_over_25_segments_is_excluded_as_one_range()
    {
        var path = Corpus.Path("c2pa/jpeg/adobe-20220124-CAIAIIICAICIICAIICICA.jpg");
        var scan = ContainerRegistry.Scan(path);
        using var stream = File.OpenRead(path);
        var ranges = DataHashValidator.StoreRanges(scan, stream, scan.Payloads.Single(p => p.Kind == PayloadKind.C2pa))!;
        Assert.Equal(new ByteRange(20, 1559690), Assert.Single(ranges));
        Assert.Equal(25, scan.Blocks.Count(b => b.Type == "APP11"));
    }

    [SkippableFact]
    public void Bing_box_hash_binding_matches_box_by_box_and_its_slashless_absolute_uris_resolve()
    {
        var report = Validate("c2pa/jpeg/bing_creator_cloud_surfing_puppy.jpg");
        Assert.Empty(report.Failures);
        var match = Assert.Single(report.Statuses, s => s.Code == C2paStatusCodes.BoxesHashMatch);
        Assert.Equal("c2pa.hash.boxes", match.Url);
        Assert.Contains("13 JPEG boxes", match.Message);
        Assert.Contains(report.Statuses, s => s.Code == C2paStatusCodes.HashedUriMatch && s.Url!.StartsWith("self#jumbf=c2pa/urn:uuid:", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void A_changed_byte_in_any_hashed_jpeg_box_breaks_the_box_hash_binding()
    {
        var bytes = File.ReadAllBytes(Corpus.Path("c2pa/jpeg/bing_creator_cloud_surfing_puppy.jpg"));
        var boxes = JpegFormat.HashBoxes(new MemoryStream(bytes));
        Assert.Equal(["SOI", "C2PA", "APP0", "APP1", "DQT", "DQT", "SOF0", "DHT", "DHT", "DHT", "DHT", "SOS", "EOI"], boxes.Select(b => b.Name));
        Assert.Equal(bytes.LongLength, boxes[^1].End);
        foreach (var name in new[] { "APP0", "DQT", "SOS" })
        {
            var box = boxes.First(b => b.Name == name);
            var changed = (byte[])bytes.Clone();
            changed[box.End - 3] ^= 0x01;
            var report = Validate(changed);
            Assert.Contains(report.Failures, f => f.Code == C2paStatusCodes.BoxesHashMismatch && f.Message.Contains($"'{name}'"));
        }
    }

    [SkippableFact]
    public void Update_manifest_needs_no_hard_binding()
    {
        var report = Validate("c2pa/jpeg/update_manifest.jpg");
        Assert.Empty(report.Failures);
        Assert.DoesNotContain(report.For(report.ActiveManifestLabel!), s => s.Code.StartsWith("assertion.dataHash.", StringComparison.Ordinal));
        Assert.All(report.Statuses, s => Assert.Equal(C2paStatusCodes.HashedUriMatch, s.Code));
    }

    [SkippableFact]
    public void Sidecar_store_validates_against_the_asset_with_no_exclusions()
    {
        using var asset = File.OpenRead(Corpus.Path("c2pa/jpeg/cloud.jpg"));
        var report = C2paHashValidation.ValidateSidecar(asset, File.ReadAllBytes(Corpus.Path("c2pa/jpeg/cloud_manifest.c2pa")));
        Assert.True(report.Passed);
        Assert.All(report.Statuses, s => Assert.Equal(C2paStatusKind.Success, s.Kind));
        Assert.Equal(12, report.Statuses.Count(s => s.Code == C2paStatusCodes.HashedUriMatch));
        var binding = Assert.Single(report.Statuses, s => s.Code == C2paStatusCodes.DataHashMatch);
        Assert.Equal(report.ActiveManifestLabel, binding.ManifestLabel);
    }

    [Fact]
    public void Sidecar_store_whose_data_hash_excludes_bytes_fails()
    {
        var file = new SyntheticC2paPng().Build();
        var store = file.AsMemory((int)SyntheticC2paPng.StoreOffset + 8, (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan((int)SyntheticC2paPng.StoreOffset)));
        var failure = Assert.Single(C2paHashValidation.ValidateSidecar(new MemoryStream(file), store).Failures);
        Assert.Equal(C2paStatusCodes.DataHashMismatch, failure.Code);
        Assert.Contains("do not cover exactly the manifest store at []", failure.Message);
    }

    [Fact]
    public void Synthetic_store_matches_every_hashed_uri_and_the_data_hash()
    {
        var report = Validate(new SyntheticC2paPng().Build());
        Assert.Equal([C2paStatusCodes.HashedUriMatch, C2paStatusCodes.HashedUriMatch, C2paStatusCodes.DataHashMatch], report.Statuses.Select(s => s.Code));
        Assert.True(report.Passed);
    }

    [Theory]
    [InlineData("sha256")]
    [InlineData("sha384")]
    [InlineData("sha512")]
    public void Hashed_uri_alg_overrides_the_claim_alg(string alg)
    {
        var report = Validate(new SyntheticC2paPng { UriAlg = alg, ClaimAlg = "sha1" }.Build());
        Assert.Equal(2, report.Statuses.Count(s => s.Code == C2paStatusCodes.HashedUriMatch));
        Assert.True(report.Passed);
    }

    [Fact]
    public void Absolute_uris_resolve_through_the_store()
    {
        var report = Validate(new SyntheticC2paPng { AbsoluteUris = true }.Build());
        Assert.Equal(2, report.Statuses.Count(s => s.Code == C2paStatusCodes.HashedUriMatch && s.Url!.StartsWith("self#jumbf=/c2pa/urn:c2pa:", StringComparison.Ordinal)));
        Assert.True(report.Passed);
    }

    [Theory]
    [InlineData("sha1", null)]
    [InlineData(null, null)]
    [InlineData("md5", "sha256")]
    public void An_unknown_or_absent_hash_algorithm_is_unsupported(string? uriAlg, string? claimAlg)
    {
        var report = Validate(new SyntheticC2paPng { UriAlg = uriAlg, ClaimAlg = claimAlg }.Build());
        Assert.Equal(2, report.Failures.Count(s => s.Code == C2paStatusCodes.AlgorithmUnsupported));
        Assert.DoesNotContain(report.Statuses, s => s.Code.StartsWith("assertion.hashedURI.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("self#jumbf=c2pa.assertions/c2pa.thumbnail.claim.jpeg")]
    [InlineData("self#jumbf=/c2pa/urn:c2pa:not-in-the-store/c2pa.assertions/c2pa.actions.v2")]
    [InlineData("http://example.com/c2pa.actions.v2")]
    public void A_uri_that_leads_nowhere_is_a_missing_assertion(string url)
    {
        var report = Validate(new SyntheticC2paPng { ExtraUrls = [url] }.Build());
        var failure = Assert.Single(report.Failures);
        Assert.Equal((C2paStatusCodes.AssertionMissing, url), (failure.Code, failure.Url));
    }

    [Fact]
    public void Exclusions_split_in_two_adjacent_ranges_still_cover_the_store()
    {
        var report = Validate(new SyntheticC2paPng { Exclusions = (start, length) => [(start + 10, length - 10), (start, 10)] }.Build());
        Assert.True(report.Passed);
        Assert.Contains(report.Statuses, s => s.Code == C2paStatusCodes.DataHashMatch);
    }

    [Theory]
    [InlineData(8, -12, "do not cover exactly the manifest store")]
    [InlineData(0, 4, "do not cover exactly the manifest store")]
    [InlineData(-33, 0, "do not cover exactly the manifest store")]
    [InlineData(0, 100_000, "runs past the end")]
    public void Exclusions_that_are_not_exactly_the_store_chunk_fail(int startDelta, int lengthDelta, string reason)
    {
        var report = Validate(new SyntheticC2paPng { Exclusions = (start, length) => [(start + startDelta, length + lengthDelta)] }.Build());
        var failure = Assert.Single(report.Failures);
        Assert.Equal(C2paStatusCodes.DataHashMismatch, failure.Code);
        Assert.Contains(reason, failure.Message);
    }

    [Fact]
    public void Overlapping_exclusions_fail()
    {
        var report = Validate(new SyntheticC2paPng { Exclusions = (start, length) => [(start, length), (start + 4, 8)] }.Build());
        var failure = Assert.Single(report.Failures);
        Assert.Equal(C2paStatusCodes.DataHashMismatch, failure.Code);
        Assert.Contains("overlap", failure.Message);
    }

    [Fact]
    public void A_changed_pixel_byte_is_a_data_hash_mismatch()
    {
        var failure = Assert.Single(Validate(new SyntheticC2paPng { TamperPixels = true }.Build()).Failures);
        Assert.Equal((C2paStatusCodes.DataHashMismatch, "c2pa.hash.data"), (failure.Code, failure.Url));
    }

    [Theory]
    [InlineData("c2pa.hash.boxes")]
    [InlineData("c2pa.hash.bmff.v2")]
    public void Box_and_bmff_hard_bindings_are_informational_not_validated(string label)
    {
        var report = Validate(new SyntheticC2paPng { HardBindingLabel = label }.Build());
        Assert.True(report.Passed);
        var info = Assert.Single(report.Statuses, s => s.Kind == C2paStatusKind.Informational);
        Assert.Equal((C2paStatusCodes.HardBindingNotValidated, label), (info.Code, info.Url));
    }

    [Fact]
    public void A_standard_manifest_without_a_hard_binding_fails()
    {
        var failure = Assert.Single(Validate(new SyntheticC2paPng { HardBindingLabel = null }.Build()).Failures);
        Assert.Equal(C2paStatusCodes.HardBindingsMissing, failure.Code);
    }

    [Fact]
    public void A_hard_binding_the_claim_does_not_list_does_not_count()
    {
        var failure = Assert.Single(Validate(new SyntheticC2paPng { ClaimListsHardBinding = false }.Build()).Failures);
        Assert.Equal(C2paStatusCodes.HardBindingsMissing, failure.Code);
    }

    [Fact]
    public void Two_hard_bindings_fail_and_each_is_still_checked()
    {
        var report = Validate(new SyntheticC2paPng { SecondHardBindingLabel = "c2pa.hash.boxes" }.Build());
        Assert.Equal([C2paStatusCodes.MultipleHardBindings], Codes(report.Failures));
        Assert.Contains(report.Statuses, s => s.Code == C2paStatusCodes.DataHashMatch);
        Assert.Contains(report.Statuses, s => s.Code == C2paStatusCodes.HardBindingNotValidated);
    }

    [Fact]
    public void Report_takes_each_status_kind_from_the_code_table_and_rejects_unknown_codes()
    {
        var report = new C2paHashReport { ActiveManifestLabel = "m" };
        report.Add(C2paStatusCodes.HashedUriMatch, "u", "ok", "m");
        report.Add(C2paStatusCodes.HardBindingNotValidated, "c2pa.hash.boxes", "later", "m");
        Assert.True(report.Passed);
        report.Add(C2paStatusCodes.AssertionMissing, "u2", "gone", "other");
        Assert.False(report.Passed);
        Assert.Equal([C2paStatusKind.Success, C2paStatusKind.Informational, C2paStatusKind.Failure], report.Statuses.Select(s => s.Kind));
        Assert.Equal(2, report.For("m").Count());
        Assert.Throws<ArgumentException>(() => report.Add("assertion.madeUp", null, "?", "m"));
    }

    [SkippableFact]
    public void Mutated_files_only_ever_raise_format_errors()
    {
        var sources = new[] { "c2pa/png/gen-png-created-ps256.png", "c2pa/jpeg/gen-jpeg-created-es512.jpg", "c2pa/webp/gen-webp-edit-ps256.webp", "c2pa/jpeg/truepic-20230212-camera.jpg" }
            .Select(p => File.ReadAllBytes(Corpus.Path(p)))
            .Append(new SyntheticC2paPng().Build())
            .ToArray();
        // Where each file's store sits, so most mutations land in it rather than in pixels.
        var stores = sources.Select(bytes =>
        {
            using var stream = new MemoryStream(bytes);
            var scan = ContainerRegistry.Scan(stream);
            var ranges = DataHashValidator.StoreRanges(scan, stream, scan.Payloads.Single(p => p.Kind == PayloadKind.C2pa))!;
            return ranges[0];
        }).ToArray();
        var gen = StoreMutations.Of(sources.Length, 16);
        Prop.ForAll(Arb.From(gen), input =>
        {
            var bytes = (byte[])sources[input.Index].Clone();
            var store = stores[input.Index];
            foreach (var (position, value) in input.Edits.Take(4))
                bytes[position % 5 == 0 ? position % bytes.Length : (int)(store.Start + position % store.Length)] = (byte)value;
            if (input.Cut == 0) bytes = bytes[..(int)((input.Edits.Length * 7919L) % bytes.Length)];
            try
            {
                C2paHashValidation.Validate(new MemoryStream(bytes));
            }
            catch (CandorFormatException)
            {
            }
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }
}
