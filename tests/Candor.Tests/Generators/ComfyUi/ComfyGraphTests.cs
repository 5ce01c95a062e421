using Candor.Generators;
using Candor.Generators.ComfyUi;
using Candor.Metadata;
using Candor.Provenance;

namespace Candor.Tests.Generators.ComfyUi;

public class ComfyGraphTests
{
    private const string Base = """
        "ck": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "base.safetensors"}},
        "lat": {"class_type": "EmptyLatentImage", "inputs": {"width": 832, "height": 1216, "batch_size": 1}},
        "neg": {"class_type": "CLIPTextEncode", "inputs": {"text": "blurry", "clip": ["ck", 1]}},
        "dec": {"class_type": "VAEDecode", "inputs": {"samples": ["ks", 0], "vae": ["ck", 2]}},
        "out": {"class_type": "SaveImage", "inputs": {"images": ["dec", 0]}}
        """;

    [Fact]
    public void Lora_chain_is_followed_to_the_checkpoint_with_strengths()
    {
        var report = Resolve($$$"""
            { {{{Base}}},
              "l1": {"class_type": "LoraLoader", "inputs": {"lora_name": "a.safetensors", "strength_model": 0.6, "strength_clip": 1, "model": ["ck", 0], "clip": ["ck", 1]}},
              "l2": {"class_type": "LoraLoaderModelOnly", "inputs": {"lora_name": "b.safetensors", "strength_model": 0.25, "model": ["l1", 0]}},
              "pos": {"class_type": "CLIPTextEncode", "inputs": {"text": "a castle", "clip": ["l1", 1]}},
              "ks": {"class_type": "KSampler", "inputs": {"seed": 5, "steps": 20, "cfg": 7, "sampler_name": "euler", "scheduler": "normal", "denoise": 1,
                     "model": ["l2", 0], "positive": ["pos", 0], "negative": ["neg", 0], "latent_image": ["lat", 0]}} }
            """);
        Assert.Equal("base.safetensors", Assert.Single(report.Models, m => m.Role == ModelRole.Checkpoint).Name);
        Assert.Equal([("a.safetensors", 0.6), ("b.safetensors", 0.25)],
            report.Models.Where(m => m.Role == ModelRole.Lora).Select(m => (m.Name, m.Weight!.Value)));
        Assert.Equal(("a castle", "blurry", 832, 1216), (report.Parameters.Prompt, report.Parameters.NegativePrompt, report.Parameters.Width!.Value, report.Parameters.Height!.Value));
        Assert.Empty(report.Controls);
    }

    [Fact]
    public void Combined_conditioning_lists_every_prompt_in_order()
    {
        var report = Resolve($$$"""
            { {{{Base}}},
              "t1": {"class_type": "CLIPTextEncode", "inputs": {"text": "sky", "clip": ["ck", 1]}},
              "t2": {"class_type": "CLIPTextEncodeSDXL", "inputs": {"text_g": "sea", "text_l": "waves", "clip": ["ck", 1]}},
              "area": {"class_type": "ConditioningSetArea", "inputs": {"conditioning": ["t2", 0], "x": 0, "y": 0, "width": 64, "height": 64, "strength": 1}},
              "comb": {"class_type": "ConditioningCombine", "inputs": {"conditioning_1": ["t1", 0], "conditioning_2": ["area", 0]}},
              "ks": {"class_type": "KSampler", "inputs": {"seed": 5, "steps": 20, "cfg": 7, "sampler_name": "euler", "scheduler": "normal", "denoise": 1,
                     "model": ["ck", 0], "positive": ["comb", 0], "negative": ["neg", 0], "latent_image": ["lat", 0]}} }
            """);
        Assert.Equal("sky\n\nsea\nwaves", report.Parameters.Prompt);
        Assert.Contains(report.Parameters.Other, kv => kv.Key == "Combined prompts" && kv.Value.Contains("node t2"));
    }

