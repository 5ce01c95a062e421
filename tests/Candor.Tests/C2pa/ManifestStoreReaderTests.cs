using Candor.C2pa;
using Candor.Formats;
using Candor.Provenance;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.C2pa;

public class ManifestStoreReaderTests
{
    private const string Iptc = "http://cv.iptc.org/newscodes/digitalsourcetype/";

    internal static C2paManifestStore ReadCorpus(string relative)
    {
        return ManifestStoreReader.Read(CorpusFiles.Payload(Corpus.Path(relative), PayloadKind.C2pa).Data);
    }

    [SkippableFact]
    public void Dalle_webp_names_chatgpt_and_its_dalle_ingredient_manifest()
    {
        var store = ReadCorpus("generators/openai/DALL-E_cloud_surfing_puppy.webp");
        Assert.Equal(2, store.Manifests.Count);
        var active = store.ActiveManifest!;
        Assert.StartsWith("ChatGPT", active.ClaimGenerator);
        Assert.Equal(1, active.ClaimVersion);
        Assert.Equal("parentOf", Assert.Single(active.Ingredients).Relationship);
        Assert.Equal(store.Manifests[0].Label, active.Ingredients[0].ActiveManifest);
        var dalle = store.Manifests[0];
        Assert.Equal(["c2pa.created", "c2pa.converted"], dalle.Actions.Select(a => a.Action));
        Assert.Equal("DALL·E", dalle.Actions[0].SoftwareAgent!.Name);
        Assert.Equal(Iptc + "trainedAlgorithmicMedia", dalle.Actions[0].DigitalSourceType);
        Assert.Equal("OpenAI", dalle.Signature!.SubjectOrganization);
        Assert.Equal("unprotected header 'x5chain'", dalle.Signature.CertificateSource);
        Assert.Equal("ES256", dalle.Signature.Algorithm);
    }

    [SkippableFact]
    public void Photoshop_generative_fill_png_declares_a_firefly_edit()
    {
        var m = ReadCorpus("generators/adobe-firefly/photoshop-generative-fill_splash-banner.png").ActiveManifest!;
        Assert.Equal("Adobe_Photoshop/25.1.0 adobe_c2pa/0.7.6 c2pa-rs/0.25.2", m.ClaimGenerator);
        Assert.Equal(new C2paSoftware("Adobe Photoshop", "25.1.0"), Assert.Single(m.ClaimGeneratorInfo));
        var edit = Assert.Single(m.Actions);
        Assert.Equal("c2pa.edited", edit.Action);
        Assert.Equal("Adobe Firefly", edit.SoftwareAgent!.Name);
        Assert.Equal(Iptc + "compositeWithTrainedAlgorithmicMedia", edit.DigitalSourceType);
        Assert.Equal("Adobe Inc.", m.Signature!.SubjectOrganization);
    }

    [SkippableFact]
    public void Amazon_titan_png_is_a_bedrock_creation()
    {
        var m = ReadCorpus("generators/amazon-titan/amazon-titan-g1.png").ActiveManifest!;
        Assert.Contains(m.ClaimGeneratorInfo, i => i.Name == "Amazon Bedrock");
        var created = Assert.Single(m.Actions);
        Assert.Equal("c2pa.created", created.Action);
        Assert.Equal(Iptc + "trainedAlgorithmicMedia", created.DigitalSourceType);
        Assert.Equal("ES384", m.Signature!.Algorithm);
        Assert.Equal("protected header 33", m.Signature.CertificateSource);
    }

    [SkippableFact]
    public void Gemini_png_is_a_google_generator_library_claim_v2()
    {
        var store = ReadCorpus("generators/google-gemini/gemini_3.1pro.png");
        Assert.All(store.Manifests, m => Assert.Equal(2, m.ClaimVersion));
        Assert.All(store.Manifests, m => Assert.Equal("Google C2PA Core Generator Library", m.ClaimGeneratorInfo[0].Name));
        Assert.Contains(store.Manifests.SelectMany(m => m.Actions), a => a.DigitalSourceType == Iptc + "trainedAlgorithmicMedia");
        Assert.Equal("Google LLC", store.ActiveManifest!.Signature!.SubjectOrganization);
    }

