using Candor.Generators;
using Candor.Generators.NovelAi;
using Candor.Provenance;

namespace Candor.Tests.Generators.NovelAi;

/// <summary>The NovelAI corpus files, read with <see cref="CorpusFiles"/>; expected values from generators/SOURCES.md.</summary>
public class NovelAiCorpusTests
{
    /// <summary>What SOURCES.md says a file decodes to.</summary>
    public sealed record Expected(
        string File, string Source, string ModelName, string Hash, int Steps, double Scale, string Seed,
        string Sampler, string? Scheduler, int? Width, int? Height, bool SignedHash);

    public static TheoryData<Expected> Files =>
    [
        new("novelai1_cropped.png", "Stable Diffusion 1D44365E", "NAI Diffusion Anime V1 (Curated)", "1D44365E", 50, 10.0, "2253955223", "k_euler_ancestral", null, null, null, false),
        new("sample-0316.png", "Stable Diffusion XL C1E1DE52", "NAI Diffusion Anime V3", "C1E1DE52", 28, 10.0, "1148692016", "k_euler", "native", null, null, true),
        new("sample-0316-out.png", "Stable Diffusion XL C1E1DE52", "NAI Diffusion Anime V3", "C1E1DE52", 28, 10.0, "1148692016", "k_euler", "native", null, null, true),
        new("novelai-curated.png", "NovelAI Diffusion V4.5 C02D4F98", "NAI Diffusion V4.5 Curated", "C02D4F98", 23, 5.0, "2156638429", "k_euler_ancestral", "karras", 1024, 1024, true),
        new("novelai-curated.webp", "NovelAI Diffusion V4.5 C02D4F98", "NAI Diffusion V4.5 Curated", "C02D4F98", 23, 5.0, "880673757", "k_euler_ancestral", "karras", 1024, 1024, true),
    ];

    private static (GeneratorReport Report, GeneratorContext Context) Parse(string file)
    {
        var context = CorpusFiles.Context(Corpus.Path($"generators/novelai/{file}"));
        var report = Assert.Single(new NovelAiParser().Parse(context));
        return (report, context);
    }

    [SkippableTheory]
    [MemberData(nameof(Files))]
    public void Corpus_file_decodes_to_its_documented_parameters(Expected e)
    {
        var (report, _) = Parse(e.File);
        var p = report.Parameters;
        Assert.Equal("NovelAI", report.Tool);
        Assert.Equal("novelai", report.Parser);
        Assert.Equal(Confidence.Certain, report.Confidence);
        Assert.Equal(e.Source, report.Version);
        Assert.Equal(e.Steps, p.Steps);
        Assert.Equal(e.Scale, p.CfgScale);
        Assert.Equal(e.Seed, p.Seed);
        Assert.Equal(e.Sampler, p.Sampler);
        Assert.Equal(e.Scheduler, p.Scheduler);
        if (e.Width is not null) Assert.Equal(e.Width, p.Width);
        if (e.Height is not null) Assert.Equal(e.Height, p.Height);
        Assert.False(string.IsNullOrWhiteSpace(p.Prompt));
        Assert.False(string.IsNullOrWhiteSpace(p.NegativePrompt));
        Assert.Equal(e.SignedHash, p.Other.Exists(kv => kv.Key == "signed_hash"));

        var model = Assert.Single(report.Models);
        Assert.Equal(ModelRole.Checkpoint, model.Role);
        Assert.Equal(e.ModelName, model.Name);
        var hash = Assert.Single(model.Hashes);
        Assert.Equal(HashKind.Unknown, hash.Kind);
        Assert.Equal(e.Hash, hash.Value);
        Assert.DoesNotContain(report.Findings, f => f.Code.StartsWith("novelai-comment-", StringComparison.Ordinal));
    }

