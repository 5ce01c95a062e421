namespace Candor.Watermark;

/// <summary>How the watermark fared through one attack, over every image of the bench.</summary>
/// <param name="Name">The attack's name.</param>
/// <param name="Group"><c>core</c> or <c>extended</c>.</param>
/// <param name="Description">What the attack does.</param>
/// <param name="Images">Images the attack was measured on.</param>
/// <param name="MeanBitAccuracy">Mean share of the 64 payload bits the detector's best guess got right (a missing guess counts 0.5).</param>
/// <param name="ExactRate">Share of images whose verified payload equals the embedded one.</param>
/// <param name="DetectionRate">Share of images on which the mark was found at the detector's threshold.</param>
/// <param name="Target">The bit accuracy the attack should keep, or null.</param>
/// <param name="Failures">Images on which the attack itself could not run (e.g. a codec missing), with the reason.</param>
public sealed record WatermarkBenchAttackResult(
    string Name, string Group, string Description, int Images, double MeanBitAccuracy, double ExactRate, double DetectionRate, double? Target,
    IReadOnlyList<string> Failures)
{
    /// <summary>True when the mean bit accuracy reaches the target; null when there is no target or no image was measured.</summary>
    public bool? Met => Target is { } t && Images > 0 ? MeanBitAccuracy >= t : null;
}
