using Candor.Generators;
using Candor.Generators.A1111;
using Candor.Metadata;
using Candor.Provenance;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.Generators.A1111;

/// <summary>Grammar edge cases of webui's parse_generation_parameters, with inline texts.</summary>
public class A1111InfotextTests
{
    private const string Params = "Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1, Size: 512x768";

    [Fact]
    public void Last_line_with_three_key_values_is_the_parameter_line()
    {
        var t = A1111Infotext.Parse("a cat\nNegative prompt: ugly\n" + Params);
        Assert.Equal("a cat", t.Prompt);
        Assert.Equal("ugly", t.NegativePrompt);
        Assert.Equal(["Steps", "Sampler", "CFG scale", "Seed", "Size"], t.Entries.Select(e => e.Key));
        Assert.Equal((1, 2, 3), (t.PromptLine, t.NegativePromptLine!.Value, t.ParameterLine!.Value));
    }

    [Fact]
    public void Last_line_with_two_key_values_is_still_prompt()
    {
        var t = A1111Infotext.Parse("a cat\nStyle: watercolor, Mood: calm");
        Assert.False(t.HasParameters);
        Assert.Equal("a cat\nStyle: watercolor, Mood: calm", t.Prompt);
    }

    [Fact]
    public void Windows_newlines_and_a_blank_line_before_negative_are_tolerated()
    {
        var t = A1111Infotext.Parse("line one\r\nline two\r\n\r\nNegative prompt: bad\r\n" + Params + "\r\n");
        Assert.Equal("line one\nline two", t.Prompt);
        Assert.Equal("bad", t.NegativePrompt);
        Assert.Equal("512x768", t["Size"]);
    }

    [Fact]
    public void Multi_line_negative_prompt_keeps_its_lines()
    {
        var t = A1111Infotext.Parse("p\nNegative prompt: n1\nn2\n" + Params);
        Assert.Equal("n1\nn2", t.NegativePrompt);
    }

    [Fact]
    public void Json_quoted_values_are_unquoted_and_may_hold_commas_and_colons()
    {
        var t = A1111Infotext.Parse("p\n" + Params + ", Lora hashes: \"a: 0123456789ab, b: ba9876543210\", Wildcard: \"x \\\"y\\\"\"");
        Assert.Equal("a: 0123456789ab, b: ba9876543210", t["Lora hashes"]);
        Assert.Equal("x \"y\"", t["Wildcard"]);
        Assert.True(t.Entries.Single(e => e.Key == "Lora hashes").WasQuoted);
    }

    [Fact]
    public void A_quote_not_followed_by_comma_falls_back_to_the_plain_value_like_the_regex()
    {
        var t = A1111Infotext.Parse("p\n" + Params + ", Odd: \"a\"b, Next: 1");
        Assert.Equal("\"a\"b", t["Odd"]);
        Assert.Equal("1", t["Next"]);
    }

    [Fact]
    public void Civitai_unquoted_json_is_lifted_out_whole_before_the_comma_grammar()
    {
        var text = "p\n" + Params + ", Civitai resources: [{\"type\":\"lora\",\"weight\":0.4,\"modelName\":\"A, b: c\"}], Civitai metadata: {\"k\":[1,2]}, After: yes";
        var t = A1111Infotext.Parse(text);
        Assert.Equal("[{\"type\":\"lora\",\"weight\":0.4,\"modelName\":\"A, b: c\"}]", t["Civitai resources"]);
        Assert.Equal("{\"k\":[1,2]}", t["Civitai metadata"]);
        Assert.Equal("yes", t["After"]);
        Assert.Null(t.UnparsedText);
    }

    [Fact]
    public void Unbalanced_json_is_left_to_the_grammar()
    {
        var t = A1111Infotext.Parse("p\n" + Params + ", Civitai resources: [{\"type\":\"lora\"");
        Assert.Equal("[{\"type\":\"lora\"", t["Civitai resources"]);
    }

