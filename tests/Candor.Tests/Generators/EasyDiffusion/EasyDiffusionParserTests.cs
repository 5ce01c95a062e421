using Candor.Generators;
using Candor.Generators.EasyDiffusion;
using Candor.Metadata;
using Candor.Provenance;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.Generators.EasyDiffusion;

/// <summary>No corpus file: inputs follow easydiffusion ui/easydiffusion/utils/save_utils.py (TASK_TEXT_MAPPING) and sdkit save_dicts ("embed": one tEXt per key).</summary>
public class EasyDiffusionParserTests
{
    private static MetadataField Text(string key, string value) => new(FieldGroups.PngText, key, value, new Evidence("PNG tEXt", key));

    [Fact]
    public void One_text_chunk_per_key_is_read_with_internal_names()
    {
        var context = new GeneratorContext([
            Text("prompt", "a castle"), Text("negative_prompt", "fog"), Text("seed", "42"), Text("use_stable_diffusion_model", "sd-v1-5"),
            Text("sampler_name", "euler_a"), Text("num_inference_steps", "25"), Text("guidance_scale", "7.5"), Text("width", "512"), Text("height", "640"),
            Text("use_lora_model", "detail,style"), Text("lora_alpha", "0.5,1"), Text("use_controlnet_model", "control_v11p_sd15_openpose"),
            Text("control_filter_to_apply", "openpose"), Text("control_alpha", "0.9"), Text("Software", "other"),
        ]);
        var r = Assert.Single(new EasyDiffusionParser().Parse(context));
        Assert.Equal("Easy Diffusion", r.Tool);
        var p = r.Parameters;
        Assert.Equal(("a castle", "fog", "42", 25, 7.5, 512, 640), (p.Prompt, p.NegativePrompt, p.Seed, p.Steps!.Value, p.CfgScale!.Value, p.Width!.Value, p.Height!.Value));
        Assert.Equal("sd-v1-5", r.Models.Single(m => m.Role == ModelRole.Checkpoint).Name);
        Assert.Equal([("detail", 0.5), ("style", 1.0)], r.Models.Where(m => m.Role == ModelRole.Lora).Select(m => (m.Name, m.Weight!.Value)));
        var control = Assert.Single(r.Controls);
        Assert.Equal((ControlRisk.Low, 0.9), (control.Risk, control.Weight!.Value));
        Assert.Equal(["Software"], context.Unclaimed.Select(f => f.Name));
    }

    [Fact]
    public void Display_names_and_json_user_comment_are_read()
    {
        var display = new GeneratorContext([Text("Prompt", "x"), Text("Stable Diffusion model", "m"), Text("Steps", "10")]);
        Assert.Equal(10, Assert.Single(new EasyDiffusionParser().Parse(display)).Parameters.Steps);
        var json = new GeneratorContext([new MetadataField(FieldGroups.ExifSubIfd, "UserComment", "{\"prompt\": \"y\", \"use_stable_diffusion_model\": \"m\", \"seed\": 3}", new Evidence("EXIF", "UserComment"))]);
        Assert.Equal("3", Assert.Single(new EasyDiffusionParser().Parse(json)).Parameters.Seed);
    }

    [Fact]
    public void A_lone_prompt_chunk_is_not_easy_diffusion()
    {
        Assert.Empty(new EasyDiffusionParser().Parse(new GeneratorContext([Text("prompt", "{\"3\": {}}")])));
    }

    [Fact]
    public void Arbitrary_values_never_throw()
    {
        Prop.ForAll<string, string>((a, b) =>
        {
            var context = new GeneratorContext([Text("use_stable_diffusion_model", a ?? ""), Text("lora_alpha", b ?? ""), Text("use_lora_model", b ?? ""), Text("control_alpha", a ?? ""), Text("use_controlnet_model", b ?? "")]);
            return new EasyDiffusionParser().Parse(context).Count() == 1;
        }).QuickCheckThrowOnFailure();
    }
}
