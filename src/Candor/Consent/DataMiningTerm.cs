namespace Candor.Consent;

/// <summary>One value of the PLUS Data Mining vocabulary.</summary>
/// <param name="Code">The short code, e.g. <c>DMI-PROHIBITED-AIMLTRAINING</c>.</param>
/// <param name="Label">A short human label.</param>
/// <param name="Meaning">What the owner says, in plain words.</param>
/// <param name="ProhibitsAiTraining">Training any AI or machine-learning model on the image is refused.</param>
/// <param name="ProhibitsGenerativeAiTraining">Training generative AI on the image is refused.</param>
/// <param name="ProhibitsAllMining">Every kind of data mining is refused.</param>
/// <param name="ConditionsIn">Where the actual conditions are written when the code only points elsewhere (an XMP property name); null otherwise.</param>
public sealed record DataMiningTerm(
    string Code, string Label, string Meaning,
    bool ProhibitsAiTraining, bool ProhibitsGenerativeAiTraining, bool ProhibitsAllMining,
    string? ConditionsIn = null)
{
    /// <summary>The canonical URI, e.g. <c>http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED</c>.</summary>
    public string Uri => DataMining.Namespace + Code;

    /// <summary>True when the owner restricts mining in any way (directly or by pointing at conditions elsewhere).</summary>
    public bool IsRestricted => ProhibitsAiTraining || ProhibitsGenerativeAiTraining || ProhibitsAllMining || ConditionsIn is not null;
}
