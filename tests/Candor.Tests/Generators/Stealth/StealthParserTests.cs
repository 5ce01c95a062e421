using Candor.Generators;
using Candor.Generators.Stealth;
using Candor.Metadata;
using Candor.Provenance;

namespace Candor.Tests.Generators.Stealth;

public sealed class StealthParserTests
{
    private static GeneratorContext ContextFor(string relative) => CorpusFiles.Context(Corpus.Path(relative));

    [SkippableFact]
    public void Forge_stealth_copy_matches_the_iTXt_and_is_claimed()
    {
        var context = ContextFor("generators/forge/forge.png");
        Assert.Empty(new StealthParser().Parse(context));
        var field = Assert.Single(context.Derived);
        Assert.Equal((FieldGroups.StealthAlpha, "parameters"), (field.Group, field.Name));
        Assert.Contains("Version: f2.0.1v1.10.1-previous-669-gdfdcbab6", field.Value);
        Assert.True(context.IsClaimed(field));
        var finding = Assert.Single(context.Findings);
        Assert.Equal((FindingSeverity.Info, "stealth-copy-matches"), (finding.Severity, finding.Code));
        Assert.Contains(finding.Evidence, e => e.Block == "PNG iTXt");
        Assert.Contains(finding.Evidence, e => e.Block == "PNG alpha LSB" && e.Key == "stealth_pngcomp");
    }

    [SkippableFact]
    public void A1111_stealth_only_file_reports_that_metadata_survives_only_in_pixels()
    {
        var context = ContextFor("generators/a1111/automatic1111_stealth.png");
        new StealthParser().Parse(context).ToList();
        var field = Assert.Single(context.Derived);
        Assert.Contains("Seed: 2015833630", field.Value);
        Assert.False(context.IsClaimed(field));
        Assert.Equal("stealth-only", Assert.Single(context.Findings).Code);
    }

    [SkippableFact]
    public void Novelai_json_copy_becomes_one_field_per_key_and_matches_the_text_chunks()
    {
        var context = ContextFor("generators/novelai/sample-0316.png");
        new StealthParser().Parse(context).ToList();
        var names = context.Derived.Select(f => f.Name).ToList();
        Assert.Contains("Description", names);
        Assert.Contains("Comment", names);
        Assert.Contains("Software", names);
        Assert.All(context.Derived, f => Assert.Equal(FieldGroups.StealthAlpha, f.Group));
        Assert.Equal("NovelAI", context.Derived.Single(f => f.Name == "Software").Value);
        Assert.Contains(context.Findings, f => f.Code == "stealth-copy-matches");
        Assert.DoesNotContain(context.Findings, f => f.Code == "stealth-copy-differs");
    }

    [SkippableFact]
    public void The_third_party_rewrite_replaced_the_alpha_copy_too_so_both_copies_agree()
    {
        // novelai-python rewrote the text chunks and re-embedded the same dictionary in the alpha LSBs;
        // only the signature (NovelAiSignatureTests) reveals the change.
        var context = ContextFor("generators/novelai/sample-0316-out.png");
        new StealthParser().Parse(context).ToList();
        Assert.DoesNotContain(context.Findings, f => f.Code == "stealth-copy-differs");
        Assert.Contains(context.Findings, f => f.Code == "stealth-copy-matches");
        Assert.True(context.IsClaimed(context.Derived.Single(f => f.Name == "Comment")));
    }

    [Fact]
    public void No_pixels_means_nothing_is_added()
    {
        var context = new GeneratorContext([], () => null, "JPEG");
        Assert.Empty(new StealthParser().Parse(context));
        Assert.Empty(context.Derived);
        Assert.Empty(context.Findings);
    }

    [Fact]
    public void A_different_text_chunk_is_an_inconsistency_naming_both_evidences()
    {
        var image = StealthReaderTests.Embed(30, 30, "stealth_pnginfo", "cat, Steps: 20"u8.ToArray());
        var text = new MetadataField(FieldGroups.PngText, "parameters", "dog, Steps: 20", new Evidence("PNG tEXt", "parameters"));
        var context = new GeneratorContext([text], () => image, "PNG");
        new StealthParser().Parse(context).ToList();
        var finding = Assert.Single(context.Findings);
        Assert.Equal("stealth-copy-differs", finding.Code);
        Assert.Equal(["PNG tEXt", "PNG alpha LSB"], finding.Evidence.Select(e => e.Block));
    }
}