    [Fact]
    public void Text_between_key_values_is_reported_as_unparsed()
    {
        var t = A1111Infotext.Parse("p\n" + Params + ", stray words, Clip skip: 2");
        Assert.Equal("stray words", t.UnparsedText);
        Assert.Equal("2", t["Clip skip"]);
    }

    [Fact]
    public void Single_letter_keys_do_not_match_because_the_pattern_needs_two_characters()
    {
        var entries = new List<InfotextEntry>();
        A1111Infotext.ScanParameters("a: 1, bb: 2", entries);
        Assert.Equal(["bb"], entries.Select(e => e.Key));
    }

    [Fact]
    public void Leading_blank_lines_shift_the_line_numbers()
    {
        var t = A1111Infotext.Parse("\n\nprompt\n" + Params);
        Assert.Equal(3, t.PromptLine);
        Assert.Equal(4, t.ParameterLine);
    }

    [Fact]
    public void Empty_text_has_no_parameters()
    {
        var t = A1111Infotext.Parse("");
        Assert.False(t.HasParameters);
        Assert.Equal("", t.Prompt);
    }

    [Fact]
    public void A_one_megabyte_line_without_colons_parses_in_linear_time()
    {
        var line = new string('a', 1 << 20);
        var t = A1111Infotext.Parse(line);
        Assert.False(t.HasParameters);
        Assert.Equal(1 << 20, t.Prompt.Length);
    }

    [Fact]
    public void A_one_megabyte_line_of_failing_quoted_values_stays_linear()
    {
        // Every quoted value runs to the end of the line through escaped quotes: quadratic for a naive regex.
        var unit = "ab: \"\\\"x,";
        var line = string.Concat(Enumerable.Repeat(unit, (1 << 20) / unit.Length));
        var t = A1111Infotext.Parse("p\n" + line);
        Assert.True(t.Entries.Count > 1000);
    }

    [Fact]
    public void A_one_megabyte_line_of_unclosed_brackets_after_a_json_key_stays_linear()
    {
        var line = "Steps: 1, Seed: 2, Size: 3x4, " + string.Concat(Enumerable.Repeat("Hashes: {", (1 << 20) / 9));
        var t = A1111Infotext.Parse(line);
        Assert.True(t.HasParameters);
    }

    [Fact]
    public void Parser_never_throws_on_arbitrary_text()
    {
        Prop.ForAll<string>(s =>
        {
            var text = s ?? "";
            var t = A1111Infotext.Parse(text);
            var field = new MetadataField(FieldGroups.PngText, "parameters", text, new Evidence("PNG tEXt", "parameters"));
            _ = new A1111Parser().Parse(new GeneratorContext([field])).ToList();
            return t.Prompt.Length <= text.Length;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Parser_never_throws_on_arbitrary_parameter_lines_built_from_grammar_pieces()
    {
        var pieces = Gen.Elements("Steps: 20", "ControlNet 0: \"Module: canny, Model: x [12345678], Weight: 1\"", "Lora hashes: \"a: 1\"",
            "Hashes: {\"model\": \"abc\"", "Civitai resources: [{}]", "Size: 0x-1", ", ", ":", "\"", "\\", "<lora:a:b>", "ControlNet-1 Weight: 2",
            "Denoising strength: x", "Model hash: ", "ADetailer model 2nd: y", "{", "]", "\n", "Negative prompt:", "Version: f", "Hashes: {\"lora:a\": 1}");
        var texts = Gen.ListOf(pieces).Select(l => string.Join("", l)).ToArbitrary();
        Prop.ForAll(texts, text =>
        {
            var field = new MetadataField(FieldGroups.PngText, "parameters", "p\n" + text, new Evidence("PNG tEXt", "parameters"));
            var reports = new A1111Parser().Parse(new GeneratorContext([field])).ToList();
            return reports.Count <= 1;
        }).QuickCheckThrowOnFailure();
    }
}
