using Candor.Generators;
using Candor.Generators.NovelAi;
using Candor.Metadata;
using Candor.Provenance;

namespace Candor.Tests.Generators.NovelAi;

public class NovelAiParserTests
{
    private static MetadataField Png(string key, string value) => new(FieldGroups.PngText, key, value, new Evidence("PNG tEXt", key));

    private static MetadataField Stealth(string key, string value) => new(FieldGroups.StealthAlpha, key, value, new Evidence("Stealth alpha", key));

    private static List<MetadataField> NovelAi(string comment, string source = "NovelAI Diffusion V4.5 C02D4F98") =>
    [
        Png("Title", "NovelAI generated image"),
        Png("Description", "a cat"),
        Png("Software", "NovelAI"),
        Png("Source", source),
        Png("Comment", comment),
    ];

    private static GeneratorReport ParseOne(List<MetadataField> fields, out GeneratorContext context)
    {
        context = new GeneratorContext(fields);
        return Assert.Single(new NovelAiParser().Parse(context));
    }

    private static GeneratorReport ParseOne(List<MetadataField> fields) => ParseOne(fields, out _);

    [Fact]
    public void V4_prompt_fills_the_prompt_and_lists_each_character_with_its_centre()
    {
        const string comment = """
            {"steps": 28, "v4_prompt": {"caption": {"base_caption": "two girls, park",
              "char_captions": [{"char_caption": "girl, red hair", "centers": [{"x": 0.3, "y": 0.5}]},
                                {"char_caption": "girl, blue hair", "centers": [{"x": 0.7, "y": 0.5}]}]},
              "use_coords": true, "use_order": true},
             "v4_negative_prompt": {"caption": {"base_caption": "lowres", "char_captions": [{"char_caption": "hat", "centers": []}]}},
             "sampler": "k_euler"}
            """;
        var p = ParseOne(NovelAi(comment)).Parameters;
        Assert.Equal("two girls, park", p.Prompt);
        Assert.Equal("lowres", p.NegativePrompt);
        Assert.Equal(
            [
                new("Character 1", "girl, red hair (at 0.3, 0.5)"),
                new("Character 2", "girl, blue hair (at 0.7, 0.5)"),
                new("v4_prompt.use_coords", "true"),
                new("v4_prompt.use_order", "true"),
                new("Character 1 negative", "hat"),
            ],
            p.Other.Take(5));
        // The Description repeats the prompt poorly here ("a cat"), so it is kept.
        Assert.Contains(new KeyValuePair<string, string>("Description", "a cat"), p.Other);
    }

    [Fact]
    public void Flat_prompt_wins_over_the_v4_base_caption_which_is_kept_when_it_differs()
    {
        var p = ParseOne(NovelAi("""{"prompt": "a cat", "v4_prompt": {"caption": {"base_caption": "a dog", "char_captions": []}}}""")).Parameters;
        Assert.Equal("a cat", p.Prompt);
        Assert.Contains(new KeyValuePair<string, string>("v4_prompt.base_caption", "a dog"), p.Other);
        Assert.DoesNotContain(p.Other, kv => kv.Key == "Description");
    }

    [Fact]
    public void Each_vibe_transfer_reference_becomes_one_input_weighted_by_its_strength()
    {
        var r = ParseOne(NovelAi("""{"reference_information_extracted_multiple": [1.0, 0.5], "reference_strength_multiple": [0.6, 0.8], "seed": 1}"""));
        Assert.Equal(2, r.Controls.Count);
        Assert.All(r.Controls, c => Assert.Equal(ControlKind.VibeTransfer, c.Kind));
        Assert.All(r.Controls, c => Assert.Equal(ControlRisk.Low, c.Risk));
        Assert.Equal([0.6, 0.8], r.Controls.Select(c => c.Weight!.Value));
        Assert.Equal("0.5", r.Controls[1].Settings.Single(s => s.Key == "information extracted").Value);
        Assert.Equal("Comment → reference_strength_multiple[1]", r.Controls[1].Evidence.Key);
        Assert.DoesNotContain(r.Parameters.Other, kv => kv.Key.StartsWith("reference_", StringComparison.Ordinal));
    }

    [Fact]
    public void Empty_vibe_arrays_and_a_zero_legacy_strength_mean_no_vibe_transfer()
    {
        var r = ParseOne(NovelAi("""{"reference_information_extracted_multiple": [], "reference_strength_multiple": [], "reference_strength": 0.0, "reference_information_extracted": 1.0}"""));
        Assert.Empty(r.Controls);
        Assert.Contains(new KeyValuePair<string, string>("reference_strength_multiple", "[]"), r.Parameters.Other);
        Assert.Contains(new KeyValuePair<string, string>("reference_strength", "0.0"), r.Parameters.Other);
    }

    [Fact]
    public void ControlNet_strength_without_a_model_is_a_finding_not_an_input()
    {
        var r = ParseOne(NovelAi("""{"controlnet_strength": 0.6, "controlnet_model": null}"""));
        Assert.Empty(r.Controls);
        var f = Assert.Single(r.Findings, f => f.Code == "controlnet-strength-without-model");
        Assert.Equal(FindingSeverity.Info, f.Severity);
        Assert.Equal("Comment → controlnet_strength", f.Evidence[0].Key);
        Assert.Contains(new KeyValuePair<string, string>("controlnet_strength", "0.6"), r.Parameters.Other);
    }

