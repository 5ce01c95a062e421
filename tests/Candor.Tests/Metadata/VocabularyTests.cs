using Candor.Metadata.Iptc;

namespace Candor.Tests.Metadata;

public class VocabularyTests
{
    // The IPTC vocabulary as released 2024-10: 20 terms, 3 retired.
    public static TheoryData<string, bool> SourceTypes => new()
    {
        { "digitalCapture", false }, { "computationalCapture", false }, { "negativeFilm", false }, { "positiveFilm", false },
        { "print", false }, { "humanEdits", false }, { "compositeWithTrainedAlgorithmicMedia", false },
        { "algorithmicallyEnhanced", false }, { "digitalCreation", false }, { "dataDrivenMedia", false },
        { "trainedAlgorithmicMedia", false }, { "algorithmicMedia", false }, { "screenCapture", false },
        { "virtualRecording", false }, { "composite", false }, { "compositeCapture", false }, { "compositeSynthetic", false },
        { "softwareImage", true }, { "minorHumanEdits", true }, { "digitalArt", true },
    };

    [Theory]
    [MemberData(nameof(SourceTypes))]
    public void Every_source_type_is_known_with_its_retirement(string code, bool retired)
    {
        Assert.True(DigitalSourceType.TryGetByCode(code, out var term));
        Assert.Equal(retired, term.IsRetired);
        Assert.False(string.IsNullOrWhiteSpace(term.Definition));
        if (term.ReplacedBy is not null) Assert.True(DigitalSourceType.TryGetByCode(term.ReplacedBy, out _));
    }

    [Fact]
    public void The_source_type_list_is_exactly_the_vocabulary() =>
        Assert.Equal(SourceTypes.Select(r => (string)r[0]).Order(), DigitalSourceType.All.Select(t => t.Code).Order());

    [Theory]
    [InlineData("http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia")]
    [InlineData("https://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia")]
    [InlineData("https://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia/")]
    [InlineData("  trainedalgorithmicmedia ")]
    [InlineData("digsrctype:trainedAlgorithmicMedia")]
    public void Source_type_uris_and_short_names_parse(string value)
    {
        var term = DigitalSourceType.Parse(value);
        Assert.NotNull(term);
        Assert.Equal("trainedAlgorithmicMedia", term.Code);
        Assert.Equal(DigitalSourceAiRole.AiGenerated, term.AiRole);
        Assert.Equal("http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia", term.Uri);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("aiGenerated")]
    [InlineData("http://example.com/newscodes/digitalsourcetype/digitalCapture")]
    [InlineData("http://cv.iptc.org/newscodes/digitalsourcetype/")]
    [InlineData("http://c2pa.org/digitalsourcetype/empty")]
    public void Unknown_source_types_parse_to_null(string? value) => Assert.Null(DigitalSourceType.Parse(value));

    [Fact]
    public void Ai_roles_separate_generated_composite_and_non_ai()
    {
        Assert.Equal(DigitalSourceAiRole.AiComposite, DigitalSourceType.Parse("compositeWithTrainedAlgorithmicMedia")!.AiRole);
        Assert.Equal(DigitalSourceAiRole.NonGenerativeAlgorithm, DigitalSourceType.Parse("algorithmicMedia")!.AiRole);
        Assert.Equal(DigitalSourceAiRole.None, DigitalSourceType.Parse("digitalCapture")!.AiRole);
        Assert.Equal("humanEdits", DigitalSourceType.Parse("minorHumanEdits")!.ReplacedBy);
    }
}
