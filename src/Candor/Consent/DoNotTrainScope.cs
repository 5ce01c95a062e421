namespace Candor.Consent;

/// <summary>
/// What a "do not train" declaration forbids. The numeric values are the scope byte of the
/// watermark's "do not train" payload and must never change; <see cref="TrainingConsent"/> maps each
/// scope to its word, its PLUS Data Mining code and its CAWG training-and-mining entries.
/// </summary>
public enum DoNotTrainScope
{
    /// <summary>No text and data mining at all (PLUS DMI-PROHIBITED).</summary>
    AllMining = 1,

    /// <summary>No AI/ML training (PLUS DMI-PROHIBITED-AIMLTRAINING).</summary>
    AiTraining = 2,

    /// <summary>No generative AI/ML training (PLUS DMI-PROHIBITED-GENAIMLTRAINING).</summary>
    GenerativeAiTraining = 3,
}