    [Fact]
    public void Controlnet_with_canny_preprocessor_is_high_risk_and_names_the_image()
    {
        var report = Resolve($$$"""
            { {{{Base}}},
              "pos": {"class_type": "CLIPTextEncode", "inputs": {"text": "a cat", "clip": ["ck", 1]}},
              "img": {"class_type": "LoadImage", "inputs": {"image": "artist_drawing.png"}},
              "edge": {"class_type": "Canny", "inputs": {"image": ["img", 0], "low_threshold": 0.4, "high_threshold": 0.8}},
              "cnl": {"class_type": "ControlNetLoader", "inputs": {"control_net_name": "control_v11p_sd15_something.pth"}},
              "cna": {"class_type": "ControlNetApplyAdvanced", "inputs": {"positive": ["pos", 0], "negative": ["neg", 0], "control_net": ["cnl", 0], "image": ["edge", 0],
                      "strength": 0.9, "start_percent": 0, "end_percent": 0.8}},
              "ks": {"class_type": "KSampler", "inputs": {"seed": 5, "steps": 20, "cfg": 7, "sampler_name": "euler", "scheduler": "normal", "denoise": 1,
                     "model": ["ck", 0], "positive": ["cna", 0], "negative": ["cna", 1], "latent_image": ["lat", 0]}} }
            """);
        var cn = Assert.Single(report.Controls);
        Assert.Equal((ControlKind.ControlNet, "Canny", "control_v11p_sd15_something.pth", 0.9, ControlRisk.High), (cn.Kind, cn.Module, cn.Model, cn.Weight!.Value, cn.Risk));
        Assert.Contains(new KeyValuePair<string, string>("Image", "artist_drawing.png"), cn.Settings);
        Assert.Contains(new KeyValuePair<string, string>("end_percent", "0.8"), cn.Settings);
        // The negative goes through output slot 1 of the apply node.
        Assert.Equal(("a cat", "blurry"), (report.Parameters.Prompt, report.Parameters.NegativePrompt));
        Assert.Contains(report.Models, m => m.Role == ModelRole.ControlNet);
    }

    [Fact]
    public void Img2img_below_full_denoise_reports_the_init_image()
    {
        var report = Resolve($$$"""
            { {{{Base}}},
              "pos": {"class_type": "CLIPTextEncode", "inputs": {"text": "a cat", "clip": ["ck", 1]}},
              "img": {"class_type": "LoadImage", "inputs": {"image": "photo.jpg"}},
              "enc": {"class_type": "VAEEncode", "inputs": {"pixels": ["img", 0], "vae": ["ck", 2]}},
              "ks": {"class_type": "KSampler", "inputs": {"seed": 5, "steps": 20, "cfg": 7, "sampler_name": "euler", "scheduler": "normal", "denoise": 0.45,
                     "model": ["ck", 0], "positive": ["pos", 0], "negative": ["neg", 0], "latent_image": ["enc", 0]}} }
            """);
        var init = Assert.Single(report.Controls);
        Assert.Equal((ControlKind.Img2Img, 0.45, ControlRisk.High), (init.Kind, init.Weight!.Value, init.Risk));
        Assert.Contains(new KeyValuePair<string, string>("Image", "photo.jpg"), init.Settings);
    }

    [Fact]
    public void Inpaint_encoder_is_an_inpaint_input()
    {
        var report = Resolve($$$"""
            { {{{Base}}},
              "pos": {"class_type": "CLIPTextEncode", "inputs": {"text": "a cat", "clip": ["ck", 1]}},
              "img": {"class_type": "LoadImage", "inputs": {"image": "room.png"}},
              "enc": {"class_type": "VAEEncodeForInpaint", "inputs": {"pixels": ["img", 0], "vae": ["ck", 2], "mask": ["img", 1], "grow_mask_by": 6}},
              "ks": {"class_type": "KSampler", "inputs": {"seed": 5, "steps": 20, "cfg": 7, "sampler_name": "euler", "scheduler": "normal", "denoise": 1,
                     "model": ["ck", 0], "positive": ["pos", 0], "negative": ["neg", 0], "latent_image": ["enc", 0]}} }
            """);
        Assert.Equal(ControlKind.Inpaint, Assert.Single(report.Controls).Kind);
    }

