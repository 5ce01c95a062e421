using Candor.Generators.ComfyUi;
using Candor.Provenance;

namespace Candor.Tests.Generators.ComfyUi;

public class ComfyUiCorpusTests
{
    /// <summary>Expected values, from the corpus SOURCES.md.</summary>
    public sealed record Expected(string Tool, string Sampler, string Scheduler, int Steps, double Cfg, string Seed, string Checkpoint)
    {
        public string[] Loras { get; init; } = [];
        public string? Hypernetwork { get; init; }
        public string? ControlNetModel { get; init; }
        public double? Denoise { get; init; }
        public string? Prompt { get; init; }
        public string? Negative { get; init; }
        public string? InitImage { get; init; }
        public (int W, int H)? Size { get; init; }
        public bool CombinedPrompts { get; init; }
    }

    private static readonly Dictionary<string, Expected> Files = new()
    {
        ["comfyui/img2img_cropped.png"] = new("ComfyUI", "sample_dpmpp_2m", "normal", 20, 8, "280823642470253", "v1-5-pruned-emaonly.ckpt")
        {
            Denoise = 0.87,
            Prompt = "photograph of victorian woman with wings, sky clouds, meadow grass",
            Negative = "watermark, text",
            InitImage = "example.png",
        },
        ["comfyui/night_evening_day_morning_cropped.png"] = new("ComfyUI", "dpmpp_sde", "normal", 13, 8.5, "335608130539327", "Anything-V3.0.ckpt") { CombinedPrompts = true },
        ["comfyui/lora_multiple.png"] = new("ComfyUI", "euler", "normal", 20, 8, "513173432917412", "v1-5-pruned-emaonly.ckpt")
        {
            Loras = ["epiNoiseoffset_v2.safetensors", "theovercomer8sContrastFix_sd15.safetensors"],
        },
        ["comfyui/hypernetwork_example_output.png"] = new("ComfyUI", "uni_pc_bh2", "normal", 20, 8, "572636856966402", "v1-5-pruned-emaonly.ckpt")
        {
            Hypernetwork = "dantionMarbleStatues_10.pt",
        },
        ["comfyui/depth_controlnet.png"] = new("ComfyUI", "uni_pc_bh2", "normal", 20, 8, "891858402356003", "v1-5-pruned-emaonly.ckpt")
        {
            ControlNetModel = "diff_control_sd15_depth_fp16.safetensors",
        },
        ["comfyui/mochi_simple_checkpoint.webp"] = new("ComfyUI", "euler", "simple", 30, 4.5, "93806664037998", "mochi_preview_fp8_scaled.safetensors"),
        ["comfyui/comfyui-save-image-extended.webp"] = new("ComfyUI", "euler_ancestral", "karras", 20, 5, "602057552457611", "waiIllustriousSDXL_v160.safetensors"),
        ["civitai/civitai-hires.jpg"] = new("Civitai (ComfyUI backend)", "euler_ancestral", "normal", 25, 5, "1311178179", "urn:air:sdxl:checkpoint:civitai:827184@2514310")
        {
            Size = (1536, 1536),
        },
    };

    public static TheoryData<string> FileNames => new(Files.Keys);

