using System.Text;
using System.Text.Json;
using Candor.Generators;
using Candor.Generators.NovelAi;
using Candor.Generators.Stealth;
using Candor.Imaging;
using Candor.Metadata;
using Candor.Provenance;

namespace Candor.Tests.Generators.NovelAi;

public sealed class NovelAiSignatureTests
{
    private static (RgbaImage Pixels, IReadOnlyList<MetadataField> Fields) LoadPng(string relative)
    {
        var context = CorpusFiles.Context(Corpus.Path(relative));
        return (context.Pixels!, context.Fields);
    }

    private static string StealthComment(RgbaImage pixels)
    {
        var payload = StealthReader.Read(pixels) ?? throw new Xunit.Sdk.XunitException("no stealth copy");
        using var doc = JsonDocument.Parse(payload.Text);
        return doc.RootElement.GetProperty("Comment").GetString()!;
    }

    public static readonly TheoryData<string, NovelAiSignatureStatus> PngExpectations = new()
    {
        { "generators/novelai/sample-0316.png", NovelAiSignatureStatus.Valid },
        { "generators/novelai/sample-0316-out.png", NovelAiSignatureStatus.Invalid },
        { "generators/novelai/novelai-curated.png", NovelAiSignatureStatus.Valid },
        { "generators/novelai/novelai1_cropped.png", NovelAiSignatureStatus.NoSignature },
    };

    [SkippableTheory]
    [MemberData(nameof(PngExpectations))]
    public void Text_chunk_comment_signature(string relative, NovelAiSignatureStatus expected)
    {
        var (pixels, fields) = LoadPng(relative);
        var comment = fields.Single(f => f.Name == "Comment").Value;
        Assert.Equal(expected, NovelAiSignature.Verify(pixels, comment).Status);
    }

    [SkippableTheory]
    [InlineData("generators/novelai/sample-0316.png", NovelAiSignatureStatus.Valid)]
    [InlineData("generators/novelai/novelai-curated.png", NovelAiSignatureStatus.Valid)]
    [InlineData("generators/novelai/sample-0316-out.png", NovelAiSignatureStatus.Invalid)]
    public void Alpha_copy_comment_signature(string relative, NovelAiSignatureStatus expected)
    {
        var (pixels, _) = LoadPng(relative);
        Assert.Equal(expected, NovelAiSignature.Verify(pixels, StealthComment(pixels)).Status);
    }

    [SkippableFact]
    public void Webp_nested_comment_signature_verifies_and_the_alpha_copy_is_present()
    {
        var context = CorpusFiles.Context(Corpus.Path("generators/novelai/novelai-curated.webp"));
        Assert.True(context.Pixels!.HasAlpha);
        var userComment = context.Fields.Single(f => f.Group == FieldGroups.ExifSubIfd && f.Name == "UserComment").Value;
        new StealthParser().Parse(context).ToList();
        Assert.Contains(context.Derived, f => f.Name == "Comment" && f.Group == FieldGroups.StealthAlpha);
        new NovelAiSignatureCheck().Parse(context).ToList();
        var valid = context.Findings.Where(f => f.Code == "novelai-signature-valid").ToList();
        Assert.Equal(2, valid.Count);
        Assert.Contains(valid, f => f.Evidence[0].Block == "EXIF ExifIFD");
        Assert.Contains(valid, f => f.Evidence[0].Block == "WebP alpha LSB");
        Assert.Contains("880673757", NestedCommentOf(userComment));
    }

    [SkippableFact]
    public void Check_reports_invalid_for_the_rewritten_file_and_claims_nothing()
    {
        var (pixels, fields) = LoadPng("generators/novelai/sample-0316-out.png");
        var context = new GeneratorContext(fields, () => pixels, "PNG");
        Assert.Empty(new NovelAiSignatureCheck().Parse(context));
        var finding = Assert.Single(context.Findings);
        Assert.Equal((FindingSeverity.Inconsistency, "novelai-signature-invalid"), (finding.Severity, finding.Code));
        Assert.Equal("PNG tEXt", finding.Evidence[0].Block);
        Assert.All(fields, f => Assert.False(context.IsClaimed(f)));
    }

    [SkippableFact]
    public void Changing_one_pixel_breaks_the_signature()
    {
        var (pixels, fields) = LoadPng("generators/novelai/sample-0316.png");
        pixels.Pixels[pixels.IndexOf(5, 5)] ^= 0x10;
        Assert.Equal(NovelAiSignatureStatus.Invalid, NovelAiSignature.Verify(pixels, fields.Single(f => f.Name == "Comment").Value).Status);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    [InlineData("{\"signed_hash\": \"abc\"}")]
    [InlineData("{\"a\": 1, \"signed_hash\": \"AAAA\"}")]
    public void Unreadable_comments_or_signatures_are_malformed(string comment)
    {
        var image = new RgbaImage(1, 1, new byte[4], false);
        Assert.Equal(NovelAiSignatureStatus.Malformed, NovelAiSignature.Verify(image, comment).Status);
    }

    [Fact]
    public void Comment_is_reserialised_exactly_like_python_json_dumps()
    {
        // Expected text produced by CPython's json.dumps on the same dictionary.
        const string stored = "{\"p\":\"café 😀 \\\"q\\\" \\\\ \\n\\t\\u0001\u007f/<>\",\"signed_hash\":\"x\",\"n\":[1.0,-0.5,1e-07,12345678901234567890,true,false,null],\"o\":{},\"a\":[],\"ké\":{\"x\":[{\"y\":2}]}}";
        const string python = "{\"p\": \"caf\\u00e9 \\ud83d\\ude00 \\\"q\\\" \\\\ \\n\\t\\u0001\\u007f/<>\", \"n\": [1.0, -0.5, 1e-07, 12345678901234567890, true, false, null], \"o\": {}, \"a\": [], \"k\\u00e9\": {\"x\": [{\"y\": 2}]}}";
        var (json, signature) = NovelAiSignature.Serialise(Encoding.UTF8.GetBytes(stored));
        Assert.Equal(python, Encoding.ASCII.GetString(json));
        Assert.Equal("x", signature);
    }

    private static string NestedCommentOf(string userComment)
    {
        using var doc = JsonDocument.Parse(userComment);
        return doc.RootElement.GetProperty("Comment").GetString()!;
    }
}
