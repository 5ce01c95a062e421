using Candor.Generators;
using Candor.Generators.Fooocus;
using Candor.Metadata;
using Candor.Provenance;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.Generators.Fooocus;

public class FooocusParserTests
{
    [SkippableFact]
    public void Fooocus_png_decodes_to_its_documented_parameters()
    {
        var context = CorpusFiles.Context(Corpus.Path("generators/fooocus/fooocus1_cropped.png"));
        var r = Assert.Single(new FooocusParser().Parse(context));
        Assert.Equal(("Fooocus", "Fooocus v2.4.3"), (r.Tool, r.Version));
        var p = r.Parameters;
        Assert.Equal(("dpmpp_2m_sde_gpu", "karras", 30, 4.0, "6952411511246973023"), (p.Sampler, p.Scheduler, p.Steps!.Value, p.CfgScale!.Value, p.Seed));
        Assert.Equal((768, 1280), (p.Width!.Value, p.Height!.Value));
        Assert.Equal("a smiling goldfish", p.Prompt);
        var checkpoint = Assert.Single(r.Models);
        Assert.Equal(("juggernautXL_v8Rundiffusion", "aeb7e9e689", HashKind.AutoV2), (checkpoint.Name, checkpoint.Hashes[0].Value, checkpoint.Hashes[0].Kind));
        Assert.Contains(new KeyValuePair<string, string>("performance", "Speed"), p.Other);
        Assert.Contains(new KeyValuePair<string, string>("sharpness", "2"), p.Other);
        Assert.Contains(new KeyValuePair<string, string>("styles", "['Fooocus V2', 'Fooocus Enhance', 'Fooocus Sharp']"), p.Other);
        Assert.Empty(context.Unclaimed);
    }

    // Shape from Fooocus modules/meta_parser.py (FooocusMetadataParser.to_json): loras are [name, weight, hash].
    [Fact]
    public void Fooocus_jpeg_user_comment_is_recognised_by_its_software_tag()
    {
        var json = "{\"prompt\": \"x\", \"base_model\": \"m\", \"loras\": [[\"sd_xl_offset_example-lora_1.0.safetensors\", 0.1, \"4852686128\"]], \"refiner_model\": \"None\", \"seed\": \"5\"}";
        var context = new GeneratorContext([
            new MetadataField(FieldGroups.ExifIfd0, "Software", "Fooocus v2.5.5", new Evidence("EXIF IFD0", "Software")),
            new MetadataField(FieldGroups.ExifSubIfd, "UserComment", json, new Evidence("EXIF ExifIFD", "UserComment")),
        ]);
        var r = Assert.Single(new FooocusParser().Parse(context));
        var lora = Assert.Single(r.Models, m => m.Role == ModelRole.Lora);
        Assert.Equal((0.1, "4852686128"), (lora.Weight!.Value, lora.Hashes[0].Value));
        Assert.DoesNotContain(r.Models, m => m.Role == ModelRole.Refiner);
        Assert.Empty(context.Unclaimed);
    }

    // Shape from RuinedFooocus modules/async_worker.py: loras are [hash, "weight - name"].
    [Fact]
    public void Ruined_fooocus_json_is_its_own_tool()
    {
        var json = "{\"Prompt\": \"a dog\", \"Negative\": \"ugly\", \"steps\": 24, \"cfg\": 4.5, \"width\": 1152, \"height\": 896, \"seed\": 7, \"sampler_name\": \"dpmpp_2m\"," +
                   " \"scheduler\": \"karras\", \"base_model_name\": \"sd_xl_base_1.0.safetensors\", \"base_model_hash\": \"be9edd61\"," +
                   " \"loras\": [[\"4852686128\", \"0.1 - sd_xl_offset_example-lora_1.0.safetensors\"]], \"start_step\": 0, \"denoise\": null, \"software\": \"RuinedFooocus\"}";
        var context = new GeneratorContext([new MetadataField(FieldGroups.PngText, "parameters", json, new Evidence("PNG tEXt", "parameters"))]);
        var r = Assert.Single(new FooocusParser().Parse(context));
        Assert.Equal("RuinedFooocus", r.Tool);
        Assert.Equal(("a dog", "ugly", 24, 4.5, 1152, 896), (r.Parameters.Prompt, r.Parameters.NegativePrompt, r.Parameters.Steps!.Value, r.Parameters.CfgScale!.Value, r.Parameters.Width!.Value, r.Parameters.Height!.Value));
        Assert.Equal(HashKind.AutoV1, r.Models.Single(m => m.Role == ModelRole.Checkpoint).Hashes[0].Kind);
        var lora = r.Models.Single(m => m.Role == ModelRole.Lora);
        Assert.Equal(("sd_xl_offset_example-lora_1.0.safetensors", 0.1), (lora.Name, lora.Weight!.Value));
    }

    [Fact]
    public void Json_of_other_tools_is_not_claimed()
    {
        var field = new MetadataField(FieldGroups.PngText, "parameters", "{\"sui_image_params\": {}}", new Evidence("PNG tEXt", "parameters"));
        var context = new GeneratorContext([field]);
        Assert.Empty(new FooocusParser().Parse(context));
        Assert.False(context.IsClaimed(field));
    }

    [Fact]
    public void Arbitrary_json_like_text_never_throws()
    {
        var pieces = Gen.Elements("{", "}", "[", "]", "\"loras\":", "\"software\":\"RuinedFooocus\"", "\"metadata_scheme\":\"fooocus\"", ",", "1", "\"x - y\"", "null", "\"resolution\":\"(1, 2)\"");
        Prop.ForAll(Gen.ListOf(pieces).Select(l => string.Join("", l)).ToArbitrary(), text =>
        {
            var context = new GeneratorContext([new MetadataField(FieldGroups.PngText, "parameters", text, new Evidence("PNG tEXt", "parameters"))]);
            return new FooocusParser().Parse(context).Count() <= 1;
        }).QuickCheckThrowOnFailure();
    }
}