    [SkippableFact]
    public void Bing_jpeg_is_created_without_a_digital_source_type()
    {
        var m = ReadCorpus("generators/bing-image-creator/bing_creator_cloud_surfing_puppy.jpg").ActiveManifest!;
        Assert.Equal("Microsoft_Responsible_AI/1.0", m.ClaimGenerator);
        var created = Assert.Single(m.Actions);
        Assert.Equal("c2pa.created", created.Action);
        Assert.Null(created.DigitalSourceType);
        Assert.Equal("AI Generated Image", created.Description);
    }

    [SkippableFact]
    public void Training_mining_entries_are_read_with_their_constraints()
    {
        var m = ReadCorpus("c2pa/png/gen-png-trainingmining-es256.png").ActiveManifest!;
        Assert.Equal(
            [("cawg.ai_generative_training", "notAllowed"), ("cawg.ai_inference", "allowed"), ("cawg.ai_training", "constrained"), ("cawg.data_mining", "notAllowed")],
            m.TrainingMining.Select(t => (t.Key, t.Use!)));
        Assert.Equal("ask the author first", m.TrainingMining[2].ConstraintInfo);
        Assert.All(m.TrainingMining, t => Assert.Equal("cawg.training-mining", t.AssertionLabel));
    }

    [SkippableFact]
    public void Update_manifest_and_repeated_ingredient_labels_are_read()
    {
        var store = ReadCorpus("c2pa/jpeg/update_manifest.jpg");
        Assert.Equal([C2paManifestKind.Standard, C2paManifestKind.Update], store.Manifests.Select(m => m.Kind));
        Assert.Contains("c2pa.ingredient__1", store.Manifests[0].AssertionLabels);
        Assert.Equal(2, store.Manifests[0].Ingredients.Count);
        Assert.Equal(store.Manifests[0].Label, Assert.Single(store.ActiveManifest!.Ingredients).ActiveManifest);
    }

    [SkippableFact]
    public void Sidecar_store_and_schema_org_authors_are_read()
    {
        var store = ReadCorpus("c2pa/jpeg/cloud_manifest.c2pa");
        Assert.Equal(2, store.Manifests.Count);
        Assert.Equal(["Joe Bloggs"], store.ActiveManifest!.Authors);
        Assert.Equal("My Title", store.ActiveManifest.Title);
    }

