using Candor.Generators;
using Candor.Generators.A1111;
using Candor.Metadata;
using Candor.Provenance;

namespace Candor.Tests.Generators.A1111;

/// <summary>Key tables, tool identification and control inputs, with inline infotext.</summary>
public class A1111ParserTests
{
    private const string Base = "a cat <lora:detail:0.6> <lyco:style>\nNegative prompt: ugly\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1, Size: 512x768";

    private static GeneratorReport ParseOne(string text, string group = FieldGroups.PngText, string name = "parameters")
    {
        var field = new MetadataField(group, name, text, new Evidence(group, name));
        var context = new GeneratorContext([field]);
        var report = Assert.Single(new A1111Parser().Parse(context));
        Assert.True(context.IsClaimed(field));
        return report;
    }

    public static TheoryData<string, string, Confidence> Versions => new()
    {
        { "Version: v1.10.1", "AUTOMATIC1111", Confidence.High },
        { "Version: f2.0.1v1.10.1-previous-669-gdfdcbab6", "Forge", Confidence.Certain },
        { "Version: f0.0.17v1.8.0rc-latest-276-g29be1da7", "Forge", Confidence.Certain },
        { "Version: f1.0.0v2-v1.10.1RC-latest-2498-g5120e679", "reForge", Confidence.Certain },
        { "Version: classic", "Forge Classic", Confidence.Certain },
        { "Version: neo-2.28", "Forge Neo", Confidence.Certain },
        { "App: SD.Next, Version: 56a8aea", "SD.Next", Confidence.Certain },
        { "Version: 56a8aea", "SD.Next", Confidence.High },
        { "Version: Fooocus v2.5.0", "Fooocus", Confidence.Certain },
        { "Created Date: 2024-09-11T10:05:18Z", "Civitai", Confidence.High },
        { "ENSD: 31337", "AUTOMATIC1111-compatible", Confidence.Medium },
        { "Version: 3.0-custom", "AUTOMATIC1111-compatible", Confidence.Medium },
    };

    [Theory]
    [MemberData(nameof(Versions))]
    public void Tool_is_identified_from_version_and_marker_keys(string tail, string tool, Confidence confidence)
    {
        var r = ParseOne(Base + ", " + tail);
        Assert.Equal((tool, confidence), (r.Tool, r.Confidence));
    }

    [Fact]
    public void Prompt_extra_networks_become_loras_with_weights()
    {
        var r = ParseOne(Base);
        var loras = r.Models.Where(m => m.Role == ModelRole.Lora).ToList();
        Assert.Equal(["detail", "style"], loras.Select(m => m.Name));
        Assert.Equal([0.6, 1.0], loras.Select(m => m.Weight!.Value));
        Assert.Equal(1, loras[0].Evidence.Line);
    }

    [Fact]
    public void Hash_kinds_follow_the_key_and_length()
    {
        var r = ParseOne(Base + ", Model hash: 0123abcd, Model: old, VAE hash: 0123456789, VAE: vae.pt, TI hashes: \"emb: 0123456789ab\"," +
            " Hashes: {\"model\": \"0123abcd\", \"lora:detail\": \"abcdef0123\", \"embed:emb\": \"0123456789ab\"}");
        Assert.Equal(HashKind.AutoV1, r.Models.Single(m => m.Role == ModelRole.Checkpoint).Hashes.Single().Kind);
        Assert.Equal(HashKind.AutoV2, r.Models.Single(m => m.Role == ModelRole.Vae).Hashes.Single().Kind);
        var emb = r.Models.Single(m => m.Role == ModelRole.Embedding);
        Assert.Equal((HashKind.Sha256Prefix12, "0123456789ab"), (emb.Hashes.Single().Kind, emb.Hashes.Single().Value));
        Assert.Equal(HashKind.AutoV2, r.Models.Single(m => m.Name == "detail").Hashes.Single().Kind);
    }

