using Candor.Generators;
using Candor.Generators.InvokeAi;
using Candor.Metadata;
using Candor.Provenance;

namespace Candor.Tests.Generators.InvokeAi;

public class InvokeAiParserTests
{
    // Expected values from the corpus SOURCES.md (invokeai/).
    [SkippableFact]
    public void Dream_command_line_gives_sampler_steps_cfg_seed_and_size()
    {
        var report = Single("generators/invokeai/invokeai_dream1.png");
        var p = report.Parameters;
        Assert.Equal(("k_lms", 50, 5.0, "2980747362", 512, 768), (p.Sampler, p.Steps!.Value, p.CfgScale!.Value, p.Seed, p.Width!.Value, p.Height!.Value));
        Assert.StartsWith("professional full body photo", p.Prompt);
        Assert.Equal("rendering, glowing eyes, skinny", p.NegativePrompt);
        Assert.Contains(new KeyValuePair<string, string>("Upscale", "4 0.95"), p.Other);
    }

    [SkippableFact]
    public void Invokeai_3_metadata_gives_model_vae_and_ip_adapter()
    {
        var report = Single("generators/invokeai/invokeai_imeta1.png");
        var p = report.Parameters;
        Assert.Equal(("euler", 35, 8.0, "3293022630", 1024, 1024), (p.Sampler, p.Steps!.Value, p.CfgScale!.Value, p.Seed, p.Width!.Value, p.Height!.Value));
        Assert.Contains(report.Models, m => m.Role == ModelRole.Checkpoint && m.Name == "juggernautXL");
        Assert.Contains(report.Models, m => m.Role == ModelRole.Vae && m.Name == "VAEFix");
        var ip = Assert.Single(report.Controls);
        Assert.Equal((ControlKind.IpAdapter, "ip-adapter-plus_sdxl_vit-h", 0.45), (ip.Kind, ip.Model, ip.Weight!.Value));
        Assert.Equal(ControlRisk.VeryLow, ip.Risk);
        Assert.Contains(ip.Settings, kv => kv.Key == "Image");
    }

    [SkippableFact]
    public void Invokeai_6_metadata_gives_a_blake3_model_hash_and_claims_the_graph()
    {
        var context = CorpusFiles.Context(Corpus.Path("generators/invokeai/invokeai.png"));
        var report = Assert.Single(new InvokeAiParser().Parse(context));
        var p = report.Parameters;
        Assert.Equal(("euler_a", 24, 6.0, "3951921344", 1024, 1024), (p.Sampler, p.Steps!.Value, p.CfgScale!.Value, p.Seed, p.Width!.Value, p.Height!.Value));
        Assert.Equal("6.10.0", report.Version);
        var model = Assert.Single(report.Models, m => m.Role == ModelRole.Checkpoint);
        Assert.Equal("waiIllustriousSDXL_v160", model.Name);
        Assert.Equal((HashKind.Blake3, "7c1631b481e1566448f49db7e3b67a8a9d04742fa3c7d4548a0c81b619160c56"), (model.Hashes[0].Kind, model.Hashes[0].Value));
        Assert.DoesNotContain(context.Unclaimed, f => f.Name.StartsWith("invokeai_", StringComparison.Ordinal));
    }

    [Fact]
    public void Legacy_sd_metadata_img2img_is_an_init_image_control()
    {
        const string json = """
            {"model":"stable diffusion","model_weights":"stable-diffusion-1.5","model_hash":"cc6cb27103417325ff94f52b7a5d2dde45a7515b25c255d8e396c90014281516",
             "app_id":"invoke-ai/InvokeAI","app_version":"2.2.4",
             "image":{"prompt":[{"prompt":"a cat","weight":1.0}],"steps":30,"cfg_scale":7.5,"seed":42,"width":512,"height":512,
                      "sampler":"k_euler","type":"img2img","init_image_path":"dog.png","strength":0.6}}
            """;
        var report = Assert.Single(new InvokeAiParser().Parse(Context(("sd-metadata", json))));
        Assert.Equal(("a cat", 30, "42", "2.2.4"), (report.Parameters.Prompt, report.Parameters.Steps!.Value, report.Parameters.Seed, report.Version));
        Assert.Equal(HashKind.Sha256, Assert.Single(report.Models).Hashes[0].Kind);
        var init = Assert.Single(report.Controls);
        Assert.Equal((ControlKind.Img2Img, 0.6, ControlRisk.High), (init.Kind, init.Weight!.Value, init.Risk));
    }

    [Fact]
    public void Metadata_controlnet_with_canny_model_is_high_risk_and_loras_keep_weights()
    {
        const string json = """
            {"generation_mode":"txt2img","positive_prompt":"p","model":{"name":"m","hash":"sha256:abc"},
             "loras":[{"lora":{"name":"styleA"},"weight":0.7},{"model":{"model_name":"styleB"},"weight":0.3}],
             "controlnets":[{"image":{"image_name":"edge.png"},"control_model":{"name":"controlnet-canny-sdxl"},"control_weight":0.8,"begin_step_percent":0,"end_step_percent":1}]}
            """;
        var report = Assert.Single(new InvokeAiParser().Parse(Context(("invokeai_metadata", json))));
        Assert.Equal([("styleA", 0.7), ("styleB", 0.3)], report.Models.Where(m => m.Role == ModelRole.Lora).Select(m => (m.Name, m.Weight!.Value)));
        var cn = Assert.Single(report.Controls);
        Assert.Equal((ControlKind.ControlNet, ControlRisk.High), (cn.Kind, cn.Risk));
        Assert.Contains(new KeyValuePair<string, string>("Image", "edge.png"), cn.Settings);
        Assert.Equal(HashKind.Sha256, report.Models.First(m => m.Role == ModelRole.Checkpoint).Hashes[0].Kind);
    }

    [Theory]
    [InlineData("\"a b\" -s 5", new[] { "a b", "-s", "5" })]
    [InlineData("'it is' -S -1", new[] { "it is", "-S", "-1" })]
    [InlineData("\"say \\\"hi\\\"\"", new[] { "say \"hi\"" })]
    [InlineData("\"unterminated -s 5", new[] { "unterminated -s 5" })]
    public void Dream_tokeniser_respects_quotes(string line, string[] expected) =>
        Assert.Equal(expected, InvokeAiParser.Tokenise(line));

    [Fact]
    public void Broken_metadata_json_is_a_finding()
    {
        var report = Assert.Single(new InvokeAiParser().Parse(Context(("invokeai_metadata", "{\"steps\": NaN, \"seed\": "))));
        Assert.Contains(report.Findings, f => f.Code == "invokeai-json");
    }

    private static GeneratorReport Single(string file) =>
        Assert.Single(new InvokeAiParser().Parse(CorpusFiles.Context(Corpus.Path(file))));

    private static GeneratorContext Context(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new MetadataField(FieldGroups.PngText, f.Name, f.Value, new Evidence("PNG tEXt", f.Name))).ToList());
}