    // Every corpus file: the store it yields (manifest count, active claim version from expected.json), or no store.
    public static TheoryData<string, int, int> CorpusStores => new()
    {
        { "jpeg/CACA.jpg", 2, 2 }, { "jpeg/CA_ct.jpg", 1, 1 }, { "jpeg/C_with_CAWG_data.jpg", 1, 2 },
        { "jpeg/adobe-20220124-A.jpg", 0, 0 }, { "jpeg/adobe-20220124-C.jpg", 1, 1 }, { "jpeg/adobe-20220124-CA.jpg", 1, 1 },
        { "jpeg/adobe-20220124-CACA.jpg", 2, 1 }, { "jpeg/adobe-20220124-CAIAIIICAICIICAIICICA.jpg", 6, 1 },
        { "jpeg/adobe-20220124-CAICAI.jpg", 2, 1 }, { "jpeg/adobe-20220124-CIE-sig-CA.jpg", 2, 1 },
        { "jpeg/adobe-20220124-E-clm-CAICAI.jpg", 2, 1 }, { "jpeg/adobe-20220124-E-dat-CA.jpg", 1, 1 },
        { "jpeg/adobe-20220124-E-sig-CA.jpg", 1, 1 }, { "jpeg/adobe-20220124-E-uri-CA.jpg", 1, 1 },
        { "jpeg/bing_creator_cloud_surfing_puppy.jpg", 1, 1 }, { "jpeg/cards_expired_without_timestamp.jpg", 1, 1 },
        { "jpeg/cloud.jpg", 0, 0 }, { "jpeg/cloud_manifest.c2pa", 2, 1 },
        { "jpeg/gen-jpeg-created-es512.jpg", 1, 2 }, { "jpeg/gen-jpeg-edit-of-v1-claim-es256.jpg", 2, 2 },
        { "jpeg/gen-jpeg-privateca-es256.jpg", 1, 2 }, { "jpeg/gen-jpeg-tampered-signature.jpg", 1, 2 },
        // The reference refuses no_alg (UnknownAlgorithm) and prerelease (PrereleaseError) at validation;
        // their structure reads, which is all this reader promises.
        { "jpeg/no_alg.jpg", 1, 2 }, { "jpeg/ocsp.jpg", 2, 1 }, { "jpeg/prerelease.jpg", 1, 1 },
        { "jpeg/truepic-20230212-camera.jpg", 1, 1 }, { "jpeg/trustnxt-icon-signed-timestamp.jpg", 1, 1 },
        { "jpeg/update_manifest.jpg", 2, 2 },
        { "png/amazon-titan-g1.png", 1, 1 }, { "png/gen-png-created-es256-thumb.png", 1, 2 }, { "png/gen-png-created-ps256.png", 1, 2 },
        { "png/gen-png-edit-es384.png", 2, 2 }, { "png/gen-png-noeku-es256.png", 1, 2 }, { "png/gen-png-tampered-pixels.png", 1, 2 },
        { "png/gen-png-tampered-signature.png", 1, 2 }, { "png/gen-png-trainingmining-es256.png", 1, 2 },
        { "png/libpng-test.png", 0, 0 }, { "png/libpng-test_with_url.png", 0, 0 },
        { "webp/DALL-E_cloud_surfing_puppy.webp", 2, 1 }, { "webp/gen-webp-edit-ps256.webp", 2, 2 },
        { "webp/gen-webp-lossy-created-ed25519.webp", 1, 2 }, { "webp/gen-webp-tampered-assertion.webp", 1, 2 },
        { "webp/gen-webp-tampered-pixels.webp", 1, 2 }, { "webp/gen-webp-trainingmining-es256.webp", 1, 2 },
        { "webp/gen-webp-vp8x-xmp-created-ps256.webp", 1, 2 }, { "webp/test.webp", 0, 0 },
    };

    [SkippableTheory]
    [MemberData(nameof(CorpusStores))]
    public void Every_c2pa_corpus_file_yields_its_store_or_none(string file, int manifests, int claimVersion)
    {
        var jumbf = CorpusFiles.FindPayload(Corpus.Path("c2pa/" + file), PayloadKind.C2pa);
        if (manifests == 0)
        {
            Assert.Null(jumbf);
            return;
        }
        Assert.NotNull(jumbf);
        var store = ManifestStoreReader.Read(jumbf.Data);
        Assert.Equal(manifests, store.Manifests.Count);
        Assert.Equal(claimVersion, store.ActiveManifest!.ClaimVersion);
        Assert.All(store.Manifests, m => Assert.NotEmpty(m.AssertionLabels.Count > 0 ? m.AssertionLabels : [m.Label]));
    }

    [SkippableFact]
    public void Every_c2pa_corpus_file_is_listed_in_the_expectations()
    {
        var root = Corpus.Path("c2pa");
        var listed = CorpusStores.Select(row => (string)row[0]).ToHashSet();
        var present = new[] { "jpeg", "png", "webp" }
            .SelectMany(d => Directory.GetFiles(Path.Combine(root, d)))
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'));
        Assert.All(present, f => Assert.Contains(f, listed));
    }

    [Fact]
    public void A_jumbf_superbox_that_is_not_a_store_is_a_format_error()
    {
        var box = Jumbf.JumbfReaderTests.Superbox("c2ma", "urn:c2pa:x");
        var e = Assert.Throws<CandorFormatException>(() => ManifestStoreReader.Read(box, 40));
        Assert.Equal(40, e.Offset);
    }

