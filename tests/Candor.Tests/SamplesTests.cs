using System.Security.Cryptography;
using Candor.Inspection;
using Candor.Provenance;

namespace Candor.Tests;

/// <summary>
/// The sample images shipped in <c>samples/</c> for the README's first command: each is listed in
/// samples/SOURCES.md with its size and hash, and decodes to what that table says.
/// </summary>
public sealed class SamplesTests
{
    private static readonly Inspector Inspector = new(new InspectOptions());

    private static string Sample(string name) => RepositoryRoot.Path(Path.Combine("samples", name));

    [Fact]
    public void Every_sample_is_listed_with_its_size_and_hash()
    {
        var sources = File.ReadAllText(Sample("SOURCES.md"));
        var files = Directory.GetFiles(RepositoryRoot.Path("samples")).Where(f => Path.GetFileName(f) != "SOURCES.md").ToList();
        Assert.Equal(4, files.Count);
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            var hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
            Assert.Contains($"| {Path.GetFileName(file)} | {bytes.Length} | {hash} |", sources, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ComfyUI_sample_shows_the_graph_and_a_depth_ControlNet()
    {
        var report = Inspector.Inspect(Sample("comfyui-depth-controlnet.png"));
        var generator = Assert.Single(report.Generators);
        Assert.Equal("ComfyUI", generator.Tool);
        Assert.Equal("891858402356003", generator.Parameters.Seed);
        Assert.Equal("uni_pc_bh2", generator.Parameters.Sampler);
        var control = Assert.Single(generator.Controls);
        Assert.Equal(ControlKind.ControlNet, control.Kind);
        Assert.Equal(ControlRisk.Medium, control.Risk);
        Assert.Equal(AiUse.Generated, report.Ai.Use);
    }

    [Fact]
    public void NovelAI_sample_has_a_hidden_copy_and_a_valid_signature()
    {
        var report = Inspector.Inspect(Sample("novelai-stealth-signed.png"));
        Assert.Equal("1148692016", report.Generators[0].Parameters.Seed);
        Assert.Contains(report.Findings, f => f.Code == "stealth-copy-matches");
        Assert.Equal(2, report.Findings.Count(f => f.Code == "novelai-signature-valid"));
        Assert.DoesNotContain(report.Findings, f => f.Code == "novelai-signature-invalid");
    }

    [Fact]
    public void C2PA_sample_validates_and_refuses_generative_training()
    {
        var report = Inspector.Inspect(Sample("c2pa-cawg-training-mining.jpg"));
        Assert.Equal("Valid", report.Disclosure.C2pa?.Validation);
        Assert.Contains(report.Disclosure.DigitalSourceTypes, d => d.Code == "digitalCapture");
        Assert.Contains(report.Disclosure.Training, t => t.Value.Contains("cawg.ai_generative_training", StringComparison.Ordinal) && t.ProhibitsAiTraining);
    }

    [Fact]
    public void ReForge_sample_reads_the_UTF16_UserComment()
    {
        var report = Inspector.Inspect(Sample("reforge-exif-usercomment.jpg"));
        var generator = Assert.Single(report.Generators);
        Assert.Equal("reForge", generator.Tool);
        Assert.Equal("584157617", generator.Parameters.Seed);
        Assert.Contains(generator.Models.SelectMany(m => m.Hashes), h => h is { Kind: HashKind.AutoV2, Value: "45a21ea00a" });
    }
}
