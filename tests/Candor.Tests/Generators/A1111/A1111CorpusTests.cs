using Candor.Generators.A1111;
using Candor.Generators.Stealth;
using Candor.Provenance;

namespace Candor.Tests.Generators.A1111;

/// <summary>Every AUTOMATIC1111-family corpus file decodes to what generators/SOURCES.md says.</summary>
public class A1111CorpusTests
{
    /// <summary>What SOURCES.md says a file decodes to (null = not stated / absent).</summary>
    public sealed record Expected(
        string Tool, string? Prompt, string? Negative, int? Steps, string? Sampler, string? Scheduler, double? Cfg, string? Seed,
        int? Width, int? Height, string? Model, string? ModelHash, string? Version, int? ClipSkip = null, double? Denoise = null);

    private const string Wai = "waiIllustriousSDXL_v160";
    private const string WaiHash = "45a21ea00a";

    public static readonly Dictionary<string, Expected> Files = new()
    {
        ["a1111/automatic1111_cropped.png"] = new("AUTOMATIC1111-compatible", "photo of a duck", "monochrome", 15, "UniPC", null, 5, "235284042", 512, 400, "realistic_realisticVisionV20_v20", "c0d1994c73", null),
        ["a1111/automatic1111_cropped.jpg"] = new("AUTOMATIC1111-compatible", "photo of a duck", "monochrome", 15, "UniPC", null, 5, "235284042", 512, 400, "realistic_realisticVisionV20_v20", "c0d1994c73", null),
        ["a1111/automatic1111_stealth.png"] = new("AUTOMATIC1111", "a circle", "a square", 20, "Euler", "Automatic", 7, "2015833630", 64, 64, "realisticVisionV51_v51VAE", "15012c538f", "v1.9.4-169-ga30b19dd", ClipSkip: 2),
        ["a1111/sd-webui.png"] = new("AUTOMATIC1111", null, null, 20, "DPM++ 2M", "Karras", 7, "3782896554", 1024, 1024, Wai, WaiHash, "v1.10.1"),
        ["a1111/sd-webui.webp"] = new("AUTOMATIC1111", null, null, 20, "DPM++ 2M", "Karras", 5.5, "1028435836", 1024, 1024, Wai, WaiHash, "v1.10.1"),
        ["a1111/controlnet-legacy_dog_rel.png"] = new("AUTOMATIC1111-compatible", null, null, 20, "DPM++ SDE", null, 7, "925894899", 512, 512, "(unnamed)", "679c66ec9a", null, ClipSkip: 2),
        ["a1111/lora-hashes_1girl.png"] = new("AUTOMATIC1111", null, null, 8, "LCM", null, 1.5, "1157152124", 512, 768, "cetusMix_v4", "b42b09ff12", "v1.6.0-372-g8aa51f68", ClipSkip: 2, Denoise: 0.75),
        ["a1111/card-no-preview.png"] = new("AUTOMATIC1111-compatible", "dreamlike neural network logo that says NO PREVIEW", "3d", 20, "Euler a", null, 12, "2448144561", 512, 768, "dreamlike-photoreal-2.0", "92970aa785", null, Denoise: 0.57),
        ["forge/forge.png"] = new("Forge", null, null, 25, "Euler", "Karras", 5, "747066619", 1024, 1024, Wai, WaiHash, "f2.0.1v1.10.1-previous-669-gdfdcbab6"),
        ["forge/forge-classic-adetailer.png"] = new("Forge Classic", null, null, 24, "Euler a", "Automatic", 4, "4179307297", 1024, 1024, "waiNSFWIllustrious_v140", "c9b4dab236", "classic"),
        ["forge/forge-classic.jpeg"] = new("Forge Classic", null, null, 20, "DPM++ 2M", "Karras", 6, "2547514258", 1024, 1024, Wai, WaiHash, "classic"),
        ["forge/forge-neo.webp"] = new("Forge Neo", null, null, 24, "Euler a", "Automatic", 6, "2056443400", 1024, 1024, Wai, WaiHash, "neo", ClipSkip: 2),
        ["reforge/reforge.jpeg"] = new("reForge", null, null, 20, "DPM++ 2M", "Karras", 6, "584157617", 1024, 1024, Wai, WaiHash, "f1.0.0v2-v1.10.1RC-latest-2498-g5120e679"),
        ["reforge/reforge-hires.webp"] = new("reForge", null, null, 20, "DPM++ 2M", "Karras", 6, "1010990389", 1024, 1024, Wai, WaiHash, "f1.0.0v2-v1.10.1RC-latest-2498-g5120e679", Denoise: 0.3),
        ["sdnext/sd-next.jpg"] = new("SD.Next", null, null, 20, "Euler a", "karras", 6, "899700607", 1024, 1024, Wai, WaiHash, "56a8aea"),
        ["sdnext/DeepFloyd--IF-I-M-v1.0.jpg"] = new("SD.Next", "18th century smoking pipe on white background", "", 32, null, null, 6, "1645606335", 64, 64, "IF-I-M-v1.0", null, "feaa51c"),
        ["civitai/civitai-generator_usercomment.jpg"] = new("Civitai", null, null, 28, "DPM++ 2M Karras", null, 5.3, "2421159222", 832, 1216, "ZavyChromaXL v9.0", null, null, ClipSkip: 2),
        ["comfyui/comfyui-saveimagewithmetadata.jpeg"] = new("AUTOMATIC1111-compatible", null, null, 20, "euler_ancestral_karras", null, 5.0, "347382230306562", 1024, 1024, "waiIllustriousSDXL_v160.safetensors", WaiHash, null, ClipSkip: 2),
    };

