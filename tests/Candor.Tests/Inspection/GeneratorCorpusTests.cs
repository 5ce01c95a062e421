using Candor.Inspection;
using Candor.Provenance;

namespace Candor.Tests.Inspection;

/// <summary>Every file of the generator corpus decodes, through the real pipeline, to what SOURCES.md says.</summary>
public class GeneratorCorpusTests
{
    private static readonly Inspector Inspector = new();

    public static TheoryData<string> Files() => new(GeneratorExpectation.All.Select(e => e.File));

    [SkippableTheory]
    [MemberData(nameof(Files))]
    public void Corpus_file_decodes_to_what_its_sources_say(string file)
    {
        var expected = GeneratorExpectation.All.Single(e => e.File == file);
        var report = Inspector.Inspect(Corpus.Path("generators/" + file));
        Assert.Null(report.Error);

        if (expected.Ai is { } ai) Assert.Equal(ai, report.Ai.Use);
        foreach (var code in expected.FindingCodes)
            Assert.Contains(report.Findings, f => f.Code == code);
        foreach (var code in expected.AbsentFindingCodes)
            Assert.DoesNotContain(report.Findings, f => f.Code == code);
        foreach (var dst in expected.SourceTypes)
            Assert.Contains(report.Disclosure.DigitalSourceTypes, d => d.Code == dst);
        if (expected.NoGenerator)
        {
            Assert.Empty(report.Generators);
            return;
        }

        Assert.NotEmpty(report.Generators);
        var g = expected.Tool is null ? report.Generators[0]
            : report.Generators.FirstOrDefault(x => x.Tool.Contains(expected.Tool, StringComparison.OrdinalIgnoreCase))
              ?? throw new Xunit.Sdk.XunitException($"no generator named like '{expected.Tool}' among: {string.Join(", ", report.Generators.Select(x => x.Tool))}");
        if (expected.Tool is not null && expected.Tool != "AUTOMATIC1111")
            Assert.NotEqual(AiUse.NoProvenance, report.Ai.Use);
        var p = g.Parameters;
        if (expected.Prompt is not null) Assert.Contains(expected.Prompt, p.Prompt ?? "");
        if (expected.Negative is not null) Assert.Contains(expected.Negative, p.NegativePrompt ?? "");
        if (expected.Seed is not null) Assert.Equal(expected.Seed, p.Seed);
        if (expected.Steps is not null) Assert.Equal(expected.Steps, p.Steps);
        if (expected.Sampler is not null) Assert.Contains(expected.Sampler, p.Sampler ?? "");
        if (expected.Scheduler is not null) Assert.Equal(expected.Scheduler, p.Scheduler, ignoreCase: true);
        if (expected.Cfg is not null) Assert.Equal(expected.Cfg.Value, p.CfgScale ?? double.NaN, 6);
        if (expected.Width is not null) Assert.Equal(expected.Width, p.Width);
        if (expected.Height is not null) Assert.Equal(expected.Height, p.Height);
        if (expected.Denoise is not null) Assert.Equal(expected.Denoise.Value, p.Denoise ?? double.NaN, 6);
        if (expected.ClipSkip is not null) Assert.Equal(expected.ClipSkip, p.ClipSkip);
        if (expected.Version is not null) Assert.StartsWith(expected.Version, g.Version ?? p.Version ?? "");

        var checkpoints = g.Models.Where(m => m.Role == ModelRole.Checkpoint).ToList();
        if (expected.Checkpoint is not null)
            Assert.Contains(checkpoints, m => m.Name.Contains(expected.Checkpoint, StringComparison.Ordinal));
        if (expected.CheckpointHash is not null)
            Assert.Contains(checkpoints.SelectMany(m => m.Hashes), h => h.Value.EndsWith(expected.CheckpointHash, StringComparison.OrdinalIgnoreCase));
        foreach (var lora in expected.Loras)
            Assert.Contains(g.Models, m => m.Role == ModelRole.Lora && m.Name.Contains(lora, StringComparison.Ordinal));
        if (expected.LoraHash is not null)
            Assert.Contains(g.Models.Where(m => m.Role == ModelRole.Lora).SelectMany(m => m.Hashes), h => h.Kind == HashKind.Addnet && h.Value == expected.LoraHash);
        foreach (var (kind, risk) in expected.Controls)
            Assert.Contains(g.Controls, c => c.Kind == kind && c.Risk == risk);
        Assert.All(g.Evidence, e => Assert.False(string.IsNullOrEmpty(e.Block)));
        Assert.NotEmpty(g.Evidence);
    }

    [SkippableFact]
    public void Every_corpus_generator_file_has_an_expectation()
    {
        var root = Corpus.Path("generators");
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith("SOURCES.md", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Order().ToList();
        Assert.Equal(files, GeneratorExpectation.All.Select(e => e.File).Order().ToList());
    }
}
