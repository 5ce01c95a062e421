using Candor.Disclose;
using Candor.Inspection;

namespace Candor.Tests.Disclose;

// --auto decides from what inspect finds in real corpus files.
public class AutoDisclosureTests
{
    private static AutoDisclosureDecision Decide(string relative) =>
        AutoDisclosure.Decide(new Inspector(new InspectOptions { C2pa = null }).Inspect(Corpus.Path(relative)));

    [SkippableFact]
    public void Generator_metadata_is_declared_as_generated_with_the_tool_model_and_control_inputs()
    {
        var d = Decide("generators/a1111/controlnet-legacy_dog_rel.png");
        Assert.Equal("trainedAlgorithmicMedia", d.SourceTypeCode);
        Assert.Contains(d.Tools, t => t.Contains("AUTOMATIC1111", StringComparison.Ordinal));
        Assert.Contains(d.Actions, a => a.StartsWith("ControlNet guidance", StringComparison.Ordinal) && a.Contains("control_sd15_scribble", StringComparison.Ordinal));
        Assert.Contains("generator metadata", d.Reason);
    }

    [SkippableFact]
    public void Inpainting_makes_a_composite_with_generative_ai()
    {
        var d = Decide("generators/a1111/card-no-preview.png");
        Assert.Equal("compositeWithTrainedAlgorithmicMedia", d.SourceTypeCode);
        Assert.Contains(d.Actions, a => a.StartsWith("inpainting", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void A_retired_declaration_without_a_replacement_is_left_alone()
    {
        var d = Decide("generators/iptc/iptc-photometadata-ref-2023.2.jpg"); // declares softwareImage
        Assert.Null(d.SourceTypeCode);
        Assert.Contains("softwareImage", d.Reason);
    }

    [SkippableFact]
    public void No_provenance_declares_nothing_rather_than_guessing_not_ai()
    {
        var d = Decide("generators/none/empty.jpg");
        Assert.Null(d.SourceTypeCode);
        Assert.Empty(d.Tools);
        Assert.Contains("declares nothing on a guess", d.Reason);
    }
}
