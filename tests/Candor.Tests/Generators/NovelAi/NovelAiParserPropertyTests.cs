using Candor.Generators;
using Candor.Generators.NovelAi;
using Candor.Metadata;
using Candor.Provenance;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.Generators.NovelAi;

/// <summary>Whatever the Comment holds, the parser reports NovelAI and never throws or hangs.</summary>
public class NovelAiParserPropertyTests
{
    // A synthetic Comment exercising every structured key (not corpus content).
    private const string Sample = """
        {"prompt": "a cat", "steps": 28, "height": 832, "width": 1216, "scale": 5.0, "seed": 123, "sampler": "k_euler",
         "noise_schedule": "karras", "reference_information_extracted_multiple": [1.0, 0.5], "reference_strength_multiple": [0.6, 0.7],
         "reference_strength": 1.0, "reference_information_extracted": 0.8,
         "v4_prompt": {"caption": {"base_caption": "a cat", "char_captions": [{"char_caption": "girl", "centers": [{"x": 0.5, "y": 0.5}]}]}, "use_coords": true},
         "v4_negative_prompt": {"caption": {"base_caption": "lowres", "char_captions": []}},
         "director_reference_descriptions": [{"caption": {"base_caption": "style"}}], "director_reference_strengths": [1.0],
         "controlnet_strength": 1.0, "controlnet_model": "midas", "strength": 0.7, "noise": 0.2, "request_type": "Img2ImgRequest",
         "uc": "lowres", "signed_hash": "AAAA"}
        """;

    private static bool ParsesToOneReport(string comment)
    {
        MetadataField[] fields =
        [
            new(FieldGroups.PngText, "Software", "NovelAI", new Evidence("PNG tEXt", "Software")),
            new(FieldGroups.PngText, "Comment", comment, new Evidence("PNG tEXt", "Comment")),
        ];
        var reports = new NovelAiParser().Parse(new GeneratorContext(fields)).ToList();
        return reports.Count == 1 && reports[0].Tool == "NovelAI";
    }

    [Fact]
    public void Random_comment_text_never_throws()
    {
        Prop.ForAll<string>(s => ParsesToOneReport(s ?? "")).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Mutated_comment_json_never_throws()
    {
        var mutations =
            from position in Gen.Choose(0, Sample.Length - 1)
            from replacement in Gen.Elements('{', '}', '[', ']', '"', ',', ':', '0', '-', 'e', '\\', 'n', ' ', '\0', '\ud800')
            from cut in Gen.Choose(1, Sample.Length)
            from how in Gen.Choose(0, 2)
            select how switch
            {
                0 => Sample[..position] + replacement + Sample[(position + 1)..],
                1 => Sample[..cut],
                _ => Sample[..position] + Sample[cut..Math.Max(cut, Sample.Length)],
            };
        Prop.ForAll(mutations.ToArbitrary(), ParsesToOneReport).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Structured_keys_with_values_of_any_type_never_throw()
    {
        var keys = Gen.Elements("prompt", "steps", "seed", "scale", "width", "v4_prompt", "v4_negative_prompt", "reference_strength_multiple",
            "reference_information_extracted_multiple", "reference_strength", "director_reference_strengths", "director_reference_descriptions",
            "controlnet_model", "controlnet_strength", "request_type", "strength", "noise", "image");
        var values = Gen.Elements("null", "1e400", "-1", "3.5", "\"x\"", "\"Img2ImgRequest\"", "[]", "[null, \"a\", 1]", "{}", "{\"caption\": 1}",
            "{\"caption\": {\"base_caption\": 2, \"char_captions\": [1, {\"centers\": [{\"x\": \"a\"}]}]}}", "[{\"caption\": []}]", "true", "99999999999999999999");
        var objects = Gen.ListOf(keys.SelectMany(k => values.Select(v => $"\"{k}\": {v}")))
            .Select(pairs => "{" + string.Join(", ", pairs) + "}");
        Prop.ForAll(objects.ToArbitrary(), ParsesToOneReport).QuickCheckThrowOnFailure();
    }
}