    [SkippableTheory]
    [MemberData(nameof(FileNames))]
    public void Corpus_graph_resolves_to_the_documented_parameters(string file)
    {
        var expected = Files[file];
        var context = CorpusFiles.Context(Corpus.Path($"generators/{file}"));
        var report = Assert.Single(new ComfyUiParser().Parse(context));
        Assert.Equal(expected.Tool, report.Tool);
        Assert.Equal(Confidence.Certain, report.Confidence);
        var p = report.Parameters;
        Assert.Equal(expected.Sampler, p.Sampler);
        Assert.Equal(expected.Scheduler, p.Scheduler);
        Assert.Equal(expected.Steps, p.Steps);
        Assert.Equal(expected.Cfg, p.CfgScale);
        Assert.Equal(expected.Seed, p.Seed);
        Assert.Equal(expected.Checkpoint, Assert.Single(report.Models, m => m.Role == ModelRole.Checkpoint).Name);
        Assert.Equal(expected.Loras.Order(), report.Models.Where(m => m.Role == ModelRole.Lora).Select(m => m.Name).Order());
        if (expected.Hypernetwork is not null) Assert.Contains(report.Models, m => m.Role == ModelRole.Hypernetwork && m.Name == expected.Hypernetwork);
        if (expected.ControlNetModel is not null)
        {
            var control = Assert.Single(report.Controls, c => c.Kind == ControlKind.ControlNet);
            Assert.Equal(expected.ControlNetModel, control.Model);
            Assert.NotEqual(ControlRisk.Unknown, control.Risk);
        }
        if (expected.Denoise is { } d) Assert.Equal(d, p.Denoise!.Value, 6);
        if (expected.Prompt is not null) Assert.Equal(expected.Prompt, p.Prompt?.Trim());
        if (expected.Negative is not null) Assert.Equal(expected.Negative, p.NegativePrompt?.Trim());
        if (expected.InitImage is not null)
        {
            var init = Assert.Single(report.Controls, c => c.Kind == ControlKind.Img2Img);
            Assert.Contains(new KeyValuePair<string, string>("Image", expected.InitImage), init.Settings);
            Assert.Equal(ControlRisk.High, init.Risk);
        }
        if (expected.Size is { } size) Assert.Equal((size.W, size.H), (p.Width, p.Height));
        if (expected.CombinedPrompts) Assert.Contains(p.Other, kv => kv.Key == "Combined prompts");
        Assert.Contains(report.Evidence, e => e.Key is not null && e.Key.Contains("KSampler"));
    }

    [SkippableFact]
    public void Night_evening_hires_pass_is_listed_apart_from_the_first_pass()
    {
        var context = CorpusFiles.Context(Corpus.Path("generators/comfyui/night_evening_day_morning_cropped.png"));
        var report = Assert.Single(new ComfyUiParser().Parse(context));
        var pass = Assert.Single(report.Parameters.Other, kv => kv.Key == "Pass 2").Value;
        Assert.Contains("node 24", pass);
        Assert.Contains("AbyssOrangeMix2_hard.safetensors", pass);
        Assert.Contains("night", report.Parameters.Prompt);
        Assert.Contains("morning sky", report.Parameters.Prompt);
        Assert.Equal(2, report.Parameters.ClipSkip);
        Assert.Equal((704, 1280), (report.Parameters.Width, report.Parameters.Height));
    }

    [SkippableFact]
    public void Png_prompt_and_workflow_chunks_are_both_claimed()
    {
        var context = CorpusFiles.Context(Corpus.Path("generators/comfyui/lora_multiple.png"));
        _ = new ComfyUiParser().Parse(context).ToList();
        Assert.DoesNotContain(context.Unclaimed, f => f.Name is "prompt" or "workflow");
    }

    [SkippableFact]
    public void Workflow_alone_resolves_like_the_api_prompt()
    {
        var fields = CorpusFiles.Fields(Corpus.Path("generators/comfyui/mochi_simple_checkpoint.webp"));
        var workflowOnly = new Candor.Generators.GeneratorContext(fields.Where(f => f.Name == "Make").ToList());
        var report = Assert.Single(new ComfyUiParser().Parse(workflowOnly));
        Assert.Equal("euler", report.Parameters.Sampler);
        Assert.Equal("simple", report.Parameters.Scheduler);
        Assert.Equal(30, report.Parameters.Steps);
        Assert.Equal(4.5, report.Parameters.CfgScale);
        Assert.Equal("93806664037998", report.Parameters.Seed);
        Assert.Contains(report.Models, m => m.Role == ModelRole.Checkpoint && m.Name == "mochi_preview_fp8_scaled.safetensors");
        Assert.Contains(report.Parameters.Other, kv => kv.Key == "Graph source");
    }

    [SkippableFact]
    public void A1111_style_text_from_a_comfyui_save_node_is_left_to_the_a1111_parser()
    {
        var context = CorpusFiles.Context(Corpus.Path("generators/comfyui/comfyui-saveimagewithmetadata.jpeg"));
        Assert.Empty(new ComfyUiParser().Parse(context));
        Assert.Contains(context.Unclaimed, f => f.Name == "UserComment");
    }
}