    [Fact]
    public void The_default_controlnet_strength_NovelAI_always_writes_is_not_a_finding()
    {
        var r = ParseOne(NovelAi("""{"controlnet_strength": 1.0, "controlnet_model": null}"""));
        Assert.Empty(r.Controls);
        Assert.DoesNotContain(r.Findings, f => f.Code == "controlnet-strength-without-model");
    }

    [Theory]
    [InlineData("midas", ControlRisk.Medium)]
    [InlineData("hed", ControlRisk.High)]
    [InlineData("uniformer", ControlRisk.Medium)]
    [InlineData("fake_scribble", ControlRisk.Medium)]
    public void ControlNet_model_makes_a_ControlNet_input_classified_by_what_it_extracts(string model, ControlRisk risk)
    {
        var r = ParseOne(NovelAi($$"""{"controlnet_strength": 0.7, "controlnet_model": "{{model}}"}"""));
        var c = Assert.Single(r.Controls);
        Assert.Equal(ControlKind.ControlNet, c.Kind);
        Assert.Equal(model, c.Model);
        Assert.Equal(0.7, c.Weight);
        Assert.Equal(risk, c.Risk);
        Assert.DoesNotContain(r.Findings, f => f.Code == "controlnet-strength-without-model");
    }

    [Theory]
    [InlineData("Img2ImgRequest", ControlKind.Img2Img)]
    [InlineData("NativeInfillingRequest", ControlKind.Inpaint)]
    public void Image_requests_record_an_input_image_and_its_strength(string requestType, ControlKind kind)
    {
        var r = ParseOne(NovelAi($$"""{"strength": 0.55, "noise": 0.1, "request_type": "{{requestType}}"}"""));
        var c = Assert.Single(r.Controls);
        Assert.Equal(kind, c.Kind);
        Assert.Equal(ControlRisk.High, c.Risk);
        Assert.Equal(0.55, c.Weight);
        Assert.Equal(0.55, r.Parameters.Denoise);
        Assert.Contains(new KeyValuePair<string, string>("noise", "0.1"), c.Settings);
        Assert.Contains(new KeyValuePair<string, string>("request_type", requestType), r.Parameters.Other);
    }

