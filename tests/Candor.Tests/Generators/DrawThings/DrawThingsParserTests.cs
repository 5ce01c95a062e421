using Candor.Generators;
using Candor.Generators.DrawThings;
using Candor.Metadata;
using Candor.Provenance;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.Generators.DrawThings;

/// <summary>No corpus file: the JSON shape follows Draw Things' XMP exif:UserComment as documented by readers of it (c, uc, model, sampler, seed, scale, steps, size, strength, lora[{file, weight}], v2).</summary>
public class DrawThingsParserTests
{
    private const string Json = "{\"c\": \"a fox\", \"uc\": \"blurry\", \"model\": \"flux_1_dev_q8p.ckpt\", \"sampler\": \"Euler A Trailing\", \"seed\": 123, \"scale\": 3.5," +
        " \"steps\": 20, \"size\": \"1024x768\", \"strength\": 0.6, \"seed_mode\": \"Scale Alike\", \"lora\": [{\"file\": \"detail_lora_f16.ckpt\", \"weight\": 0.8}]," +
        " \"v2\": {\"controls\": [{\"file\": \"controlnet_depth_1.x_v1.1_f16.ckpt\", \"weight\": 1, \"guidanceStart\": 0}]}}";

    [Fact]
    public void Xmp_user_comment_json_with_creator_tool_is_draw_things()
    {
        var context = new GeneratorContext([
            new MetadataField(FieldGroups.Xmp, "xmp:CreatorTool", "Draw Things", new Evidence("XMP", "xmp:CreatorTool")),
            new MetadataField(FieldGroups.Xmp, "dc:description", "a fox\n-blurry\nSteps: 20", new Evidence("XMP", "dc:description")),
            new MetadataField(FieldGroups.Xmp, "exif:UserComment", Json, new Evidence("XMP", "exif:UserComment")),
        ]);
        var r = Assert.Single(new DrawThingsParser().Parse(context));
        Assert.Equal(("Draw Things", Confidence.Certain), (r.Tool, r.Confidence));
        var p = r.Parameters;
        Assert.Equal(("a fox", "blurry", "123", 20, 3.5, 1024, 768), (p.Prompt, p.NegativePrompt, p.Seed, p.Steps!.Value, p.CfgScale!.Value, p.Width!.Value, p.Height!.Value));
        Assert.Equal(("detail_lora_f16.ckpt", 0.8), r.Models.Where(m => m.Role == ModelRole.Lora).Select(m => (m.Name, m.Weight!.Value)).Single());
        Assert.Contains(r.Controls, c => c.Risk == ControlRisk.Medium && c.Model!.Contains("depth"));
        Assert.Contains(r.Controls, c => c.Kind == ControlKind.Img2Img && c.Weight == 0.6);
        Assert.Contains(new KeyValuePair<string, string>("seed_mode", "Scale Alike"), p.Other);
        Assert.Empty(context.Unclaimed);
    }

    [Fact]
    public void Json_without_draw_things_marks_is_left_alone()
    {
        var context = new GeneratorContext([new MetadataField(FieldGroups.Xmp, "exif:UserComment", "{\"c\": 1}", new Evidence("XMP", "exif:UserComment"))]);
        Assert.Empty(new DrawThingsParser().Parse(context));
    }

    [Fact]
    public void Arbitrary_json_like_text_never_throws()
    {
        var pieces = Gen.Elements("{", "}", "[", "]", "\"c\":", "\"scale\":", "\"lora\":", "\"v2\":", "\"controls\":", "\"file\":", ",", "1", "\"x\"", "null");
        Prop.ForAll(Gen.ListOf(pieces).Select(l => string.Join("", l)).ToArbitrary(), text =>
        {
            var context = new GeneratorContext([
                new MetadataField(FieldGroups.Xmp, "xmp:CreatorTool", "Draw Things", new Evidence("XMP", "xmp:CreatorTool")),
                new MetadataField(FieldGroups.Xmp, "exif:UserComment", text, new Evidence("XMP", "exif:UserComment"))]);
            return new DrawThingsParser().Parse(context).Count() <= 1;
        }).QuickCheckThrowOnFailure();
    }
}