    [Fact]
    public void Face_ip_adapter_is_flagged_as_identity()
    {
        var report = Resolve($$$"""
            { {{{Base}}},
              "pos": {"class_type": "CLIPTextEncode", "inputs": {"text": "a portrait", "clip": ["ck", 1]}},
              "face": {"class_type": "LoadImage", "inputs": {"image": "someone.jpg"}},
              "ipl": {"class_type": "IPAdapterModelLoader", "inputs": {"ipadapter_file": "ip-adapter-plus-face_sd15.safetensors"}},
              "ipa": {"class_type": "IPAdapterAdvanced", "inputs": {"model": ["ck", 0], "ipadapter": ["ipl", 0], "image": ["face", 0], "weight": 0.7}},
              "ks": {"class_type": "KSampler", "inputs": {"seed": 5, "steps": 20, "cfg": 7, "sampler_name": "euler", "scheduler": "normal", "denoise": 1,
                     "model": ["ipa", 0], "positive": ["pos", 0], "negative": ["neg", 0], "latent_image": ["lat", 0]}} }
            """);
        var ip = Assert.Single(report.Controls);
        Assert.Equal((ControlKind.IpAdapter, true, 0.7), (ip.Kind, ip.Identity, ip.Weight!.Value));
        Assert.Contains(new KeyValuePair<string, string>("Image", "someone.jpg"), ip.Settings);
        Assert.Equal("base.safetensors", Assert.Single(report.Models, m => m.Role == ModelRole.Checkpoint).Name);
    }

    [Fact]
    public void Custom_sampler_settings_are_read_from_its_helper_nodes_and_primitives()
    {
        var report = Resolve($$$"""
            { {{{Base}}},
              "pos": {"class_type": "CLIPTextEncode", "inputs": {"text": ["str", 0], "clip": ["ck", 1]}},
              "str": {"class_type": "PrimitiveString", "inputs": {"value": "linked prompt"}},
              "seed": {"class_type": "PrimitiveInt", "inputs": {"value": 123456789012345678}},
              "noise": {"class_type": "RandomNoise", "inputs": {"noise_seed": ["seed", 0]}},
              "sel": {"class_type": "KSamplerSelect", "inputs": {"sampler_name": "dpmpp_2m"}},
              "sch": {"class_type": "BasicScheduler", "inputs": {"scheduler": "beta", "steps": 28, "denoise": 1, "model": ["ck", 0]}},
              "gd": {"class_type": "CFGGuider", "inputs": {"cfg": 3.5, "model": ["ck", 0], "positive": ["pos", 0], "negative": ["neg", 0]}},
              "ks": {"class_type": "SamplerCustomAdvanced", "inputs": {"noise": ["noise", 0], "guider": ["gd", 0], "sampler": ["sel", 0], "sigmas": ["sch", 0], "latent_image": ["lat", 0]}} }
            """);
        var p = report.Parameters;
        Assert.Equal(("123456789012345678", "dpmpp_2m", "beta", 28, 3.5, "linked prompt"), (p.Seed, p.Sampler, p.Scheduler, p.Steps!.Value, p.CfgScale!.Value, p.Prompt));
        Assert.Equal("base.safetensors", Assert.Single(report.Models, m => m.Role == ModelRole.Checkpoint).Name);
    }

    [Fact]
    public void Power_lora_loader_entries_that_are_on_become_loras()
    {
        var report = Resolve($$$"""
            { {{{Base}}},
              "pl": {"class_type": "Power Lora Loader (rgthree)", "inputs": {"lora_1": {"on": true, "lora": "x.safetensors", "strength": 0.8},
                     "lora_2": {"on": false, "lora": "y.safetensors", "strength": 1}, "model": ["ck", 0], "clip": ["ck", 1]}},
              "pos": {"class_type": "CLIPTextEncode", "inputs": {"text": "a cat", "clip": ["pl", 1]}},
              "ks": {"class_type": "KSampler", "inputs": {"seed": 5, "steps": 20, "cfg": 7, "sampler_name": "euler", "scheduler": "normal", "denoise": 1,
                     "model": ["pl", 0], "positive": ["pos", 0], "negative": ["neg", 0], "latent_image": ["lat", 0]}} }
            """);
        var lora = Assert.Single(report.Models, m => m.Role == ModelRole.Lora);
        Assert.Equal(("x.safetensors", 0.8), (lora.Name, lora.Weight!.Value));
    }

    [Fact]
    public void NaN_in_the_graph_reads_as_missing()
    {
        var report = Resolve($$$"""
            { {{{Base}}},
              "pos": {"class_type": "CLIPTextEncode", "inputs": {"text": "NaN is text here", "clip": ["ck", 1]}},
              "ks": {"class_type": "KSampler", "inputs": {"seed": 5, "steps": 20, "cfg": NaN, "sampler_name": "euler", "scheduler": "normal", "denoise": Infinity,
                     "model": ["ck", 0], "positive": ["pos", 0], "negative": ["neg", 0], "latent_image": ["lat", 0]}} }
            """);
        Assert.Null(report.Parameters.CfgScale);
        Assert.Null(report.Parameters.Denoise);
        Assert.Equal(20, report.Parameters.Steps);
        Assert.Equal("NaN is text here", report.Parameters.Prompt);
    }

