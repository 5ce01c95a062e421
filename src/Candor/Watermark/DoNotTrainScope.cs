namespace Candor.Watermark;

/// <summary>What a "do not train" watermark forbids; the values match the preset's scope byte.</summary>
public enum DoNotTrainScope
{
    /// <summary>No text and data mining at all (PLUS DMI-PROHIBITED).</summary>
    AllMining = 1,

    /// <summary>No AI/ML training (PLUS DMI-PROHIBITED-AIMLTRAINING).</summary>
    AiTraining = 2,

    /// <summary>No generative AI/ML training (PLUS DMI-PROHIBITED-GENAIMLTRAINING).</summary>
    GenerativeAiTraining = 3,
}
