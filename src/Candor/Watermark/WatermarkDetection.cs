namespace Candor.Watermark;

/// <summary>What <see cref="WatermarkDetector"/> found.</summary>
public sealed record WatermarkDetection
{
    /// <summary>True when <see cref="PValue"/> is at or below the threshold the detector was given.</summary>
    public required bool Found { get; init; }

    /// <summary>
    /// Probability that an unmarked image (or one marked under another key) scores at least this well in
    /// the whole search — the chance this is a false alarm. Bonferroni-corrected over every placement tried.
    /// </summary>
    public required double PValue { get; init; }

    /// <summary>The threshold used (the false-positive rate per image the caller accepted).</summary>
    public required double Threshold { get; init; }

    /// <summary>The payload, when its keyed 24-bit check verified; null otherwise.</summary>
    public WatermarkPayload? Payload { get; init; }

    /// <summary>
    /// The decoder's best guess at the payload from the best-aligned placement even when the check failed
    /// (for measuring bit accuracy); never evidence by itself.
    /// </summary>
    public WatermarkPayload? BestGuess { get; init; }

    /// <summary>Pilot correlation of the best placement, in standard deviations of the unmarked case.</summary>
    public double PilotScore { get; init; }

    /// <summary>
    /// The pilot route's p-value alone: the Gaussian tail of <see cref="PilotScore"/>, Bonferroni-corrected over
    /// <see cref="Hypotheses"/> (no payload check involved). Reported so its calibration can be checked.
    /// </summary>
    public double PilotPValue { get; init; } = 1;

    /// <summary>Tile period found along its two edges, in pixels of the examined image.</summary>
    public (double A, double B)? Period { get; init; }

    /// <summary>Rotation of the tile found, degrees counter-clockwise (image y axis down), modulo the square's symmetries.</summary>
    public double? RotationDegrees { get; init; }

    /// <summary>True when the best placement is mirrored (the image was flipped).</summary>
    public bool Mirrored { get; init; }

    /// <summary>Placements examined (tile lattices × symmetries × offsets).</summary>
    public long Hypotheses { get; init; }
}
