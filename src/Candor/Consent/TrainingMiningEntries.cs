namespace Candor.Consent;

/// <summary>
/// The entries of a C2PA training-and-mining assertion (<c>cawg.training-mining</c>, formerly
/// <c>c2pa.training-mining</c>): the uses each entry names, the values an entry can take, and what an
/// entry means when read back.
/// </summary>
public static class TrainingMiningEntries
{
    /// <summary>Training generative AI models on the asset.</summary>
    public const string AiGenerativeTraining = "cawg.ai_generative_training";

    /// <summary>Using the asset as input to an AI model at inference time.</summary>
    public const string AiInference = "cawg.ai_inference";

    /// <summary>Training any AI or machine-learning model on the asset.</summary>
    public const string AiTraining = "cawg.ai_training";

    /// <summary>Text and data mining of the asset.</summary>
    public const string DataMining = "cawg.data_mining";

    /// <summary>The C2PA 1.x name of <see cref="AiGenerativeTraining"/>, still found in older manifests.</summary>
    public const string LegacyAiGenerativeTraining = "c2pa.ai_generative_training";

    /// <summary>The C2PA 1.x name of <see cref="AiTraining"/>, still found in older manifests.</summary>
    public const string LegacyAiTraining = "c2pa.ai_training";

    /// <summary>The entry's use is allowed.</summary>
    public const string Allowed = "allowed";

    /// <summary>The entry's use is refused.</summary>
    public const string NotAllowed = "notAllowed";

    /// <summary>The entry's use is allowed under conditions given in its <c>constraint_info</c>.</summary>
    public const string Constrained = "constrained";

    /// <summary>Every CAWG entry, in the (sorted) order the reference implementation writes them.</summary>
    public static IReadOnlyList<string> Cawg { get; } = [AiGenerativeTraining, AiInference, AiTraining, DataMining];

    /// <summary>Every value an entry can take.</summary>
    public static IReadOnlyList<string> Uses { get; } = [Allowed, NotAllowed, Constrained];

    /// <summary>The value as written in a manifest for <paramref name="use"/> given in any letter case ("NOTALLOWED" → "notAllowed"), or null when it is not one of <see cref="Uses"/>.</summary>
    public static string? NormalizeUse(string use) =>
        Uses.FirstOrDefault(u => string.Equals(u, use, StringComparison.OrdinalIgnoreCase));

    /// <summary>True when <paramref name="key"/> names training an AI model (generative or any), in the CAWG or the C2PA 1.x form.</summary>
    public static bool IsAiTraining(string key) =>
        key is AiGenerativeTraining or AiTraining or LegacyAiGenerativeTraining or LegacyAiTraining;

    /// <summary>True when the entry <paramref name="key"/> = <paramref name="use"/> refuses training AI on the asset.</summary>
    public static bool ProhibitsAiTraining(string key, string? use) => use == NotAllowed && IsAiTraining(key);

    /// <summary>What the entry <paramref name="key"/> = <paramref name="use"/> says, in words, e.g. <c>cawg.ai_training: not allowed</c>.</summary>
    public static string Meaning(string key, string? use, string? constraintInfo) => use switch
    {
        NotAllowed => $"{key}: not allowed",
        Allowed => $"{key}: allowed",
        Constrained => $"{key}: allowed with constraints{(constraintInfo is null ? "" : $" ({constraintInfo})")}",
        _ => $"{key}: {use ?? "unspecified"}",
    };
}
