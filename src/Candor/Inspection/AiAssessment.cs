using Candor.Provenance;

namespace Candor.Inspection;

/// <summary>The AI verdict and its grounds.</summary>
public sealed class AiAssessment
{
    /// <summary>The verdict.</summary>
    public AiUse Use { get; set; } = AiUse.NoProvenance;

    /// <summary>One sentence for people giving the grounds of <see cref="Use"/> (it does not repeat the verdict).</summary>
    public string Summary { get; set; } = "";

    /// <summary>The evidence the verdict rests on.</summary>
    public List<Evidence> Evidence { get; } = [];
}