    [Fact]
    public void Cyclic_links_end_without_hanging()
    {
        var report = Resolve("""
            { "a": {"class_type": "ConditioningCombine", "inputs": {"conditioning_1": ["b", 0], "conditioning_2": ["a", 0]}},
              "b": {"class_type": "ConditioningCombine", "inputs": {"conditioning_1": ["a", 0], "text": ["b", 0]}},
              "m": {"class_type": "ModelSamplingDiscrete", "inputs": {"model": ["m", 0]}},
              "ks": {"class_type": "KSampler", "inputs": {"seed": ["ks", 0], "steps": 20, "cfg": 7, "sampler_name": "euler",
                     "model": ["m", 0], "positive": ["a", 0], "negative": ["b", 0], "latent_image": ["ks", 0]}} }
            """);
        Assert.Equal(20, report.Parameters.Steps);
        Assert.Null(report.Parameters.Prompt);
    }

    [Fact]
    public void Ui_workflow_widgets_skip_the_control_after_generate_value()
    {
        const string workflow = """
            {"nodes": [
              {"id": 4, "type": "CheckpointLoaderSimple", "widgets_values": ["w.safetensors"], "inputs": []},
              {"id": 6, "type": "CLIPTextEncode", "widgets_values": ["hello"], "inputs": [{"name": "clip", "link": 1}]},
              {"id": 3, "type": "KSampler", "widgets_values": [77, "randomize", 12, 6.5, "euler", "karras", 1],
               "inputs": [{"name": "model", "link": 2}, {"name": "positive", "link": 3}]},
              {"id": 9, "type": "SaveImage", "widgets_values": ["x"], "inputs": [{"name": "images", "link": 4}]},
              {"id": 8, "type": "VAEDecode", "inputs": [{"name": "samples", "link": 5}]}],
             "links": [[1, 4, 1, 6, 0, "CLIP"], [2, 4, 0, 3, 0, "MODEL"], [3, 6, 0, 3, 1, "CONDITIONING"], [4, 8, 0, 9, 0, "IMAGE"], [5, 3, 0, 8, 0, "LATENT"]]}
            """;
        var context = new GeneratorContext([new MetadataField(FieldGroups.PngText, "workflow", workflow, new Evidence("PNG tEXt", "workflow"))]);
        var report = Assert.Single(new ComfyUiParser().Parse(context));
        var p = report.Parameters;
        Assert.Equal(("77", 12, 6.5, "euler", "karras", "hello"), (p.Seed, p.Steps!.Value, p.CfgScale!.Value, p.Sampler, p.Scheduler, p.Prompt));
        Assert.Equal("w.safetensors", Assert.Single(report.Models).Name);
    }

    [Fact]
    public void Prompt_text_that_is_not_a_graph_is_left_for_other_parsers()
    {
        var context = new GeneratorContext([new MetadataField(FieldGroups.PngText, "prompt", "a photo of a cat", new Evidence("PNG tEXt", "prompt"))]);
        Assert.Empty(new ComfyUiParser().Parse(context));
        Assert.Single(context.Unclaimed);
    }

    [Fact]
    public void Broken_prefixed_exif_graph_is_claimed_with_an_error_finding()
    {
        var context = new GeneratorContext([new MetadataField(FieldGroups.ExifIfd0, "Model", "prompt:{\"3\": {", new Evidence("EXIF IFD0", "Model"))]);
        var report = Assert.Single(new ComfyUiParser().Parse(context));
        Assert.Contains(report.Findings, f => f.Code == "comfyui-json" && f.Severity == FindingSeverity.Error);
        Assert.Empty(context.Unclaimed);
    }

    internal static GeneratorReport Resolve(string apiGraph)
    {
        var context = new GeneratorContext([new MetadataField(FieldGroups.PngText, "prompt", apiGraph, new Evidence("PNG tEXt", "prompt"))]);
        return Assert.Single(new ComfyUiParser().Parse(context));
    }
}