    [Fact]
    public void Director_references_become_reference_inputs_with_their_type()
    {
        var r = ParseOne(NovelAi("""
            {"director_reference_descriptions": [{"caption": {"base_caption": "character&style", "char_captions": []}}],
             "director_reference_information_extracted": [1.0], "director_reference_strengths": [0.9],
             "director_reference_secondary_strengths": [0.2]}
            """));
        var c = Assert.Single(r.Controls);
        Assert.Equal(ControlKind.Reference, c.Kind);
        Assert.Equal("character&style", c.Module);
        Assert.Equal(0.9, c.Weight);
        Assert.Contains(new KeyValuePair<string, string>("secondary strength", "0.2"), c.Settings);
        Assert.DoesNotContain(r.Parameters.Other, kv => kv.Key.StartsWith("director_reference", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"steps": 28, "seed": """)]
    [InlineData("not json at all")]
    [InlineData("[1, 2, 3]")]
    [InlineData("""{"prompt": "\ud800"}""")]
    public void Malformed_comment_is_a_finding_and_the_rest_is_still_reported(string comment)
    {
        var r = ParseOne(NovelAi(comment));
        var f = Assert.Single(r.Findings, f => f.Code.StartsWith("novelai-comment-", StringComparison.Ordinal));
        Assert.Equal(FindingSeverity.Error, f.Severity);
        Assert.Equal("NovelAI Diffusion V4.5 C02D4F98", r.Version);
        Assert.Equal("a cat", r.Parameters.Prompt);
    }

    [Fact]
    public void Comment_nested_beyond_the_depth_cap_is_a_finding()
    {
        var deep = "{\"a\":" + string.Concat(Enumerable.Repeat("[", 500)) + string.Concat(Enumerable.Repeat("]", 500)) + "}";
        var r = ParseOne(NovelAi(deep));
        Assert.Contains(r.Findings, f => f.Code == "novelai-comment-malformed");
    }

    [Fact]
    public void Stealth_copy_alone_is_read_and_cited()
    {
        List<MetadataField> fields =
        [
            Stealth("Description", "a cat"), Stealth("Software", "NovelAI"), Stealth("Source", "Stable Diffusion XL C1E1DE52"),
            Stealth("Generation time", "1.5"), Stealth("Comment", """{"steps": 28, "seed": 7}"""),
        ];
        var r = ParseOne(fields, out var context);
        Assert.Equal(28, r.Parameters.Steps);
        Assert.All(r.Evidence, e => Assert.Equal("Stealth alpha", e.Block));
        Assert.All(fields, f => Assert.True(context.IsClaimed(f)));
        Assert.DoesNotContain(r.Findings, f => f.Code == "novelai-title-missing");
        Assert.Contains(new KeyValuePair<string, string>("Generation time", "1.5"), r.Parameters.Other);
    }

    [Fact]
    public void Text_and_stealth_copies_make_one_report_read_from_the_text()
    {
        var fields = NovelAi("""{"seed": 1}""");
        fields.AddRange([Stealth("Software", "NovelAI"), Stealth("Description", "a cat"), Stealth("Comment", """{"seed": 2}""")]);
        var r = ParseOne(fields, out var context);
        Assert.Equal("1", r.Parameters.Seed);
        Assert.Contains(r.Evidence, e => e.Block == "PNG tEXt");
        Assert.Contains(r.Evidence, e => e.Block == "Stealth alpha" && e.Key == "Software");
        // Identical stealth values are claimed; the differing Comment is left for the comparing parser to report.
        Assert.True(context.IsClaimed(fields.Single(f => f.Group == FieldGroups.StealthAlpha && f.Name == "Description")));
        Assert.False(context.IsClaimed(fields.Single(f => f.Group == FieldGroups.StealthAlpha && f.Name == "Comment")));
    }

    [Fact]
    public void A_key_missing_from_the_text_copy_is_taken_from_the_stealth_copy()
    {
        List<MetadataField> fields = [Png("Title", "AI generated image"), Png("Software", "NovelAI"), Stealth("Software", "NovelAI"), Stealth("Comment", """{"steps": 12}""")];
        var r = ParseOne(fields);
        Assert.Equal(12, r.Parameters.Steps);
        Assert.DoesNotContain(r.Findings, f => f.Code == "novelai-software-without-comment");
    }

    [Fact]
    public void Software_NovelAI_without_any_comment_is_a_finding()
    {
        var r = ParseOne([Png("Title", "AI generated image"), Png("Software", "NovelAI"), Png("Description", "a cat")]);
        Assert.Contains(r.Findings, f => f.Code == "novelai-software-without-comment" && f.Severity == FindingSeverity.Warning);
    }

    [Fact]
    public void Title_without_software_is_recognised_with_less_certainty_and_flagged()
    {
        var r = ParseOne([Png("Title", "AI generated image"), Png("Description", "a cat"), Png("Comment", """{"steps": 3}""")]);
        Assert.Equal(Confidence.High, r.Confidence);
        Assert.Contains(r.Findings, f => f.Code == "novelai-software-missing");
    }

    [Fact]
    public void Director_tool_title_is_noted()
    {
        var r = ParseOne([Png("Title", "AI augmented image"), Png("Software", "NovelAI"), Png("Comment", "{}")]);
        Assert.Contains(r.Findings, f => f.Code == "novelai-director-tool" && f.Severity == FindingSeverity.Info);
    }

    [Fact]
    public void Unknown_source_is_kept_as_written_with_its_build_id()
    {
        var r = ParseOne(NovelAi("{}", source: "NovelAI Diffusion V9 0123ABCD"));
        var m = Assert.Single(r.Models);
        Assert.Equal("NovelAI Diffusion V9 0123ABCD", m.Name);
        Assert.Equal("0123ABCD", m.Hashes.Single().Value);
    }

    [Fact]
    public void Other_programs_png_text_is_neither_reported_nor_claimed()
    {
        var context = new GeneratorContext([Png("Title", "Holiday"), Png("Software", "GIMP 2.10"), Png("Comment", "Created with GIMP")]);
        Assert.Empty(new NovelAiParser().Parse(context));
        Assert.Equal(3, context.Unclaimed.Count());
    }

    [Fact]
    public void Fields_claimed_by_an_earlier_parser_are_not_read_again()
    {
        var context = new GeneratorContext(NovelAi("{}"));
        foreach (var f in context.Fields) context.Claim(f);
        Assert.Empty(new NovelAiParser().Parse(context));
    }

    [Fact]
    public void Exif_user_comment_dictionary_with_nul_prefixed_description_is_read()
    {
        var comment = """{"Comment":"{\"steps\": 23, \"seed\": 5}","Description":"\u0000\u0000a cat","Software":"NovelAI","Source":"NovelAI Diffusion V4.5 C02D4F98","Title":"NovelAI generated image"}""";
        List<MetadataField> fields =
        [
            new(FieldGroups.ExifIfd0, "Software", "NovelAI Diffusion V4.5 C02D4F98", new Evidence("EXIF IFD0", "Software")),
            new(FieldGroups.ExifIfd0, "ImageDescription", "\0\0\0\0a cat", new Evidence("EXIF IFD0", "ImageDescription")),
            new(FieldGroups.ExifSubIfd, "UserComment", comment, new Evidence("EXIF ExifIFD", "UserComment")),
        ];
        var r = ParseOne(fields, out var context);
        Assert.Equal("a cat", r.Parameters.Prompt);
        Assert.Equal(23, r.Parameters.Steps);
        Assert.Equal("NAI Diffusion V4.5 Curated", r.Models.Single().Name);
        Assert.All(fields, f => Assert.True(context.IsClaimed(f)));
    }
}