    [Fact]
    public void A_manifest_without_a_claim_is_a_format_error_and_a_bad_assertion_is_a_problem()
    {
        var noClaim = Jumbf.JumbfReaderTests.Superbox("c2pa", "c2pa", Jumbf.JumbfReaderTests.Superbox("c2ma", "m"));
        Assert.Contains("no claim", Assert.Throws<CandorFormatException>(() => ManifestStoreReader.Read(noClaim)).Message);

        var J = Jumbf.JumbfReaderTests.Superbox;
        var B = Jumbf.JumbfReaderTests.Box;
        var claim = J("c2cl", "c2pa.claim.v2", B("cbor", Convert.FromHexString("a16a696e7374616e63654944617a")));
        var badActions = J("cbor", "c2pa.actions.v2", B("cbor", Convert.FromHexString("a1")));
        var goodActions = J("cbor", "c2pa.actions.v2__1", B("cbor", Convert.FromHexString("a167616374696f6e7381a166616374696f6e6c633270612e63726561746564")));
        var store = J("c2pa", "c2pa", J("c2ma", "urn:c2pa:m", J("c2as", "c2pa.assertions", badActions, goodActions), claim));
        var m = Assert.Single(ManifestStoreReader.Read(store).Manifests);
        Assert.Equal("z", m.InstanceId);
        Assert.Equal(2, m.ClaimVersion);
        Assert.Equal("c2pa.created", Assert.Single(m.Actions).Action);
        Assert.Contains(m.Problems, p => p.StartsWith("assertion 'c2pa.actions.v2'"));
        Assert.Contains(m.Problems, p => p.Contains("no claim signature"));
    }

    [Theory]
    [InlineData("c2pa.actions__12", "c2pa.actions")]
    [InlineData("c2pa.ingredient.v3__1", "c2pa.ingredient.v3")]
    [InlineData("c2pa.actions.v2", "c2pa.actions.v2")]
    [InlineData("my__label", "my__label")]
    public void Repetition_suffix_is_removed_from_labels(string label, string expected) =>
        Assert.Equal(expected, ManifestStoreReader.BaseLabel(label));

    [SkippableFact]
    public void Invalid_utf8_inside_a_json_assertion_string_is_a_problem_on_the_manifest_not_a_crash()
    {
        // Found by the mutation property below: JsonDocument checks a string's UTF-8 only when it is read.
        var store = CorpusFiles.Payload(Corpus.Path("c2pa/jpeg/adobe-20220124-C.jpg"), PayloadKind.C2pa).Data.ToArray();
        var at = store.AsSpan().IndexOf("Adobe make_test"u8);
        Assert.True(at > 0);
        store[at + 2] = 0xE5;
        var read = ManifestStoreReader.Read(store);
        Assert.Contains(read.Manifests.SelectMany(m => m.Problems), p => p.Contains("not valid UTF-8"));
    }

    [SkippableFact]
    public void Mutated_stores_raise_only_format_errors()
    {
        string[] files = ["c2pa/png/gen-png-trainingmining-es256.png", "c2pa/jpeg/gen-jpeg-edit-of-v1-claim-es256.jpg", "c2pa/jpeg/adobe-20220124-C.jpg"];
        var sources = files.Select(f => CorpusFiles.Payload(Corpus.Path(f), PayloadKind.C2pa).Data).ToArray();
        var gen = StoreMutations.Of(sources.Length, 21);
        Prop.ForAll(Arb.From(gen), input =>
        {
            var bytes = (byte[])sources[input.Index].Clone();
            foreach (var (position, value) in input.Edits.Take(6)) bytes[position % bytes.Length] = (byte)value;
            if (input.Cut == 0) bytes = bytes[..(input.Edits.Length * 97 % bytes.Length)];
            try
            {
                var store = ManifestStoreReader.Read(bytes);
                _ = C2paGenerators.ToGeneratorReports(store, new Evidence("test")).ToList();
                _ = C2paGenerators.DeclaredSourceTypes(store, new Evidence("test")).ToList();
            }
            catch (CandorFormatException)
            {
            }
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }
}