    public static TheoryData<string> FileNames => [.. Files.Keys];

    internal static GeneratorReport ParseSingle(string relative, bool stealthCopyUnclaimed = false)
    {
        var path = Corpus.Path("generators/" + relative);
        var context = CorpusFiles.Context(path);
        if (stealthCopyUnclaimed)
        {
            // The stealth copy as the stealth parser decodes it, but not claimed by it (it claims a copy that
            // matches the text), so the A1111 parser is handed both copies of the same infotext.
            var decoded = CorpusFiles.Context(path);
            Assert.Empty(new StealthParser().Parse(decoded));
            context.Derived.AddRange(decoded.Derived);
        }
        else
        {
            // As in the inspector: the stealth parser runs first and leaves the pixel copy in Derived.
            Assert.Empty(new StealthParser().Parse(context));
        }
        var reports = new A1111Parser().Parse(context).ToList();
        Assert.Single(reports);
        return reports[0];
    }

    [SkippableTheory]
    [MemberData(nameof(FileNames))]
    public void Corpus_file_decodes_to_its_documented_parameters(string file)
    {
        var e = Files[file];
        var r = ParseSingle(file);
        var p = r.Parameters;
        Assert.Equal(e.Tool, r.Tool);
        Assert.Equal("a1111", r.Parser);
        if (e.Prompt is not null) Assert.Equal(e.Prompt, p.Prompt);
        if (e.Negative is not null) Assert.Equal(e.Negative, p.NegativePrompt);
        Assert.Equal(e.Steps, p.Steps);
        Assert.Equal(e.Sampler, p.Sampler);
        Assert.Equal(e.Scheduler, p.Scheduler);
        Assert.Equal(e.Cfg, p.CfgScale);
        Assert.Equal(e.Seed, p.Seed);
        Assert.Equal(e.Width, p.Width);
        Assert.Equal(e.Height, p.Height);
        Assert.Equal(e.Version, p.Version);
        Assert.Equal(e.Version, r.Version);
        Assert.Equal(e.ClipSkip, p.ClipSkip);
        Assert.Equal(e.Denoise, p.Denoise);
        var checkpoint = Assert.Single(r.Models, m => m.Role == ModelRole.Checkpoint);
        Assert.Equal(e.Model, checkpoint.Name);
        if (e.ModelHash is null) Assert.Empty(checkpoint.Hashes);
        else
        {
            var hash = Assert.Single(checkpoint.Hashes);
            Assert.Equal(e.ModelHash, hash.Value);
            Assert.Equal(HashKind.AutoV2, hash.Kind);
        }
        Assert.DoesNotContain(r.Findings, f => f.Code == "a1111-unparsed-tail");
        Assert.DoesNotContain(p.Other, kv => kv.Key is "Steps" or "Seed" or "Model" or "Model hash" or "Version");
    }

    [SkippableFact]
    public void Japanese_prompt_in_itxt_is_read_whole_and_the_blank_line_before_negative_is_dropped()
    {
        var r = ParseSingle("a1111/sd-webui.png");
        Assert.EndsWith("テスト", r.Parameters.Prompt);
        Assert.StartsWith("general, masterpiece", r.Parameters.Prompt);
        Assert.Equal("bad quality, worst quality, worst detail, sketch, censor,", r.Parameters.NegativePrompt);
    }

