using Candor.C2pa;
using Candor.Formats;
using Candor.Provenance;

namespace Candor.Tests.C2pa;

public class C2paGeneratorsTests
{
    private static readonly Evidence StoreEvidence = new("test container C2PA store", Offset: 33);

    // Corpus file → the AI tool C2PA names, the key that names it, the version (null when none).
    public static TheoryData<string, string, string, string?> AiTools => new()
    {
        { "generators/openai/DALL-E_cloud_surfing_puppy.webp", "OpenAI (DALL·E / GPT-Image)", C2paGenerators.ClaimGeneratorKey, null },
        { "generators/adobe-firefly/photoshop-generative-fill_splash-banner.png", "Adobe Firefly", C2paGenerators.SoftwareAgentKey, null },
        { "generators/amazon-titan/amazon-titan-g1.png", "Amazon Titan", C2paGenerators.ClaimGeneratorKey, null },
        { "generators/google-gemini/gemini_3.1pro.png", "Google (Gemini / Imagen)", C2paGenerators.ClaimGeneratorInfoKey, "925066386:925066386" },
        { "generators/bing-image-creator/bing_creator_cloud_surfing_puppy.jpg", "Microsoft Bing Image Creator", C2paGenerators.ClaimGeneratorKey, "1.0" },
        { "c2pa/jpeg/ocsp.jpg", "Adobe Firefly", C2paGenerators.ClaimGeneratorKey, null },
    };

    [SkippableTheory]
    [MemberData(nameof(AiTools))]
    public void Ai_tools_are_reported_with_certain_confidence_and_manifest_evidence(string file, string tool, string key, string? version)
    {
        var store = ManifestStoreReader.Read(CorpusFiles.Payload(Corpus.Path(file), PayloadKind.C2pa).Data);
        var report = Assert.Single(C2paGenerators.ToGeneratorReports(store, StoreEvidence));
        Assert.Equal(tool, report.Tool);
        Assert.Equal("c2pa", report.Parser);
        Assert.Equal(Confidence.Certain, report.Confidence);
        Assert.Equal(version, report.Version);
        Assert.Equal(StoreEvidence, report.Evidence[0]);
        Assert.Contains(report.Evidence, e => e.Key == key && e.Block.StartsWith("C2PA manifest '"));
    }

    [SkippableFact]
    public void Photoshop_is_named_as_the_editor_of_a_firefly_fill()
    {
        var store = ManifestStoreReader.Read(CorpusFiles.Payload(Corpus.Path("generators/adobe-firefly/photoshop-generative-fill_splash-banner.png"), PayloadKind.C2pa).Data);
        var report = Assert.Single(C2paGenerators.ToGeneratorReports(store, StoreEvidence));
        Assert.Contains(new KeyValuePair<string, string>("Editor", "Adobe Photoshop 25.1.0"), report.Parameters.Other);
        Assert.Contains(C2paGenerators.Identify(store.ActiveManifest!), m => m.Role == C2paToolRole.Editor && m.Version == "25.1.0");
    }

    [SkippableTheory]
    [InlineData("c2pa/jpeg/adobe-20220124-CAICAI.jpg")]
    [InlineData("c2pa/jpeg/gen-jpeg-created-es512.jpg")]
    [InlineData("c2pa/jpeg/C_with_CAWG_data.jpg")]
    public void Stores_without_ai_give_no_generator_report(string file)
    {
        var store = ManifestStoreReader.Read(CorpusFiles.Payload(Corpus.Path(file), PayloadKind.C2pa).Data);
        Assert.Empty(C2paGenerators.ToGeneratorReports(store, StoreEvidence));
    }

    [SkippableFact]
    public void Truepic_camera_is_a_capture_device_not_a_generator()
    {
        var store = ManifestStoreReader.Read(CorpusFiles.Payload(Corpus.Path("c2pa/jpeg/truepic-20230212-camera.jpg"), PayloadKind.C2pa).Data);
        Assert.Contains(C2paGenerators.Identify(store.ActiveManifest!), m => m.Tool == "Truepic" && m.Role == C2paToolRole.CaptureDevice);
        Assert.Empty(C2paGenerators.ToGeneratorReports(store, StoreEvidence));
    }

    [SkippableFact]
    public void Unknown_agent_declaring_generative_ai_is_reported_with_high_confidence()
    {
        var store = ManifestStoreReader.Read(CorpusFiles.Payload(Corpus.Path("c2pa/png/gen-png-trainingmining-es256.png"), PayloadKind.C2pa).Data);
        var report = Assert.Single(C2paGenerators.ToGeneratorReports(store, StoreEvidence));
        Assert.Equal("candor-fixture", report.Tool);
        Assert.Equal("0.1", report.Version);
        Assert.Equal(Confidence.High, report.Confidence);
    }

    [SkippableFact]
    public void Declared_source_types_carry_action_and_manifest()
    {
        var store = ManifestStoreReader.Read(CorpusFiles.Payload(Corpus.Path("generators/google-gemini/gemini_3.1pro.png"), PayloadKind.C2pa).Data);
        var declared = C2paGenerators.DeclaredSourceTypes(store, StoreEvidence).ToList();
        Assert.Equal(["trainedAlgorithmicMedia", "trainedAlgorithmicMedia", "composite"], declared.Select(d => d.Term));
        Assert.Equal([true, true, false], declared.Select(d => d.IsGenerativeAi));
        Assert.Equal([false, false, true], declared.Select(d => d.InActiveManifest));
        Assert.Equal("c2pa.created", declared[0].Action);
        Assert.Contains("digitalSourceType", declared[0].Evidence.Key);
    }

    [SkippableFact]
    public void Bing_declares_no_source_type()
    {
        var store = ManifestStoreReader.Read(CorpusFiles.Payload(Corpus.Path("generators/bing-image-creator/bing_creator_cloud_surfing_puppy.jpg"), PayloadKind.C2pa).Data);
        Assert.Empty(C2paGenerators.DeclaredSourceTypes(store, StoreEvidence));
    }
}
