using Candor.Generators.TensorArt;
using Candor.Provenance;

namespace Candor.Tests.Generators.TensorArt;

public class TensorArtParserTests
{
    // From the corpus SOURCES.md (tensorart/tensorart.png).
    private const string File = "generators/tensorart/tensorart.png";

    [SkippableFact]
    public void Tensorart_png_names_the_site_model_with_its_sha256_and_the_seed_that_ran()
    {
        var context = CorpusFiles.Context(Corpus.Path(File));
        var report = Assert.Single(new TensorArtParser().Parse(context));
        Assert.Equal("Tensor.Art", report.Tool);
        Assert.Empty(report.Findings);
        var p = report.Parameters;
        Assert.Equal(("euler_ancestral", "karras", 25, 7.0, "3036459311"), (p.Sampler, p.Scheduler, p.Steps!.Value, p.CfgScale!.Value, p.Seed));
        var model = Assert.Single(report.Models, m => m.Role == ModelRole.Checkpoint);
        Assert.Equal("WAI-Nsfw-Illustrious-16", model.Name);
        Assert.Equal((HashKind.Sha256, "A5F58EB1C33616C4F06BCA55AF39876A7B817913CD829CAA8ACB111B770C85CC"), (model.Hashes[0].Kind, model.Hashes[0].Value));
        Assert.Contains(new KeyValuePair<string, string>("Tensor.Art model file", "EMS-1401459-EMS.safetensors"), p.Other);
        // generation_data is UTF-8 in a Latin-1 chunk: the prompt must come out repaired.
        Assert.EndsWith("#\u30C6\u30B9\u30C8", p.Prompt);
        Assert.DoesNotContain(context.Unclaimed, f => f.Name is "generation_data" or "prompt");
    }
}
