namespace Candor.Consent;

/// <summary>
/// A use of a work that a consent signal or a registry entry can allow or refuse. The command line and
/// the HTTP API spell them <c>ai-training</c>, <c>genai-training</c> and <c>tdm</c> (see
/// <see cref="ConsentUses"/>).
/// </summary>
public enum ConsentUse
{
    /// <summary>Training any AI or machine-learning model on the work.</summary>
    AiTraining,

    /// <summary>Training a generative AI model on the work (a narrower use than <see cref="AiTraining"/>).</summary>
    GenAiTraining,

    /// <summary>Text and data mining of the work (the widest use: it includes both kinds of training).</summary>
    DataMining,
}
