namespace Candor.Darktable;

/// <summary>
/// What <see cref="DarktableAiDetector"/> found in one darktable edit: the AI-backed edits, and the
/// IPTC Digital Source Type they call for (the reasoning is in docs/darktable.md).
/// </summary>
public sealed class DarktableAiReport
{
    /// <summary>Every AI-backed edit found, used or not, strongest first.</summary>
    public required IReadOnlyList<DarktableAiFinding> Findings { get; init; }

    /// <summary>
    /// The short IPTC Digital Source Type code to declare ("humanEdits", "algorithmicallyEnhanced"), or null when
    /// no AI edit is Likely or Certain: then Candor declares nothing, as the history cannot tell what the source was.
    /// </summary>
    public required string? SuggestedSourceType { get; init; }

    /// <summary>Why <see cref="SuggestedSourceType"/> is what it is, in one sentence.</summary>
    public required string Reason { get; init; }

    /// <summary>True when an AI edit that shapes the picture is Likely or Certain.</summary>
    public bool AiUsed => Findings.Any(f => f.Used && f.Confidence >= DarktableConfidence.Likely);

    /// <summary>One human-readable line per AI edit that shapes the picture (for <c>candor:Actions</c>), Possible ones included and marked so.</summary>
    public IReadOnlyList<string> Actions => [.. Findings.Where(f => f.Used).Select(f => f.Describe())];

    /// <summary>Things that limit the analysis: undecodable blend params, masks referenced but missing, unused AI masks.</summary>
    public required IReadOnlyList<string> Notes { get; init; }
}