    [SkippableFact]
    public void Legacy_controlnet_unit_is_a_scribble_control_with_its_inline_hash()
    {
        var r = ParseSingle("a1111/controlnet-legacy_dog_rel.png");
        var control = Assert.Single(r.Controls);
        Assert.Equal(ControlKind.ControlNet, control.Kind);
        Assert.Equal("none", control.Module);
        Assert.Equal("control_sd15_scribble(fef5e48e)", control.Model);
        Assert.Equal(ControlRisk.Medium, control.Risk);
        var cn = Assert.Single(r.Models, m => m.Role == ModelRole.ControlNet);
        Assert.Equal("control_sd15_scribble", cn.Name);
        Assert.Equal("fef5e48e", Assert.Single(cn.Hashes).Value);
        Assert.DoesNotContain(r.Parameters.Other, kv => kv.Key.StartsWith("ControlNet", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Lora_from_prompt_tag_and_from_lora_hashes_merge_into_one_reference()
    {
        var r = ParseSingle("a1111/lora-hashes_1girl.png");
        var lora = Assert.Single(r.Models, m => m.Role == ModelRole.Lora);
        Assert.Equal("lcm_lora_sd15", lora.Name);
        Assert.Equal(1.0, lora.Weight);
        var hash = Assert.Single(lora.Hashes);
        Assert.Equal(("aaebf6360f7d", HashKind.Addnet), (hash.Value, hash.Kind));
        var img2img = Assert.Single(r.Controls);
        Assert.Equal(ControlKind.Img2Img, img2img.Kind);
        Assert.Equal(0.75, img2img.Weight);
        Assert.Equal(ControlRisk.High, img2img.Risk);
    }

    [SkippableFact]
    public void Mask_blur_without_hires_makes_an_inpaint_input_and_ensd_stays_in_other()
    {
        var r = ParseSingle("a1111/card-no-preview.png");
        var inpaint = Assert.Single(r.Controls);
        Assert.Equal(ControlKind.Inpaint, inpaint.Kind);
        Assert.Contains(new KeyValuePair<string, string>("Mask blur", "4"), inpaint.Settings);
        Assert.Contains(new KeyValuePair<string, string>("ENSD", "31337"), r.Parameters.Other);
    }

    [SkippableFact]
    public void Forge_png_text_and_its_stealth_copy_give_one_report_with_both_evidences()
    {
        var r = ParseSingle("forge/forge.png", stealthCopyUnclaimed: true);
        Assert.Contains(r.Evidence, e => e.Block == "PNG iTXt");
        Assert.Contains(r.Evidence, e => e.Block == "PNG alpha LSB");
    }

    [SkippableFact]
    public void Adetailer_model_is_a_detector_and_its_settings_stay_in_order()
    {
        var r = ParseSingle("forge/forge-classic-adetailer.png");
        Assert.Equal("face_yolov8n.pt", Assert.Single(r.Models, m => m.Role == ModelRole.Detector).Name);
        var keys = r.Parameters.Other.Select(kv => kv.Key).ToList();
        Assert.Equal(["RNG", "ADetailer confidence", "ADetailer dilate erode", "ADetailer mask blur", "ADetailer denoising strength",
            "ADetailer inpaint only masked", "ADetailer inpaint padding", "ADetailer version"], keys);
        Assert.Contains(new KeyValuePair<string, string>("ADetailer version", "26.2.0"), r.Parameters.Other);
    }

    [SkippableFact]
    public void Hires_fix_denoise_is_not_an_init_image_and_the_upscaler_is_a_model()
    {
        var r = ParseSingle("reforge/reforge-hires.webp");
        Assert.Empty(r.Controls);
        Assert.Equal("R-ESRGAN 4x+ Anime6B", Assert.Single(r.Models, m => m.Role == ModelRole.Upscaler).Name);
        Assert.Contains(new KeyValuePair<string, string>("Hires upscale", "1.5"), r.Parameters.Other);
        Assert.Contains(new KeyValuePair<string, string>("Hires steps", "10"), r.Parameters.Other);
        Assert.Contains(new KeyValuePair<string, string>("Hires CFG Scale", "6"), r.Parameters.Other);
    }

    [SkippableFact]
    public void Sdnext_keys_pipeline_and_operations_are_kept()
    {
        var r = ParseSingle("sdnext/sd-next.jpg");
        Assert.Equal(Confidence.Certain, r.Confidence);
        Assert.Contains(new KeyValuePair<string, string>("Pipeline", "StableDiffusionXLPipeline"), r.Parameters.Other);
        Assert.Contains(new KeyValuePair<string, string>("Operations", "txt2img"), r.Parameters.Other);
    }

    [SkippableFact]
    public void Civitai_resources_become_checkpoint_five_loras_and_four_embeddings()
    {
        var r = ParseSingle("civitai/civitai-generator_usercomment.jpg");
        Assert.Equal(5, r.Models.Count(m => m.Role == ModelRole.Lora));
        Assert.Equal(4, r.Models.Count(m => m.Role == ModelRole.Embedding));
        Assert.Contains(r.Models, m => m.Role == ModelRole.Lora && m.Name == "Midjourney mimic v2.0" && m.Weight == 0.4);
        Assert.Contains(r.Models, m => m.Role == ModelRole.Embedding && m.Name == "Detail ++ Overall Detail XL");
        Assert.Contains(r.Models, m => m.Role == ModelRole.Lora && m.Name.StartsWith("Zavy's Dark", StringComparison.Ordinal));
        Assert.Contains("641087", Assert.Single(r.Models, m => m.Role == ModelRole.Checkpoint).Evidence.Key);
        Assert.Contains(new KeyValuePair<string, string>("Created Date", "2024-09-11T10:05:18.1716636Z"), r.Parameters.Other);
        Assert.DoesNotContain(r.Parameters.Other, kv => kv.Key.StartsWith("Civitai", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Comfyui_save_node_infotext_is_compatible_with_medium_confidence_and_a_comfy_hint()
    {
        var r = ParseSingle("comfyui/comfyui-saveimagewithmetadata.jpeg");
        Assert.Equal(Confidence.Medium, r.Confidence);
        Assert.Contains(r.Findings, f => f.Code == "a1111-comfyui-style-sampler");
        Assert.DoesNotContain(r.Parameters.Other, kv => kv.Key == "Hashes");
    }
}
