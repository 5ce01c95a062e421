using System.Text;
using Candor.Generators;
using Candor.Inspection;
using Candor.Provenance;
using Candor.Tests.Metadata;
using static Candor.Tests.Formats.SyntheticImages;

namespace Candor.Tests.Generators;

/// <summary>Generator texts in fields no parser reads by key, found by <see cref="MisplacedGeneratorText"/> through the whole inspector.</summary>
public class MisplacedGeneratorTextTests
{
    private const string Infotext = "a red fox in the snow\nNegative prompt: blurry\nSteps: 24, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 6, Seed: 3141592653, Size: 512x768, Model hash: 45a21ea00a, Model: waiIllustriousSDXL_v160, Version: v1.10.1";

    private const string ApiGraph = """
        {"3":{"class_type":"KSampler","inputs":{"seed":271828182845,"steps":20,"cfg":7,"sampler_name":"euler_ancestral","scheduler":"karras","denoise":1,"model":["4",0],"positive":["6",0],"negative":["7",0],"latent_image":["5",0]}},
         "4":{"class_type":"CheckpointLoaderSimple","inputs":{"ckpt_name":"sdxl_base.safetensors"}},
         "5":{"class_type":"EmptyLatentImage","inputs":{"width":512,"height":512,"batch_size":1}},
         "6":{"class_type":"CLIPTextEncode","inputs":{"text":"a red fox","clip":["4",1]}},
         "7":{"class_type":"CLIPTextEncode","inputs":{"text":"blurry","clip":["4",1]}}}
        """;

    private static ProvenanceReport Inspect(byte[] file, string name) => new Inspector().Inspect(new MemoryStream(file), name);

    private static byte[] JpegWithExif(TiffBuilder.Ifd ifd0) =>
        Jpeg([1, 2, 3], Segment(0xE1, [.. "Exif\0\0"u8, .. new TiffBuilder(littleEndian: true).Build(ifd0)]));

    private static GeneratorReport Single(ProvenanceReport report, string tool)
    {
        var g = Assert.Single(report.Generators);
        Assert.Equal(tool, g.Tool);
        return g;
    }

    private static void AssertUnusual(GeneratorReport g, string block, string key)
    {
        Assert.Equal(Confidence.Medium, g.Confidence);
        Assert.Contains(g.Evidence, e => e.Block == block && e.Key is { } k && k.StartsWith(key, StringComparison.Ordinal));
        var finding = Assert.Single(g.Findings, f => f.Code == MisplacedGeneratorText.FindingCode);
        Assert.Contains($"{block} '{key}'", finding.Message);
    }

    [Fact]
    public void ComfyUI_prompt_and_workflow_in_IFD0_UserComment_without_a_character_code_are_read()
    {
        var comment = "{\"prompt\": " + ApiGraph + ", \"workflow\": {\"nodes\": [], \"links\": []}}";
        var jpeg = JpegWithExif(new TiffBuilder.Ifd().Raw(0x9286, 7, (uint)Encoding.UTF8.GetByteCount(comment), Encoding.UTF8.GetBytes(comment)));
        var report = Inspect(jpeg, "save-image-plus.jpg");

        var g = Single(report, "ComfyUI");
        Assert.Equal("271828182845", g.Parameters.Seed);
        Assert.Equal("euler_ancestral", g.Parameters.Sampler);
        Assert.Equal(20, g.Parameters.Steps);
        Assert.Contains(g.Models, m => m.Name == "sdxl_base.safetensors");
        AssertUnusual(g, "EXIF IFD0", "UserComment");
        Assert.Equal(AiUse.Generated, report.Ai.Use);
    }

    [Fact]
    public void Infotext_under_an_odd_png_keyword_is_read()
    {
        var png = Png(Chunk("tEXt", Latin1("Description\0" + Infotext)));
        var g = Single(Inspect(png, "odd-key.png"), "AUTOMATIC1111");
        Assert.Equal("3141592653", g.Parameters.Seed);
        Assert.Equal("DPM++ 2M", g.Parameters.Sampler);
        Assert.Equal("a red fox in the snow", g.Parameters.Prompt);
        AssertUnusual(g, "PNG tEXt", "Description");
    }

    [Fact]
    public void Infotext_in_a_jpeg_comment_is_read()
    {
        var jpeg = Jpeg([1, 2, 3], Segment(0xFE, Encoding.UTF8.GetBytes(Infotext)));
        var g = Single(Inspect(jpeg, "comment.jpg"), "AUTOMATIC1111");
        Assert.Equal("3141592653", g.Parameters.Seed);
        Assert.Equal("DPM++ 2M", g.Parameters.Sampler);
        AssertUnusual(g, "JPEG COM", "Comment");
    }

    [Fact]
    public void Infotext_in_xmp_dc_description_is_read()
    {
        var packet = $"""
            <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
            <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
            <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{Infotext}</rdf:li></rdf:Alt></dc:description>
            </rdf:Description></rdf:RDF></x:xmpmeta>
            """;
        var jpeg = Jpeg([1, 2, 3], Segment(0xE1, Encoding.UTF8.GetBytes("http://ns.adobe.com/xap/1.0/\0" + packet)));
        var g = Single(Inspect(jpeg, "description.jpg"), "AUTOMATIC1111");
        Assert.Equal("3141592653", g.Parameters.Seed);
        Assert.Equal("DPM++ 2M", g.Parameters.Sampler);
        AssertUnusual(g, "JPEG APP1 XMP", "dc:description");
    }

    [Fact]
    public void A_copy_of_text_already_read_by_key_adds_evidence_instead_of_a_second_report()
    {
        var png = Png(Chunk("tEXt", Latin1("parameters\0" + Infotext)), Chunk("tEXt", Latin1("Comment\0" + Infotext)));
        var g = Single(Inspect(png, "two-copies.png"), "AUTOMATIC1111");
        Assert.NotEqual(Confidence.Medium, g.Confidence);
        Assert.DoesNotContain(g.Findings, f => f.Code == MisplacedGeneratorText.FindingCode);
        Assert.Contains(g.Evidence, e => e.Key is { } k && k.StartsWith("Comment", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Steps: walk to the door, then turn left")]
    [InlineData("Holiday photo. Steps: 3 flights of stairs")]
    [InlineData("{\"title\": \"holiday\", \"rating\": 5}")]
    public void Prose_and_unrelated_json_in_a_comment_are_no_generator(string text)
    {
        var jpeg = Jpeg([1, 2, 3], Segment(0xFE, Encoding.UTF8.GetBytes(text)));
        Assert.Empty(Inspect(jpeg, "prose.jpg").Generators);
    }
}
