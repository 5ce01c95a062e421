using Candor.Generators;
using Candor.Generators.SwarmUi;
using Candor.Metadata;
using Candor.Provenance;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.Generators.SwarmUi;

public class SwarmUiParserTests
{
    public sealed record Expected(string Version, string Model, string Hash, string Seed, int Steps, double Cfg, string Sampler, string Scheduler, int Size);

    public static readonly Dictionary<string, Expected> Files = new()
    {
        ["swarmui/setmacro-cat.jpg"] = new("0.9.6.3", "Lustrijous_-_No-1.safetensors", "0x7ea19a26fd6a34523a95717c34716e9c9587dabcfac4761690215eaaab6a0710", "1974039850", 30, 7.0, "euler_ancestral", "normal", 512),
        ["swarmui/swarmui.webp"] = new("0.9.7.4", "waiIllustriousSDXL_v160.safetensors", "0x22d8cb95b807b0c242576b676a12b07ae6b782b57ae4fe07a07254801b2d5d61", "830680752", 20, 7.0, "euler_ancestral", "karras", 1024),
    };

    public static TheoryData<string> FileNames => [.. Files.Keys];

    [SkippableTheory]
    [MemberData(nameof(FileNames))]
    public void Corpus_file_decodes_to_its_documented_parameters(string file)
    {
        var e = Files[file];
        var context = CorpusFiles.Context(Corpus.Path("generators/" + file));
        var r = Assert.Single(new SwarmUiParser().Parse(context));
        Assert.Equal(("SwarmUI", e.Version), (r.Tool, r.Version));
        var p = r.Parameters;
        Assert.Equal((e.Seed, e.Steps, e.Cfg, e.Sampler, e.Scheduler, e.Size, e.Size), (p.Seed, p.Steps!.Value, p.CfgScale!.Value, p.Sampler, p.Scheduler, p.Width!.Value, p.Height!.Value));
        var checkpoint = Assert.Single(r.Models);
        Assert.Equal((ModelRole.Checkpoint, e.Model), (checkpoint.Role, checkpoint.Name));
        Assert.Equal((HashKind.AutoV3, e.Hash), (checkpoint.Hashes[0].Kind, checkpoint.Hashes[0].Value));
        Assert.Contains(r.Parameters.Other, kv => kv.Key == "sui_extra_data.date");
        Assert.Empty(r.Controls);
    }

    [SkippableFact]
    public void Swarm_prompt_with_macros_and_newlines_is_kept_verbatim()
    {
        var context = CorpusFiles.Context(Corpus.Path("generators/swarmui/setmacro-cat.jpg"));
        var r = Assert.Single(new SwarmUiParser().Parse(context));
        Assert.StartsWith("<setvar[q]:photorealistic", r.Parameters.Prompt);
        Assert.Contains("\n<setmacro[color]:", r.Parameters.Prompt);
    }

    // Parameter ids from SwarmUI src/Text2Image/T2IParamTypes.cs ("LoRAs", "LoRA Weights", "ControlNet{suffix} Model/Strength/Start/End")
    // and the ComfyUI backend extension ("ControlNet Preprocessor", "Use IP-Adapter", "IP-Adapter Weight"), cleaned to lower-case ids.
    [Fact]
    public void Loras_controlnets_ip_adapter_and_init_image_are_read_from_swarm_parameter_ids()
    {
        var json = """
        {"sui_image_params": {"prompt": "p", "model": "base", "loras": ["detail", "style"], "loraweights": ["0.6", "1.2"],
          "controlnetmodel": "diffusers_xl_canny_full", "controlnetstrength": 0.8, "controlnetpreprocessor": "Canny", "controlnetend": 0.5,
          "controlnettwostrength": 1.0, "useipadapter": "faceid plus v2", "ipadapterweight": 0.7, "initimagecreativity": 0.6},
         "sui_models": [{"name": "base.safetensors", "param": "model", "hash": "0x00"}, {"name": "detail.safetensors", "param": "loras", "hash": "0x11"}]}
        """;
        var context = new GeneratorContext([new MetadataField(FieldGroups.PngText, "parameters", json, new Evidence("PNG tEXt", "parameters"))]);
        var r = Assert.Single(new SwarmUiParser().Parse(context));
        var loras = r.Models.Where(m => m.Role == ModelRole.Lora).ToList();
        Assert.Equal([("detail.safetensors", 0.6), ("style", 1.2)], loras.Select(l => (l.Name, l.Weight!.Value)));
        Assert.Single(r.Models, m => m.Role == ModelRole.Checkpoint);
        var canny = r.Controls.Single(c => c.Kind == ControlKind.ControlNet);
        Assert.Equal((ControlRisk.High, 0.8), (canny.Risk, canny.Weight!.Value));
        Assert.Contains(new KeyValuePair<string, string>("controlnetend", "0.5"), canny.Settings);
        Assert.Contains(r.Findings, f => f.Code == "controlnet-strength-without-model");
        Assert.Contains(r.Controls, c => c.Kind == ControlKind.FaceId && c.Identity && c.Weight == 0.7);
        Assert.Contains(r.Controls, c => c.Kind == ControlKind.Img2Img && c.Weight == 0.6);
        Assert.Equal(0.6, r.Parameters.Denoise);
    }

    [Fact]
    public void Arbitrary_json_like_text_never_throws()
    {
        var pieces = Gen.Elements("{", "}", "[", "]", "\"sui_image_params\":", "\"sui_models\":", "\"loras\":", "\"loraweights\":", "\"controlnetmodel\":", ",", "1", "\"x\"", "null", ":");
        Prop.ForAll(Gen.ListOf(pieces).Select(l => string.Join("", l)).ToArbitrary(), text =>
        {
            var context = new GeneratorContext([new MetadataField(FieldGroups.ExifSubIfd, "UserComment", text, new Evidence("EXIF", "UserComment"))]);
            return new SwarmUiParser().Parse(context).Count() <= 1;
        }).QuickCheckThrowOnFailure();
    }
}
