namespace Candor.Darktable;

/// <summary>One AI-backed edit found in a darktable history, with where it was found and how sure Candor is.</summary>
/// <param name="Kind">What kind of AI edit.</param>
/// <param name="Module">The module it affects ("exposure", "exposure 1"), or the file for a neural-restore output.</param>
/// <param name="Evidence">Where: "masks_history line 15: group 'ai object group #1' (id 1716300003)", "history line 20: operation rawdenoiseai".</param>
/// <param name="Confidence">How sure.</param>
/// <param name="Reason">Why that confidence, in plain words.</param>
/// <param name="Used">False for an AI mask that no enabled module applies: it exists in the edit but does not shape the picture.</param>
public sealed record DarktableAiFinding(DarktableAiKind Kind, string Module, string Evidence, DarktableConfidence Confidence, string Reason, bool Used = true)
{
    /// <summary>One line for people and for <c>candor:Actions</c>: "AI object mask used by exposure (Likely: named 'ai object group #1')".</summary>
    public string Describe()
    {
        var what = Kind switch
        {
            DarktableAiKind.AiObjectMask => Used ? $"AI object mask used by {Module}" : "AI object mask, not used by any module",
            DarktableAiKind.NeuralDenoise => $"neural raw denoise ({Module})",
            DarktableAiKind.NeuralRestore => $"neural restore output ({Module})",
            DarktableAiKind.ExternalRasterMask => $"external raster mask ({Module})",
            _ => Kind.ToString(),
        };
        return $"{what} ({Confidence}: {Reason})";
    }
}