    [Fact]
    public void Current_controlnet_units_are_classified_and_keep_their_settings()
    {
        var r = ParseOne(Base + ", ControlNet 0: \"Module: canny, Model: control_v11p_sd15_canny [d14c016b], Weight: 0.8, Guidance Start: 0, Guidance End: 1\"," +
            " ControlNet 1: \"Module: ip-adapter_clip_sd15, Model: ip-adapter-plus-face_sd15 [7f7a633a], Weight: 0.5\"");
        Assert.Equal(2, r.Controls.Count);
        var canny = r.Controls[0];
        Assert.Equal((ControlKind.ControlNet, ControlRisk.High, 0.8), (canny.Kind, canny.Risk, canny.Weight!.Value));
        Assert.Contains(new KeyValuePair<string, string>("Guidance End", "1"), canny.Settings);
        var face = r.Controls[1];
        Assert.Equal((ControlKind.IpAdapter, true), (face.Kind, face.Identity));
        Assert.Contains(r.Models, m => m.Role == ModelRole.ControlNet && m.Name == "control_v11p_sd15_canny" && m.Hashes.Single().Value == "d14c016b");
    }

    [Fact]
    public void Controlnet_weight_without_a_model_is_a_finding()
    {
        var r = ParseOne(Base + ", ControlNet 0: \"Module: none, Model: None, Weight: 1\"");
        Assert.Contains(r.Findings, f => f.Code == "controlnet-strength-without-model");
    }

    [Fact]
    public void Numbered_legacy_controlnet_units_are_separate_inputs()
    {
        var r = ParseOne(Base + ", ControlNet-0 Enabled: True, ControlNet-0 Module: depth, ControlNet-0 Model: control_depth(aabbccdd), ControlNet-0 Weight: 0.7," +
            " ControlNet-1 Enabled: True, ControlNet-1 Module: openpose, ControlNet-1 Model: control_openpose(11223344)");
        Assert.Equal([ControlRisk.Medium, ControlRisk.Low], r.Controls.Select(c => c.Risk));
        Assert.Equal(0.7, r.Controls[0].Weight);
    }

    [Fact]
    public void Unknown_keys_stay_in_order_and_typed_keys_that_do_not_parse_stay_too()
    {
        var r = ParseOne("p\nSteps: many, Zeta: 1, Alpha: 2, Seed: 5");
        Assert.Equal(["Steps", "Zeta", "Alpha"], r.Parameters.Other.Select(kv => kv.Key));
        Assert.Null(r.Parameters.Steps);
    }

    [Fact]
    public void Json_text_and_text_without_parameter_line_are_left_alone()
    {
        foreach (var text in new[] { "{\"prompt\": \"x\", \"steps\": 1, \"seed\": 2}", "just a caption" })
        {
            var field = new MetadataField(FieldGroups.ExifSubIfd, "UserComment", text, new Evidence("EXIF ExifIFD", "UserComment"));
            var context = new GeneratorContext([field]);
            Assert.Empty(new A1111Parser().Parse(context));
            Assert.False(context.IsClaimed(field));
        }
    }

    [Fact]
    public void Xmp_user_comment_is_read()
    {
        var r = ParseOne(Base + ", Version: v1.9.0", FieldGroups.Xmp, "exif:UserComment");
        Assert.Equal("AUTOMATIC1111", r.Tool);
    }

    [Fact]
    public void Adetailer_second_unit_model_is_a_second_detector()
    {
        var r = ParseOne(Base + ", ADetailer model: face_yolov8n.pt, ADetailer model 2nd: hand_yolov8n.pt, ADetailer model classes: person");
        Assert.Equal(["face_yolov8n.pt", "hand_yolov8n.pt"], r.Models.Where(m => m.Role == ModelRole.Detector).Select(m => m.Name));
        Assert.Contains(r.Parameters.Other, kv => kv.Key == "ADetailer model classes");
    }
}
