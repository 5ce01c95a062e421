using Candor.Generators.ComfyUi;
using Candor.Generators.StabilityMatrix;
using Candor.Provenance;

namespace Candor.Tests.Generators.StabilityMatrix;

public class StabilityMatrixParserTests
{
    // From the corpus SOURCES.md (stability-matrix/stability-matrix.png).
    private const string File = "generators/stability-matrix/stability-matrix.png";
    private const string ModelHash = "A5F58EB1C33616C4F06BCA55AF39876A7B817913CD829CAA8ACB111B770C85CC";

    [SkippableFact]
    public void Stability_matrix_png_gives_its_parameters_and_full_sha256_model_hash()
    {
        var context = CorpusFiles.Context(Corpus.Path(File));
        var report = Assert.Single(new StabilityMatrixParser().Parse(context));
        Assert.Equal("Stability Matrix", report.Tool);
        Assert.Contains(new KeyValuePair<string, string>("Backend", "ComfyUI"), report.Parameters.Other);
        Assert.Equal("euler_ancestral", report.Parameters.Sampler);
        Assert.Equal("karras", report.Parameters.Scheduler);
        Assert.Equal(20, report.Parameters.Steps);
        Assert.Equal(5, report.Parameters.CfgScale);
        Assert.Equal("395309383", report.Parameters.Seed);
        var model = Assert.Single(report.Models, m => m.Role == ModelRole.Checkpoint);
        Assert.Equal("waiIllustriousSDXL_v160.safetensors", model.Name);
        var hash = Assert.Single(model.Hashes);
        Assert.Equal((HashKind.Sha256, ModelHash), (hash.Kind, hash.Value));
        Assert.Contains("\u30C6\u30B9\u30C8", report.Parameters.Prompt);
    }

    [SkippableFact]
    public void Stability_matrix_claims_its_four_chunks_so_comfyui_reports_nothing_more()
    {
        var context = CorpusFiles.Context(Corpus.Path(File));
        _ = new StabilityMatrixParser().Parse(context).ToList();
        Assert.DoesNotContain(context.Unclaimed, f => f.Name is "parameters" or "parameters-json" or "smproj" or "prompt");
        Assert.Empty(new ComfyUiParser().Parse(context));
    }

    [Fact]
    public void Plain_comfyui_prompt_is_not_taken_by_stability_matrix()
    {
        var context = new Candor.Generators.GeneratorContext([Field("prompt", """{"1":{"class_type":"KSampler","inputs":{}}}""")]);
        Assert.Empty(new StabilityMatrixParser().Parse(context));
        Assert.Single(context.Unclaimed);
    }

    [Fact]
    public void Broken_parameters_json_is_a_finding_not_an_exception()
    {
        var context = new Candor.Generators.GeneratorContext([Field("parameters-json", "{\"Steps\": 20,, ]")]);
        var report = Assert.Single(new StabilityMatrixParser().Parse(context));
        Assert.Contains(report.Findings, f => f.Code == "stability-matrix-json");
    }

    private static Candor.Metadata.MetadataField Field(string name, string value) =>
        new(Candor.Metadata.FieldGroups.PngText, name, value, new Evidence("PNG tEXt", name));
}