    [SkippableTheory]
    [MemberData(nameof(Files))]
    public void Every_NovelAI_field_of_a_corpus_file_is_claimed(Expected e)
    {
        var (_, context) = Parse(e.File);
        string[] keys = ["Title", "Description", "Software", "Source", "Generation time", "Comment", "DocumentName", "ImageDescription", "UserComment"];
        Assert.DoesNotContain(context.Unclaimed, f => keys.Contains(f.Name));
    }

    [SkippableFact]
    public void Old_NovelAI_keeps_strength_and_noise_without_implying_img2img()
    {
        var (report, context) = Parse("novelai1_cropped.png");
        Assert.Contains(new KeyValuePair<string, string>("strength", "0.4"), report.Parameters.Other);
        Assert.Contains(new KeyValuePair<string, string>("noise", "0.0"), report.Parameters.Other);
        Assert.Empty(report.Controls);
        Assert.Null(report.Parameters.Denoise);
        // No prompt key in this old Comment: the Description is the prompt.
        Assert.Equal(context.Fields.Single(f => f.Name == "Description").Value, report.Parameters.Prompt);
        Assert.DoesNotContain(report.Findings, f => f.Code == "novelai-title-missing");
    }

    [SkippableFact]
    public void V3_legacy_reference_keys_give_one_vibe_transfer_input()
    {
        var (report, _) = Parse("sample-0316.png");
        var vibe = Assert.Single(report.Controls);
        Assert.Equal(ControlKind.VibeTransfer, vibe.Kind);
        Assert.Equal(1.0, vibe.Weight);
        Assert.Contains(new KeyValuePair<string, string>("information extracted", "0.87"), vibe.Settings);
        Assert.Equal(ControlRisk.Low, vibe.Risk);
        Assert.Contains(new KeyValuePair<string, string>("cfg_rescale", "0.38"), report.Parameters.Other);
        Assert.Contains(new KeyValuePair<string, string>("request_type", "PromptGenerateRequest"), report.Parameters.Other);
        // controlnet_strength 1.0 is NovelAI's default, written whether or not ControlNet was used.
        Assert.DoesNotContain(report.Findings, f => f.Code == "controlnet-strength-without-model");
        Assert.DoesNotContain(report.Findings, f => f.Code == "novelai-title-missing");
    }

    [SkippableFact]
    public void File_rewritten_by_a_third_party_library_is_flagged_for_its_missing_title()
    {
        var (report, _) = Parse("sample-0316-out.png");
        var finding = Assert.Single(report.Findings, f => f.Code == "novelai-title-missing");
        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Equal("Software", finding.Evidence[0].Key);
    }

    [SkippableFact]
    public void V4_5_curated_reads_the_v4_prompt_and_finds_no_vibe_or_controlnet()
    {
        var (report, _) = Parse("novelai-curated.png");
        Assert.Empty(report.Controls);
        Assert.Contains(report.Parameters.Other, kv => kv.Key == "v4_prompt.use_order" && kv.Value == "true");
        Assert.DoesNotContain(report.Parameters.Other, kv => kv.Key.StartsWith("Character", StringComparison.Ordinal));
        Assert.Contains(report.Parameters.Other, kv => kv.Key == "reference_strength_multiple" && kv.Value == "[]");
        Assert.Contains(report.Evidence, e => e.Block == "PNG iTXt" && e.Key == "Description");
    }

    [SkippableFact]
    public void WebP_reads_the_dictionary_from_EXIF_UserComment()
    {
        var (report, context) = Parse("novelai-curated.webp");
        Assert.Contains(report.Evidence, e => e.Block == "EXIF ExifIFD" && e.Key == "UserComment");
        Assert.Contains(report.Evidence, e => e.Block == "EXIF IFD0" && e.Key == "DocumentName");
        Assert.False(report.Parameters.Prompt!.StartsWith('\0'));
        Assert.DoesNotContain(report.Findings, f => f.Code == "novelai-title-missing");
        Assert.All(context.Fields, f => Assert.True(context.IsClaimed(f), $"{f.Group} {f.Name} not claimed"));
    }
}
